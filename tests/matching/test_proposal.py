"""Proposals for a whole cohort: modes, pins, people left out, and cohorts with nobody to pair."""
import pytest

from tenants.matching import Person, Settings, propose_pairs, shortlist

from .factories import mentee, mentor, only, pairs_of, unmatched_by_id


def two_ways_to_pair():
    """Maya fits Robert best, but Sam can only take Robert: one great pair, or two plain ones.

    Scores count preferences alone: Maya-Robert 100 (Robert asked for her), others 0.
    """
    return [
        mentor(1, "Maya"),
        mentor(3, "Sam"),
        mentee(2, "Robert", preferred=frozenset({1})),
        mentee(4, "Ines"),
    ], {"forbidden": {(3, 4)}}


def test_best_total_keeps_the_best_pair_even_if_fewer_people_are_paired():
    people, rules = two_ways_to_pair()
    proposal = propose_pairs(people, {}, only("preferences", mode="best_total", **rules))
    assert pairs_of(proposal) == {(1, 2)}
    assert proposal.total == 100
    assert unmatched_by_id(proposal)[4].rule == "capacity"


def test_most_matched_pairs_everyone_it_can_first():
    people, rules = two_ways_to_pair()
    proposal = propose_pairs(people, {}, only("preferences", mode="most_matched", **rules))
    assert pairs_of(proposal) == {(1, 4), (3, 2)}
    assert proposal.total == 0


def test_most_matched_still_prefers_the_better_of_equally_large_proposals():
    people = [mentor(1, teaches={"AI tools": 5}), mentor(3, teaches={"AI tools": 1}), mentee(2), mentee(4, learns={"AI tools": 1})]
    proposal = propose_pairs(people, {}, only("skills", mode="most_matched"))
    assert pairs_of(proposal) == {(1, 2), (3, 4)}
    assert proposal.total == pytest.approx(200)


def test_a_pair_that_adds_nothing_is_still_proposed_in_best_total():
    proposal = propose_pairs([mentor(1, department="Sales"), mentee(2, department="Sales")], {}, only("cross_function"))
    assert pairs_of(proposal) == {(1, 2)}


def test_an_unknown_mode_is_refused():
    with pytest.raises(ValueError, match="best_total"):
        propose_pairs([mentor(1), mentee(2)], {}, Settings(mode="fastest"))


# Pins.

def test_a_pinned_pair_is_kept_even_when_a_better_one_exists():
    people = [mentor(1, teaches={"AI tools": 5}), mentor(3, teaches={"AI tools": 1}), mentee(2)]
    proposal = propose_pairs(people, {}, only("skills", pinned={(3, 2)}))
    assert pairs_of(proposal) == {(3, 2)}
    pair = proposal.pairs[0]
    assert pair.pinned and pair.broken_rules == ()
    assert not pair.reason.startswith("Pinned")  # the board marks pins; the reason says why they fit
    assert unmatched_by_id(proposal)[1].rule == "capacity"


def test_a_pinned_pair_that_breaks_a_rule_is_kept_and_flagged():
    people = [mentor(1, "Maya", job_level=7, teaches={"podcasting": 2}), mentee(2, "Robert")]
    proposal = propose_pairs(people, {1: 2}, Settings(pinned={(1, 2)}))
    assert pairs_of(proposal) == {(1, 2)}
    pair = proposal.pairs[0]
    assert pair.broken_rules == ("job_level", "management_chain", "skills")
    assert pair.reason.startswith(
        "Pinned by the programme manager although Maya is not at least 1 level below Robert, one is in the other's "
        "management chain and Maya teaches none of the topics Robert wants"
    )


def test_pins_count_against_capacity_and_beyond_it_are_flagged():
    people = [mentor(1, capacity=1), mentee(2), mentee(4)]
    proposal = propose_pairs(people, {}, Settings(pinned={(1, 2), (1, 4)}))
    assert pairs_of(proposal) == {(1, 2), (1, 4)}
    assert [pair.broken_rules for pair in sorted(proposal.pairs, key=lambda p: p.mentee_id)] == [(), ("capacity",)]


def test_a_pinned_mentor_has_less_room_for_others():
    people = [mentor(1, capacity=2), mentee(2), mentee(4), mentee(6)]
    proposal = propose_pairs(people, {}, Settings(pinned={(1, 2)}))
    assert len(proposal.pairs) == 2 and (1, 2) in pairs_of(proposal)


def test_a_pin_that_is_also_forbidden_is_not_applied():
    proposal = propose_pairs([mentor(1), mentee(2)], {}, Settings(pinned={(1, 2)}, forbidden={(1, 2)}))
    assert proposal.pairs == []
    assert proposal.notes == ["Pin Mentor 1 → Mentee 2 not applied: the pair is also forbidden."]


def test_pins_for_people_outside_the_cohort_or_twice_for_one_mentee_are_not_applied():
    people = [mentor(1, "Maya"), mentor(3, "Sam"), mentee(2, "Robert"), mentee(4, "Kim", missing=("skills",))]
    proposal = propose_pairs(people, {}, Settings(pinned={(1, 2), (3, 2), (1, 99), (2, 1), (3, 4)}))
    assert pairs_of(proposal) == {(1, 2)}
    assert proposal.notes == [
        "Pin Maya → 99 not applied: 99 is not a mentee ready for pairing in this cohort.",
        "Pin Robert → Maya not applied: Robert is not a mentor ready for pairing in this cohort.",
        "Pin Sam → Robert not applied: Robert is already pinned to Maya.",
        "Pin Sam → Kim not applied: Kim is not a mentee ready for pairing in this cohort.",
    ]


# People left out.

def test_incomplete_profiles_are_left_out_with_the_reason():
    people = [mentor(1), mentee(2), mentee(4, "Kim", missing=("availability", "languages"))]
    proposal = propose_pairs(people, {}, Settings())
    assert pairs_of(proposal) == {(1, 2)}
    kim = unmatched_by_id(proposal)[4]
    assert (kim.rule, kim.reason) == ("incomplete_profile", "Profile not ready for pairing: missing availability; missing languages")


def test_unusable_profile_data_is_a_reason_not_an_exception():
    people = [
        mentee(2, timezone="Europe/Londn"),
        mentee(4, availability=[(8, "09:00", "10:00")]),
        mentee(6, availability=[(1, "9am", "10am")]),
        mentee(8, learns={"AI tools": 9}),
        mentee(10, role="observer"),
        mentor(1, capacity=-1),
        mentee(12, values=(0, 6)),
        mentee(14, availability=[(1, "10:00", "10:00")]),
    ]
    proposal = propose_pairs(people + [mentor(3)], {}, Settings())
    reasons = {person.person_id: person.reason for person in proposal.unmatched if person.rule == "incomplete_profile"}
    assert set(reasons) == {2, 4, 6, 8, 10, 1, 12, 14}
    assert "unknown time zone 'Europe/Londn'" in reasons[2]
    assert "weekday must be 0 (Monday) to 6" in reasons[4]
    assert "times must be HH:MM" in reasons[6]
    assert "skill levels must be 1 to 5" in reasons[8]
    assert "role must be mentor or mentee" in reasons[10]
    assert "capacity must be zero or more" in reasons[1]
    assert "questionnaire answers must be 1 to 5" in reasons[12]
    assert "has no length" in reasons[14]


def test_the_same_person_twice_is_a_programming_error():
    with pytest.raises(ValueError, match="appears twice"):
        propose_pairs([mentor(1), mentor(1)], {}, Settings())


# Cohorts with nobody to pair.

def test_an_empty_cohort_gives_an_empty_proposal():
    proposal = propose_pairs([], {}, Settings())
    assert (proposal.pairs, proposal.unmatched, proposal.total) == ([], [], 0)


def test_a_cohort_without_mentors_says_so_for_every_mentee():
    proposal = propose_pairs([mentee(2), mentee(4)], {}, Settings())
    assert proposal.pairs == []
    assert [(p.rule, p.reason) for p in proposal.unmatched] == [("no_partners", "There are no mentors in this cohort")] * 2


def test_a_cohort_without_mentees_says_so_for_every_mentor():
    proposal = propose_pairs([mentor(1)], {}, Settings(mode="most_matched"))
    assert [(p.rule, p.reason) for p in proposal.unmatched] == [("no_partners", "There are no mentees in this cohort")]


def test_no_settings_means_the_defaults():
    assert pairs_of(propose_pairs([mentor(1), mentee(2)])) == {(1, 2)}


def test_a_shortlist_for_a_left_out_mentee_gives_the_profile_reason():
    people = [mentor(1), mentee(2, missing=("skills",))]
    assert shortlist(2, people).reason == "Profile not ready for pairing: missing skills"
    assert shortlist(2, [mentee(2)]).reason == "There are no mentors in this cohort"


# Reasons in words.

def test_a_pairs_reason_reads_like_a_person_wrote_it():
    people = [
        mentor(1, "Maya", department="Marketing", teaches={"AI tools": 4, "social media": 3, "data literacy": 3},
               learns={"negotiation": 2}, timezone="Europe/London", availability=[(1, "09:00", "12:00")]),
        mentee(2, "Robert", department="Finance", teaches={"Negotiation": 4},
               learns={"AI tools": 3, "social media": 2, "data literacy": 2, "mobile apps": 2},
               timezone="America/New_York", availability=[(1, "04:00", "08:00")]),
    ]
    pair = propose_pairs(people, {}, Settings()).pairs[0]
    assert pair.reason == (
        "Different departments; Maya can teach 3 of the 4 topics Robert wants (AI tools, social media and "
        "data literacy); in return Robert can help with negotiation; both free on Tuesday mornings (Robert's time)."
    )


def test_every_pair_has_a_breakdown_and_a_reason():
    people = [mentor(i) for i in range(1, 6)] + [mentee(i) for i in range(11, 15)]
    proposal = propose_pairs(people, {}, Settings(ask_diversity=True))
    assert len(proposal.pairs) == 4
    assert proposal.total == pytest.approx(sum(pair.score for pair in proposal.pairs))
    for pair in proposal.pairs:
        assert pair.reason and set(pair.breakdown) == {
            "skills", "reciprocity", "cross_function", "career_gap", "values", "diversity",
            "availability", "language", "preferences"}


def test_a_person_record_is_plain_data():
    person = mentor(1)
    assert isinstance(person, Person) and person.capacity is None and person.missing == ()
