"""Plain-function factories for pairing tests: a mentor and a mentee who fit each other by default."""
from dataclasses import replace

from tenants.matching import Person, Settings

TUESDAY_MORNING = (1, "09:00", "12:00")


def mentor(id, name=None, **changes):
    """A junior who teaches AI tools, free on Tuesday mornings in London."""
    person = Person(
        id=id,
        name=name or f"Mentor {id}",
        role="mentor",
        job_level=2,
        department="Sales",
        teaches={"AI tools": 4},
        learns={},
        availability=[TUESDAY_MORNING],
        timezone="Europe/London",
        languages=frozenset({"en"}),
    )
    return replace(person, **changes)


def mentee(id, name=None, **changes):
    """A senior who wants to learn AI tools, free on Tuesday mornings in London."""
    person = Person(
        id=id,
        name=name or f"Mentee {id}",
        role="mentee",
        job_level=6,
        department="Finance",
        teaches={},
        learns={"AI tools": 3},
        availability=[TUESDAY_MORNING],
        timezone="Europe/London",
        languages=frozenset({"en"}),
    )
    return replace(person, **changes)


def only(score, **settings):
    """Settings that count one score alone, so a pair's total is that score."""
    weights = {name: 0.0 for name in ("skills", "reciprocity", "cross_function", "career_gap", "values",
                                      "diversity", "availability", "language", "preferences")}
    weights[score] = 1.0
    return Settings(weights=weights, **settings)


def pairs_of(proposal):
    """{(mentor id, mentee id)} of a proposal."""
    return {(pair.mentor_id, pair.mentee_id) for pair in proposal.pairs}


def unmatched_by_id(proposal):
    return {person.person_id: person for person in proposal.unmatched}
