"""Every sentence pairing shows an admin: why a pair was proposed, why someone was not."""
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from .availability import busiest_local_times
from .people import MENTEE, MENTOR

OTHER_SIDE = {MENTOR: MENTEE, MENTEE: MENTOR}
HIGH = 75  # a score at or above this is worth a mention in a pair's reason
LISTED = 3  # topics or people named before "and N more"


@dataclass(frozen=True, slots=True)
class Reason:
    """One point of why a pair was proposed, as the programme manager reads it.

    `kind` names the point and `facts` holds what it mentions, so that a page can say it to
    each partner in their own words. `private` points (a pin that breaks a rule, a weakness)
    are for the programme manager only, never for the partners.
    """
    kind: str
    text: str
    private: bool = False
    facts: dict = field(default_factory=dict)


def pair_reasons(pool, settings, mentor_rows, mentee_rows, parts, broken):
    """The reasons of each pair, strongest points first; broken: per pair, hard rules a pin breaks."""
    mentors, mentees = pool.mentors, pool.mentees
    taught = names_by_row((mentors.teaches[mentor_rows] > 0) & (mentees.learns[mentee_rows] > 0), tuple(pool.topics))
    given_back = names_by_row((mentees.teaches[mentee_rows] > 0) & (mentors.learns[mentor_rows] > 0), tuple(pool.topics))
    wanted = (mentees.learns[mentee_rows] > 0).sum(axis=1).tolist()
    shared = mentors.free[mentor_rows] & mentees.free[mentee_rows]
    when = busiest_local_times(shared, mentees.utc_offset[mentee_rows])
    other_zone = (mentors.utc_offset[mentor_rows] != mentees.utc_offset[mentee_rows]).tolist()
    gaps = (mentees.level[mentee_rows] - mentors.level[mentor_rows]).tolist()
    low, high = settings.career_gap_band
    outside_band = ((np.array(gaps) < low) | (np.array(gaps) > high)).tolist()
    other_department = (parts["cross_function"] == 100).tolist()
    alike = (parts["values"] >= HIGH).tolist()
    diverse = (parts["diversity"] >= HIGH).tolist() if "diversity" in parts else [False] * len(gaps)
    no_language = (parts["language"] == 0).tolist()
    columns = zip(
        [mentors.people[row] for row in mentor_rows.tolist()], [mentees.people[row] for row in mentee_rows.tolist()],
        broken, other_department, taught, wanted, given_back, when, other_zone, alike, diverse, no_language,
        outside_band, gaps,
    )
    described = []
    for mentor, mentee, pin, department, topics, wants, back, time, elsewhere, similar, different, mute, outside, gap in columns:
        points = []
        if pin:
            points.append(Reason("pin_breaks_rules", pin_clause(mentor, mentee, pin, settings), True, {"rules": pin}))
        if department:
            points.append(Reason("departments", "different departments"))
        if topics:
            points.append(Reason("topics", topic_clause(mentor, mentee, topics, wants), facts={"topics": topics, "wanted": wants}))
        if back:
            points.append(Reason("gives_back", f"in return {mentee.name} can help with {listing(back)}", facts={"topics": back}))
        if time:
            points.append(Reason("free_time", f"both free on {time} ({mentee.name}'s time)" if elsewhere else f"both free on {time}",
                                 facts={"when": time, "mentees_time": elsewhere}))
        if mentor.id in mentee.preferred or mentee.id in mentor.preferred:
            points.append(Reason("asked", asked_clause(mentor, mentee),
                                 facts={"mentor_asked": mentee.id in mentor.preferred, "mentee_asked": mentor.id in mentee.preferred}))
        if similar:
            points.append(Reason("work_style", "similar answers on work style"))
        if different:
            points.append(Reason("backgrounds", "different backgrounds"))
        if mute:
            points.append(Reason("no_language", "no language in common", True))
        if outside:
            points.append(Reason("career_gap", f"{gap} levels apart, outside the {low}–{high} the programme aims for", True,
                                 {"gap": gap}))
        described.append(tuple(points))
    return described


def pin_clause(mentor, mentee, broken, settings):
    """Only for a pin that breaks hard rules (the board marks every pin as pinned anyway)."""
    return "pinned by the programme manager although " + rules_broken(mentor, mentee, broken, settings)


def rules_broken(mentor, mentee, broken, settings):
    """The hard rules a pair breaks, in words: "they share no free time and …"."""
    why = {
        "job_level": f"{mentor.name} is not at least {levels(settings.min_level_gap)} below {mentee.name}",
        "management_chain": "one is in the other's management chain",
        "skills": f"{mentor.name} teaches none of the topics {mentee.name} wants",
        "availability": "they share no free time",
        "forbidden": "the pair is also forbidden",
        "capacity": f"{mentor.name} is over capacity",
    }
    return listing(tuple(why[rule] for rule in broken), more=False)


def topic_clause(mentor, mentee, taught, wanted):
    if wanted == 1:
        return f"{mentor.name} can teach the topic {mentee.name} wants ({taught[0]})"
    if len(taught) == wanted:
        return f"{mentor.name} can teach all {wanted} topics {mentee.name} wants ({listing(taught)})"
    return f"{mentor.name} can teach {len(taught)} of the {wanted} topics {mentee.name} wants ({listing(taught)})"


def asked_clause(mentor, mentee):
    if mentor.id in mentee.preferred and mentee.id in mentor.preferred:
        return "they asked for each other"
    if mentor.id in mentee.preferred:
        return f"{mentee.name} asked for {mentor.name}"
    return f"{mentor.name} asked for {mentee.name}"


def no_partner_reason(person, rule, alone, narrowed, settings):
    """Why nobody on the other side can be paired with this person at all."""
    name, other = person.name, OTHER_SIDE[person.role]
    is_mentee = person.role == MENTEE
    if rule == "skills" and not (person.learns if is_mentee else person.teaches):
        return f"{name} has not listed any topic to {'learn' if is_mentee else 'teach'}"
    if rule == "availability" and not person.availability:
        return f"{name} has not listed any free time"
    qualifiers = {
        "job_level": "junior enough" if is_mentee else "senior enough",
        "management_chain": f"outside {name}'s management chain",
        "skills": f"able to teach a topic {name} wants" if is_mentee else f"keen to learn a topic {name} teaches",
        "availability": f"free when {name} is",
    }
    who = other if alone or not narrowed else f"{other} who is {listing(tuple(qualifiers[r] for r in narrowed), more=False)}"
    gap = settings.min_level_gap
    if rule == "job_level":
        if gap == 0:
            return f"No {other} is at or {'below' if is_mentee else 'above'} {name}'s level"
        return f"No {other} is at least {levels(gap)} {'below' if is_mentee else 'above'} {name}"
    if rule == "management_chain":
        return f"Every {who} is in {name}'s management chain"
    if rule == "skills":
        if is_mentee:
            return f"No {who} teaches any of the topics {name} wants to learn"
        return f"No {who} wants to learn any of the topics {name} teaches"
    if rule == "availability":
        return f"No shared free time with any {who}"
    return f"Every possible {other} for {name} is ruled out by the programme manager"


def not_matched_reason(person, fitting, first_fitting):
    """Why someone who had possible partners is left over: those partners went to other pairs.

    fitting: how many possible partners there were; first_fitting: the names of the first few.
    """
    name, other = person.name, OTHER_SIDE[person.role]
    if person.role == MENTEE:
        if fitting == 1:
            return f"Not matched this round: {first_fitting[0]}, the only {other} who fits {name}, has no room left"
        return f"Not matched this round: the {fitting} {other}s who fit {name} ({listing(tuple(first_fitting), fitting)}) have no room left"
    if fitting == 1:
        return f"Not matched this round: {first_fitting[0]}, the only {other} {name} fits, went to another mentor"
    return f"Not matched this round: the {fitting} {other}s {name} fits ({listing(tuple(first_fitting), fitting)}) went to other mentors"


def no_capacity_reason(person):
    return f"{person.name} has no capacity for a mentee this round"


def few_candidates_reason(mentee, found):
    if found == 0:
        return f"Every mentor who fits {mentee.name} has no capacity this round"
    return f"Only {found} mentor{'s' if found > 1 else ''} can be paired with {mentee.name}"


def not_in_cohort_reason(person_id, role):
    return f"{person_id} is not a {role} in this cohort"


def nobody_reason(role):
    return f"There are no {OTHER_SIDE[role]}s in this cohort"


def left_out_reason(problems):
    return "Profile not ready for pairing: " + "; ".join(problems)


def names_by_row(mask, names):
    """For each row of a boolean (rows × names) matrix, the names where it is True (a tuple).

    Pairs share a handful of combinations: each row is packed into bytes and each
    combination read once.
    """
    width = (mask.shape[1] + 7) // 8
    packed = np.packbits(mask, axis=1).tobytes()
    return [chosen(names, packed[start:start + width]) for start in range(0, len(packed), width)] if width else [()] * len(mask)


@lru_cache(maxsize=4096)
def chosen(names, packed):
    return tuple(names[c] for c in np.flatnonzero(np.unpackbits(np.frombuffer(packed, np.uint8))[: len(names)]))


@lru_cache(maxsize=4096)  # most listings are of topics, and pairs share a handful of them
def listing(items, total=None, more=True):
    """'a', 'a and b', 'a, b and c', or with more=True 'a, b, c and 2 more'.

    items: a tuple; total: how many there are in all, when items holds only the first few.
    """
    total = len(items) if total is None else total
    if more and total > LISTED:
        items = (*items[:LISTED], f"{total - LISTED} more")
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def levels(count):
    return f"{count} level" if count == 1 else f"{count} levels"


def sentence(points):
    """The reasons as one sentence, for the programme manager: "Different departments; …"."""
    text = "; ".join(point.text for point in points)
    return text[:1].upper() + text[1:] + ("." if text else "")


def for_partners(points):
    """The reasons the partners may read, as one sentence (the private ones left out)."""
    return sentence([point for point in points if not point.private]) or "You complement each other."
