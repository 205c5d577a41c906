"""Hard rules: a pair may be proposed only when every one of them holds.

Each rule gives a boolean per pair (see pool.AllPairs / SomePairs). The order of RULES is
also the order in which we explain why someone has no possible partner at all.
"""
import numpy as np

RULES = ("job_level", "management_chain", "skills", "availability", "forbidden")


def shared_minutes(pool, pairs):
    """Minutes a week both partners are free (float32, exact)."""
    return pairs.dot(pool.mentors.free_stretches, pool.mentees.free_stretches)


def checks(pool, settings, pairs, minutes):
    """Each hard rule, name -> True where the pair passes it."""
    mentors, mentees = pool.mentors, pool.mentees
    return {
        # In reverse mentoring the mentor is the junior partner, by at least min_level_gap.
        "job_level": pairs.of_mentor(mentors.level) + settings.min_level_gap <= pairs.of_mentee(mentees.level),
        # Nobody mentors, or is mentored by, someone above or below them in the same line.
        "management_chain": pairs.unmarked(pool.chain),
        # The junior can teach at least one topic the senior wants to learn.
        "skills": pairs.dot(present(mentors.teaches), present(mentees.learns)) > 0,
        "availability": minutes > 0,
        "forbidden": pairs.unmarked(pool.forbidden),
    }


def present(levels):
    return (levels > 0).astype(np.float32)


def all_hold(rule_checks):
    """True where a pair passes every rule."""
    feasible = None
    for passed in rule_checks.values():
        feasible = passed.copy() if feasible is None else np.logical_and(feasible, passed, out=feasible)
    return feasible


def first_failing(rule_checks):
    """For people with no possible partner, what rules them out.

    rule_checks: name -> (people × candidates) booleans. Rules are applied one after the
    other, in RULES order; per person returns the rule that leaves no candidate, whether
    that rule alone rules out every candidate, and the earlier rules that ruled out someone
    (to qualify the sentence: "no mentor who is junior enough…").
    """
    passing, left, alone = None, [], []
    for rule in RULES:
        passed = rule_checks[rule]
        passing = passed.copy() if passing is None else np.logical_and(passing, passed, out=passing)
        left.append(passing.sum(axis=1))
        alone.append(~passed.any(axis=1))
    left = np.stack(left, axis=1)
    failing = (left == 0).argmax(axis=1)
    width = passing.shape[1]
    narrowed = np.diff(left, axis=1, prepend=width) < 0
    return [
        (RULES[rule], bool(alone[rule][person]), [RULES[r] for r in range(rule) if narrowed[person, r]])
        for person, rule in enumerate(failing.tolist())
    ]
