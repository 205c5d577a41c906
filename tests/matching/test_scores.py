"""Soft scores: each 0-100 for a pair, combined as the tenant's weighted mean."""
import pytest

from tenants.matching import DEFAULT_WEIGHTS, SCORES, Settings, propose_pairs, shortlist

from .factories import mentee, mentor, only


def breakdown(mentor_person, mentee_person, settings=None, managers=None):
    """The breakdown of the one pair the two people make."""
    proposal = propose_pairs([mentor_person, mentee_person], managers or {}, settings or Settings())
    assert len(proposal.pairs) == 1, proposal.unmatched
    return proposal.pairs[0].breakdown


def score(mentor_person, mentee_person, settings=None):
    proposal = propose_pairs([mentor_person, mentee_person], {}, settings or Settings())
    assert len(proposal.pairs) == 1, proposal.unmatched
    return proposal.pairs[0].score


def test_skills_is_the_share_of_wanted_levels_the_mentor_covers():
    wants = {"AI tools": 2, "data literacy": 2}
    assert breakdown(mentor(1, teaches={"AI tools": 5}), mentee(2, learns=wants))["skills"] == 50
    assert breakdown(mentor(1, teaches={"AI tools": 5, "Data Literacy": 3}), mentee(2, learns=wants))["skills"] == 100
    # Teaching at level 1 what is wanted at level 2 covers half of that topic.
    assert breakdown(mentor(1, teaches={"AI tools": 1}), mentee(2, learns=wants))["skills"] == 25


def test_reciprocity_is_what_the_senior_can_teach_the_junior():
    junior = mentor(1, learns={"negotiation": 2, "strategy": 2})
    assert breakdown(junior, mentee(2, teaches={"negotiation": 4}))["reciprocity"] == 50
    assert breakdown(junior, mentee(2, teaches={}))["reciprocity"] == 0
    assert breakdown(mentor(1, learns={}), mentee(2))["reciprocity"] == 50  # nothing asked: neutral


def test_cross_function_rewards_different_departments():
    assert breakdown(mentor(1, department="Sales"), mentee(2, department="Finance"))["cross_function"] == 100
    assert breakdown(mentor(1, department="Sales"), mentee(2, department=" sales"))["cross_function"] == 0
    assert breakdown(mentor(1, department=""), mentee(2, department="Finance"))["cross_function"] == 50


def test_career_gap_is_full_inside_the_band_and_falls_off_outside():
    assert breakdown(mentor(1, job_level=2), mentee(2, job_level=6))["career_gap"] == 100  # gap 4
    assert breakdown(mentor(1, job_level=1), mentee(2, job_level=7))["career_gap"] == 50  # gap 6: two levels out
    assert breakdown(mentor(1, job_level=1), mentee(2, job_level=9))["career_gap"] == 0
    narrow = Settings(career_gap_band=(3, 4))
    assert breakdown(mentor(1, job_level=5), mentee(2, job_level=6), narrow)["career_gap"] == 50  # gap 1: two below


def test_values_compares_work_style_answers():
    assert breakdown(mentor(1, values=(1, 3, 5)), mentee(2, values=(1, 3, 5)))["values"] == 100
    assert breakdown(mentor(1, values=(1, 1, 1)), mentee(2, values=(5, 5, 5)))["values"] == 0
    assert breakdown(mentor(1, values=(2, 4)), mentee(2, values=(3, 3)))["values"] == 75  # one step apart
    assert breakdown(mentor(1, values=()), mentee(2, values=(5, 5, 5)))["values"] == 50


def test_an_unanswered_question_counts_as_neutral():
    # Two questions: the first answered alike (100), the second answered by one only (50).
    assert breakdown(mentor(1, values=(4, 2)), mentee(2, values=(4,)))["values"] == 75


def test_diversity_counts_only_when_the_program_asks():
    pair = (mentor(1, diversity={"gender": "woman"}), mentee(2, diversity={"gender": "man"}))
    assert "diversity" not in breakdown(*pair)
    assert breakdown(*pair, Settings(ask_diversity=True))["diversity"] == 100


def test_diversity_rewards_differences_and_is_neutral_on_the_unknown():
    asks = Settings(ask_diversity=True)
    junior = mentor(1, diversity={"gender": "woman", "generation": "Gen Z"})
    assert breakdown(junior, mentee(2, diversity={"gender": "Woman", "generation": "Boomer"}), asks)["diversity"] == 50
    assert breakdown(junior, mentee(2, diversity={"gender": "woman", "generation": "Gen Z"}), asks)["diversity"] == 0
    unsaid = {"gender": "prefer not to say"}
    assert breakdown(junior, mentee(2, diversity=unsaid), asks)["diversity"] == 50
    assert breakdown(junior, mentee(2, diversity={"generation": "Gen X"}), asks)["diversity"] == 75


def test_availability_saturates_at_three_hours_a_week():
    def hours_in_common(end):
        return breakdown(mentor(1, availability=[(1, "09:00", "17:00")]), mentee(2, availability=[(1, "09:00", end)]))
    assert hours_in_common("10:30")["availability"] == 50
    assert hours_in_common("12:00")["availability"] == 100
    assert hours_in_common("16:00")["availability"] == 100


def test_language_is_full_with_any_language_in_common():
    assert breakdown(mentor(1, languages=frozenset({"en", "fr"})), mentee(2, languages=frozenset({"fr"})))["language"] == 100
    assert breakdown(mentor(1, languages=frozenset({"en"})), mentee(2, languages=frozenset({"de"})))["language"] == 0
    assert breakdown(mentor(1, languages=frozenset()), mentee(2, languages=frozenset({"de"})))["language"] == 50


@pytest.mark.parametrize("sets", [3, 70])  # below and above the number worth turning into features
def test_language_scores_are_the_same_however_many_sets_of_languages_mentees_speak(sets):
    """Few different sets of languages are scored as a matrix product, many one pair at a
    time: the scores, and the total made of them, must not depend on which."""
    languages = [frozenset({f"lang{k}", "en"} if k % 3 == 0 else {f"lang{k}"}) for k in range(sets - 1)] + [frozenset()]
    seniors = [mentee(100 + k, languages=spoken) for k, spoken in enumerate(languages)]
    people = [mentor(1, languages=frozenset({"en", "lang1"}), capacity=len(seniors))] + seniors
    only_language = Settings(weights={name: int(name == "language") for name in SCORES})
    proposal = propose_pairs(people, {}, only_language)
    expected = {100 + k: 100 if k % 3 == 0 or k == 1 else 0 for k in range(sets - 1)} | {100 + sets - 1: 50}
    assert {pair.mentee_id: pair.breakdown["language"] for pair in proposal.pairs} == expected
    assert {pair.mentee_id: pair.score for pair in proposal.pairs} == pytest.approx(expected)


def test_preferences_count_when_either_named_the_other():
    assert breakdown(mentor(1), mentee(2, preferred=frozenset({1})))["preferences"] == 100
    assert breakdown(mentor(1, preferred=frozenset({2})), mentee(2))["preferences"] == 100
    assert breakdown(mentor(1), mentee(2, preferred=frozenset({9})))["preferences"] == 0


def test_every_score_is_between_0_and_100():
    pair = breakdown(mentor(1, values=(1, 5), learns={"x": 5}), mentee(2, values=(5,), teaches={"x": 1}),
                     Settings(ask_diversity=True))
    assert set(pair) == set(SCORES)
    assert all(0 <= value <= 100 for value in pair.values())


def test_the_score_is_the_weighted_mean_of_the_breakdown():
    weights = {"skills": 2, "cross_function": 1, "language": 1}
    settings = Settings(weights={name: weights.get(name, 0) for name in SCORES})
    junior = mentor(1, teaches={"AI tools": 5}, department="Finance", languages=frozenset({"de"}))
    senior = mentee(2, learns={"AI tools": 2, "strategy": 2}, department="Finance")
    parts = breakdown(junior, senior, settings)
    assert (parts["skills"], parts["cross_function"], parts["language"]) == (50, 0, 0)
    assert score(junior, senior, settings) == pytest.approx((2 * 50 + 0 + 0) / 4)


def test_weights_left_out_keep_their_defaults():
    junior, senior = mentor(1, preferred=frozenset({2})), mentee(2)
    tweaked = Settings(weights={"preferences": 0})
    default = score(junior, senior)
    assert score(junior, senior, tweaked) < default
    assert DEFAULT_WEIGHTS["preferences"] > 0


def test_all_weights_zero_counts_every_score_the_same():
    zero = Settings(weights={name: 0 for name in SCORES})
    proposal = propose_pairs([mentor(1), mentee(2)], {}, zero)
    pair = proposal.pairs[0]
    assert pair.score == pytest.approx(sum(pair.breakdown.values()) / len(pair.breakdown), abs=0.1)
    assert proposal.notes == ["Every score weight is zero, so every score counted the same."]


def test_an_unknown_or_negative_weight_is_refused_with_its_name():
    with pytest.raises(ValueError, match="kindness"):
        propose_pairs([mentor(1), mentee(2)], {}, Settings(weights={"kindness": 1}))
    with pytest.raises(ValueError, match="zero or more"):
        propose_pairs([mentor(1), mentee(2)], {}, Settings(weights={"skills": -1}))


def test_a_score_counted_alone_is_the_total():
    pair = propose_pairs([mentor(1), mentee(2, department="Sales")], {}, only("cross_function")).pairs[0]
    assert pair.score == 0 and pair.breakdown["cross_function"] == 0


def test_the_shortlist_ranks_the_three_best_mentors():
    people = [
        mentor(1, teaches={"AI tools": 1}),
        mentor(3, teaches={"AI tools": 3}),
        mentor(4, teaches={"AI tools": 2}),
        mentor(5, teaches={"AI tools": 5}),
        mentor(6, job_level=6),  # not junior enough
        mentee(2, learns={"AI tools": 3}),
    ]
    ranked = shortlist(2, people, {}, only("skills"))
    assert [pair.mentor_id for pair in ranked.candidates] == [3, 5, 4]  # 3 and 5 both cover level 3: by id
    assert [pair.score for pair in ranked.candidates] == [100, 100, pytest.approx(200 / 3)]
    assert ranked.reason == ""
    assert all(pair.reason for pair in ranked.candidates)


def test_a_short_shortlist_says_why():
    ranked = shortlist(2, [mentor(1), mentee(2)], {}, Settings())
    assert [pair.mentor_id for pair in ranked.candidates] == [1]
    assert ranked.reason == "Only 1 mentor can be paired with Mentee 2"
    assert shortlist(9, [mentor(1), mentee(2)], {}, Settings()).reason == "9 is not a mentee in this cohort"
