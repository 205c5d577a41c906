"""Hard rules: a pair that breaks one is never proposed, and the people it strands are told why."""
from tenants.matching import Settings, propose_pairs, shortlist

from .factories import mentee, mentor, pairs_of, unmatched_by_id


def test_a_fitting_pair_is_proposed():
    proposal = propose_pairs([mentor(1), mentee(2)], {}, Settings())
    assert pairs_of(proposal) == {(1, 2)}
    assert proposal.unmatched == []


# Job level: in reverse mentoring the mentor is the junior partner.

def test_a_mentor_at_the_mentees_level_is_not_proposed():
    proposal = propose_pairs([mentor(1, job_level=6), mentee(2, job_level=6)], {}, Settings())
    assert pairs_of(proposal) == set()
    assert unmatched_by_id(proposal)[2].rule == "job_level"
    assert unmatched_by_id(proposal)[2].reason == "No mentor is at least 1 level below Mentee 2"


def test_the_level_gap_is_a_setting():
    people = [mentor(1, job_level=4), mentee(2, job_level=6)]
    assert pairs_of(propose_pairs(people, {}, Settings(min_level_gap=2))) == {(1, 2)}
    assert pairs_of(propose_pairs(people, {}, Settings(min_level_gap=3))) == set()
    same_level = [mentor(1, job_level=6), mentee(2, job_level=6)]
    assert pairs_of(propose_pairs(same_level, {}, Settings(min_level_gap=0))) == {(1, 2)}


# Management chain, both directions, transitively, through people outside the cohort.

def test_a_mentee_three_levels_above_the_mentor_in_the_same_line_is_not_proposed():
    managers = {1: 10, 10: 11, 11: 2}  # mentor 1 reports to 10, 10 to 11, 11 to mentee 2
    proposal = propose_pairs([mentor(1), mentee(2)], managers, Settings())
    assert pairs_of(proposal) == set()
    assert unmatched_by_id(proposal)[2].rule == "management_chain"
    assert unmatched_by_id(proposal)[2].reason == "Every mentor is in Mentee 2's management chain"


def test_a_mentor_three_levels_above_the_mentee_in_the_same_line_is_not_proposed():
    managers = {2: 20, 20: 21, 21: 1}  # mentee 2 reports, through 20 and 21, to mentor 1
    proposal = propose_pairs([mentor(1), mentee(2)], managers, Settings())
    assert pairs_of(proposal) == set()
    assert unmatched_by_id(proposal)[1].rule == "management_chain"


def test_the_chain_passes_through_people_outside_the_cohort():
    # 30 and 31 are not in the cohort at all; only the organisation's manager links know them.
    people = [mentor(1), mentor(3), mentee(2)]
    proposal = propose_pairs(people, {1: 30, 30: 31, 31: 2}, Settings())
    assert pairs_of(proposal) == {(3, 2)}


def test_a_persons_own_manager_link_counts_too():
    proposal = propose_pairs([mentor(1, manager_id=2), mentee(2)], {}, Settings())
    assert pairs_of(proposal) == set()


def test_colleagues_under_the_same_manager_may_be_paired():
    proposal = propose_pairs([mentor(1), mentee(2)], {1: 9, 2: 9}, Settings())
    assert pairs_of(proposal) == {(1, 2)}


def test_a_cycle_in_the_manager_links_does_not_hang_and_still_separates():
    managers = {1: 40, 40: 41, 41: 40, 2: 41}  # 40 and 41 manage each other; both are above 1 and 2
    assert pairs_of(propose_pairs([mentor(1), mentee(2)], managers, Settings())) == {(1, 2)}
    looped = {1: 2, 2: 50, 50: 1}
    assert pairs_of(propose_pairs([mentor(1), mentee(2)], looped, Settings())) == set()


# Skills: the junior can teach something the senior wants to learn.

def test_a_mentor_who_teaches_nothing_the_mentee_wants_is_not_proposed():
    proposal = propose_pairs([mentor(1, teaches={"podcasting": 5}), mentee(2)], {}, Settings())
    assert pairs_of(proposal) == set()
    assert unmatched_by_id(proposal)[2].reason == "No mentor teaches any of the topics Mentee 2 wants to learn"
    assert unmatched_by_id(proposal)[1].reason == "No mentee wants to learn any of the topics Mentor 1 teaches"


def test_topics_match_whatever_their_case_and_spacing():
    people = [mentor(1, teaches={"Social  Media": 3}), mentee(2, learns={" social media": 2})]
    assert pairs_of(propose_pairs(people, {}, Settings())) == {(1, 2)}


def test_a_mentee_who_wants_nothing_is_told_so():
    proposal = propose_pairs([mentor(1), mentee(2, name="Robert", learns={})], {}, Settings())
    assert unmatched_by_id(proposal)[2].reason == "Robert has not listed any topic to learn"


# Availability, compared in UTC.

def test_london_at_nine_and_new_york_at_four_are_the_same_hour():
    people = [
        mentor(1, timezone="Europe/London", availability=[(1, "09:00", "10:00")]),
        mentee(2, timezone="America/New_York", availability=[(1, "04:00", "05:00")]),
    ]
    proposal = propose_pairs(people, {}, Settings())
    assert pairs_of(proposal) == {(1, 2)}
    assert proposal.pairs[0].breakdown["availability"] == 33.3  # one hour of the three that count fully


def test_tokyo_mornings_and_london_mornings_never_meet():
    people = [
        mentor(1, timezone="Asia/Tokyo", availability=[(1, "09:00", "12:00")]),
        mentee(2, name="Maya", timezone="Europe/London", availability=[(1, "09:00", "12:00")]),
    ]
    proposal = propose_pairs(people, {}, Settings())
    assert pairs_of(proposal) == set()
    assert unmatched_by_id(proposal)[2].rule == "availability"
    assert unmatched_by_id(proposal)[2].reason == "No shared free time with any mentor"


def test_tokyo_evening_meets_london_morning():
    people = [
        mentor(1, timezone="Asia/Tokyo", availability=[(1, "18:00", "19:00")]),  # 09:00 UTC in January
        mentee(2, timezone="Europe/London", availability=[(1, "09:00", "12:00")]),
    ]
    assert pairs_of(propose_pairs(people, {}, Settings())) == {(1, 2)}


def test_a_window_that_ends_after_midnight_runs_into_the_next_day():
    people = [
        mentor(1, availability=[(1, "22:00", "02:00")]),  # Tuesday night into Wednesday
        mentee(2, availability=[(2, "01:00", "03:00")]),  # Wednesday 01:00
    ]
    proposal = propose_pairs(people, {}, Settings())
    assert pairs_of(proposal) == {(1, 2)}
    assert proposal.pairs[0].breakdown["availability"] == 33.3


def test_a_window_past_sunday_midnight_continues_on_monday():
    people = [
        mentor(1, availability=[(6, "23:00", "01:00")]),
        mentee(2, timezone="Europe/Berlin", availability=[(0, "01:00", "02:00")]),  # Monday 00:00 UTC
    ]
    assert pairs_of(propose_pairs(people, {}, Settings())) == {(1, 2)}


def test_time_zones_with_half_and_quarter_hour_offsets():
    people = [
        mentor(1, timezone="Asia/Kathmandu", availability=[(1, "14:45", "15:15")]),  # 09:00-09:30 UTC
        mentee(2, timezone="Asia/Kolkata", availability=[(1, "14:30", "15:00")]),  # 09:00-09:30 UTC
    ]
    proposal = propose_pairs(people, {}, Settings())
    assert pairs_of(proposal) == {(1, 2)}
    assert proposal.pairs[0].breakdown["availability"] == 16.7


def test_windows_that_only_touch_do_not_overlap():
    people = [mentor(1, availability=[(1, "09:00", "10:00")]), mentee(2, availability=[(1, "10:00", "11:00")])]
    assert pairs_of(propose_pairs(people, {}, Settings())) == set()


# Capacity.

def test_a_mentor_takes_no_more_mentees_than_their_capacity():
    people = [mentor(1, capacity=1), mentee(2), mentee(3)]
    proposal = propose_pairs(people, {}, Settings())
    assert len(proposal.pairs) == 1
    left = [person for person in proposal.unmatched if person.role == "mentee"]
    assert len(left) == 1 and left[0].rule == "capacity"
    assert left[0].reason == f"Not matched this round: Mentor 1, the only mentor who fits {left[0].name}, has no room left"


def test_a_mentor_with_capacity_two_takes_two_mentees():
    proposal = propose_pairs([mentor(1, capacity=2), mentee(2), mentee(3), mentee(4)], {}, Settings())
    assert len(proposal.pairs) == 2
    assert {pair.mentor_id for pair in proposal.pairs} == {1}


def test_the_default_capacity_is_a_setting():
    people = [mentor(1), mentee(2), mentee(3)]
    assert len(propose_pairs(people, {}, Settings(default_capacity=2)).pairs) == 2
    assert len(propose_pairs(people, {}, Settings()).pairs) == 1


def test_a_mentor_with_no_capacity_is_told_so():
    proposal = propose_pairs([mentor(1, capacity=0), mentee(2)], {}, Settings())
    assert pairs_of(proposal) == set()
    assert unmatched_by_id(proposal)[1].reason == "Mentor 1 has no capacity for a mentee this round"
    assert unmatched_by_id(proposal)[2].rule == "capacity"


# Forbidden pairs.

def test_a_forbidden_pair_is_never_proposed():
    people = [mentor(1), mentor(3, teaches={"AI tools": 1}), mentee(2)]
    proposal = propose_pairs(people, {}, Settings(forbidden={(1, 2)}))
    assert pairs_of(proposal) == {(3, 2)}


def test_when_every_pair_is_forbidden_nobody_is_paired_and_everyone_is_told():
    people = [mentor(1), mentor(3), mentee(2), mentee(4)]
    forbidden = {(m, e) for m in (1, 3) for e in (2, 4)}
    proposal = propose_pairs(people, {}, Settings(forbidden=forbidden))
    assert proposal.pairs == [] and proposal.total == 0
    assert {person.rule for person in proposal.unmatched} == {"forbidden"}
    assert unmatched_by_id(proposal)[2].reason == "Every possible mentor for Mentee 2 is ruled out by the programme manager"


def test_the_reason_names_the_rules_already_passed():
    people = [mentor(1, teaches={"podcasting": 2}), mentor(3, job_level=7), mentee(2, name="Robert")]
    reason = unmatched_by_id(propose_pairs(people, {}, Settings()))[2].reason
    assert reason == "No mentor who is junior enough teaches any of the topics Robert wants to learn"


def test_the_shortlist_gives_the_same_reason_as_the_proposal():
    people = [mentor(1, job_level=6), mentee(2)]
    assert shortlist(2, people, {}, Settings()).reason == "No mentor is at least 1 level below Mentee 2"


def test_when_the_organisation_and_a_profile_disagree_on_a_manager_both_links_count():
    # The organisation says mentor 1 reports to 9; mentor 1's profile says to mentee 2.
    proposal = propose_pairs([mentor(1, manager_id=2), mentee(2)], {1: 9}, Settings())
    assert pairs_of(proposal) == set()
