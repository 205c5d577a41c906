"""The tracker's sentences: reasons, evidence and next steps as a person would write them."""
from datetime import date

from tenants.phases import MENTEE, MENTOR, Flag, journey, phase_of
from tests.phases.factories import (answer, cancelled, day, ended, met, offered, progress, pulse, reopened, signed,
                                    started)
from tests.phases.test_scenarios import READY_FOR_ROLE_MAKING, READY_FOR_ROUTINIZATION

MARCH_3 = (date(2026, 3, 3) - day(0)).days


def flag(reading, name):
    return next(flag for flag in reading.flags if flag.name == name)


def test_neglect_says_how_long_and_since_when():
    reading = phase_of([started(), met(MARCH_3), progress(MARCH_3, MENTOR)], date(2026, 4, 24))
    assert reading.flags == [Flag("neglect", "amber", "No meeting held for 52 days (last on 3 March).")]


def test_dates_of_another_year_carry_the_year():
    reading = phase_of([started(), met(300)], day(300 + 70))
    assert flag(reading, "neglect").evidence == "No meeting held for 70 days (last on 1 November 2026)."


def test_the_checklist_towards_role_making_names_what_is_missing():
    events = [started(), *signed(1), met(3), met(20, MENTEE), met(30), *offered(5, MENTOR, 1), *offered(6, MENTOR, 3),
              *pulse(28, 1), *pulse(38, 2, mentee="2.8")]
    assert phase_of(events, day(40)).reasons == [
        "Started on 5 January: every pairing begins in role-taking, where the partners try each other out with offers.",
        "Towards role-making: Signed the charter: both · Meetings held: 3 · Offers accepted: mentor 2, mentee 0 · "
        "Qualifying pulse rounds: 1 of 2 — the mentee has not had an offer accepted yet; in round 2 the mentee's "
        "mean was 2.8, below 3.0",
    ]


def test_next_steps_say_who_does_what():
    events = [started(), *signed(1, MENTOR), met(3), *offered(5, MENTOR, 1), *offered(7, MENTEE, 2, None),
              answer(28, 1, MENTOR, "4.0")]
    steps = phase_of(events, day(30)).next_steps
    assert steps[MENTOR] == ["Answer the mentee's offer of 12 January.", "Book your next meeting.",
                             "Answer the next monthly pulse."]
    assert steps[MENTEE] == ["Sign the charter.",
                             "Book your next meeting.", "Answer pulse round 1: the mentor has answered it."]


def test_the_reasons_for_entering_a_phase_give_the_numbers():
    changes = journey(READY_FOR_ROUTINIZATION, day(118))
    assert [reasons for _, _, reasons in changes[1:]] == [
        ["Entered role-making on 4 March: the charter is signed by both, three meetings held, offers accepted both "
         "ways (mentor 1, mentee 1), and both partners rated rounds 1 and 2 at 3.0 or more (mentor 4.0 and 4.0, "
         "mentee 4.0 and 4.0)."],
        ["Entered routinization on 3 May, 118 days after the start: five meetings held, never more than 30 days "
         "apart; pair means of 4.0 and 4.0 in rounds 3 and 4 (gaps between the partners of 0.0 and 0.0); progress "
         "on goals on both sides."],
    ]


def test_a_regression_names_its_flags_with_their_evidence():
    reading = phase_of(READY_FOR_ROUTINIZATION, day(150))
    assert reading.reasons[:3] == [
        "Moved back from routinization to role-making on 31 May because of two amber flags (neglect and stalled "
        "learning).",
        "Neglect (amber): No meeting held for 46 days (last on 15 April).",
        "Stalled learning (amber): No goal update for 66 days (last on 26 March).",
    ]
    assert reading.reasons[3].startswith("Towards routinization: Days since the start: 150 · ")
    assert reading.reasons[3].endswith("— rounds 3 and 4 date from before the pairing entered role-making on "
                                       "31 May: two rounds completed after that day are needed")
    assert reading.reasons[4] == "Two amber flags (neglect and stalled learning) would hold a promotion back."


def test_routinization_says_it_is_the_last_phase_and_keeps_the_rhythm():
    reading = phase_of(READY_FOR_ROUTINIZATION, day(120))
    assert reading.reasons[-1] == ("Routinization is the last phase: the partners have a stable pattern and no longer "
                                   "keep score.")
    assert reading.next_steps == {MENTOR: ["Keep meeting at your usual rhythm and answer the monthly pulse."],
                                  MENTEE: ["Keep meeting at your usual rhythm and answer the monthly pulse."]}


def test_every_flag_has_evidence_in_words():
    events = [started(), met(1), met(2), met(3), met(4), met(5, MENTEE), *offered(6, MENTOR, 1, None),
              *offered(7, MENTOR, 2, None), cancelled(8), cancelled(9, MENTOR),
              *pulse(20, 1, "4.6", "4.4"), *pulse(40, 2, mentor="4.0", mentee="3.0", trust=1)]
    reading = phase_of(events, day(70))
    assert {flag.name: (flag.level, flag.evidence) for flag in reading.flags} == {
        "neglect": ("red", "No meeting held for 65 days (last on 10 January)."),
        "unanswered_offer": ("red", "Two offers have waited more than 14 days for an answer; the oldest, the mentor's "
                                    "of 11 January, has waited 64 days."),
        "low_trust": ("red", "The mentor answered 1 on trust in round 2 and the mentee answered 1 on trust in round 2: "
                             "a coach check-in is advised at once."),
        "cancellations": ("amber", "The last two meetings were cancelled (on 13 January by the mentee and on "
                                   "14 January by the mentor)."),
        "one_sided": ("amber", "The mentor started 5 of the last 6 interactions (meetings held and offers made)."),
        "diverging": ("amber", "In round 2 the mentor's mean was 4.0 and the mentee's 3.0: a gap of 1.0."),
        "decline": ("amber", "The pair mean fell to 3.5 in round 2, from 4.5 in round 1."),
        "stalled_learning": ("amber", "No goal update in the 70 days since the start on 5 January."),
    }
    assert [flag.level for flag in reading.flags] == ["red"] * 3 + ["amber"] * 5


def test_a_reopened_charter_asks_for_both_signatures_again():
    reading = phase_of(READY_FOR_ROLE_MAKING + [reopened(30), *signed(31, MENTOR)], day(58))
    assert "Signed the charter: mentor only (reopened on 4 February)" in reading.reasons[1]
    assert reading.reasons[1].endswith("— the charter was reopened on 4 February and needs both signatures again")
    assert reading.next_steps[MENTEE] == ["Sign the charter again."]


def test_an_ended_pairing_says_so_and_asks_nothing_more():
    reading = phase_of(READY_FOR_ROLE_MAKING + [ended(40)], day(100))
    assert reading.ended == day(40)
    assert reading.reasons[0] == "The pairing ended on 14 February; this is its reading on that day."
    assert reading.next_steps == {MENTOR: [], MENTEE: []}
