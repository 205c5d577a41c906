"""Every sentence the tracker writes: why a pairing changed phase, what it still needs, what to do next.

Sentences about a phase change use that day's facts only, so that a change's reasons never
depend on when they are read.
"""
from .events import MENTEE, MENTOR, OTHER, PARTNERS
from .flags import RED
from .words import day_said, listing, number_of, plural, score_said

ROLE_TAKING = "role-taking"
ROLE_MAKING = "role-making"
ROUTINIZATION = "routinization"
PHASES = (ROLE_TAKING, ROLE_MAKING, ROUTINIZATION)  # Graen & Scandura's order; a phase is its index here

FLAG_NAMES = {
    "neglect": "Neglect", "cancellations": "Cancellations", "unanswered_offer": "Unanswered offer",
    "one_sided": "One-sided", "diverging": "Diverging ratings", "low_trust": "Low trust", "decline": "Decline",
    "stalled_learning": "Stalled learning",
}


# Phase changes

def started_reasons(history):
    return [f"Started on {day_said(history.start, history.start)}: every pairing begins in role-taking, where the "
            "partners try each other out with offers."]


def entry_reasons(history, day, phase, rules):
    """Why the pairing entered `phase` on `day`: the conditions that held, with their numbers."""
    rounds = history.rounds[-rules.qualifying_rounds:]
    numbers = listing(str(r.number) for r in rounds)
    if phase == 1:
        return [f"Entered role-making on {day_said(day, day)}: the charter is signed by both, "
                f"{plural(history.held, 'meeting')} held, offers accepted both ways (mentor {history.accepted[MENTOR]}, "
                f"mentee {history.accepted[MENTEE]}), and both partners rated round{'s' * (len(rounds) > 1)} "
                f"{numbers} at {score_said(rules.role_making_pulse)} or more (mentor "
                f"{listing(score_said(r.mentor / 5) for r in rounds)}, mentee "
                f"{listing(score_said(r.mentee / 5) for r in rounds)})."]
    apart = (f", never more than {history.longest_gap} days apart" if history.held > 1 else "")
    return [f"Entered routinization on {day_said(day, day)}, {day - history.start} days after the start: "
            f"{plural(history.held, 'meeting')} held{apart}; pair means of "
            f"{listing(score_said(r.pair / 10) for r in rounds)} in round{'s' * (len(rounds) > 1)} {numbers} "
            f"(gaps between the partners of {listing(score_said(r.gap / 5) for r in rounds)}); progress on goals on "
            "both sides."]


def regression_reasons(day, left, entered, flags):
    """Why the pairing moved back from phase `left` to `entered` on `day`: the flags, with their evidence."""
    reds = [flag for flag in flags if flag.level == RED]
    cause = (f"a red flag ({flag_list(reds)})" if len(reds) == 1 else f"red flags ({flag_list(reds)})") if reds \
        else f"{number_of(len(flags))} amber flags ({flag_list(flags)})"
    return [f"Moved back from {left} to {entered} on {day_said(day, day)} because of {cause}.",
            *(f"{FLAG_NAMES[flag.name]} ({flag.level}): {flag.evidence}" for flag in flags)]


def ended_reason(day):
    return f"The pairing ended on {day_said(day, day)}; this is its reading on that day."


def flag_list(flags):
    return listing(FLAG_NAMES[flag.name].lower() for flag in flags)


# Where the pairing stands

def progress_reasons(history, day, phase, since, unmet, flags, rules):
    """What the pairing has and still lacks for the next phase, as one checklist line, and what holds it back."""
    if phase == 2:
        return ["Routinization is the last phase: the partners have a stable pattern and no longer keep score."]
    if phase == 0:
        checklist = [f"Signed the charter: {signatures(history)}",
                     f"Meetings held: {count_of(history.held, rules.role_making_meetings)}",
                     f"Offers accepted: mentor {history.accepted[MENTOR]}, mentee {history.accepted[MENTEE]}"]
    else:
        checklist = [f"Days since the start: {count_of(day - history.start, rules.routinization_days)}",
                     f"Meetings held: {count_of(history.held, rules.routinization_meetings)}",
                     f"Longest gap between meetings: {history.longest_gap} days "
                     f"({rules.routinization_meeting_gap} at most)",
                     f"Goal progress: mentor {yes(MENTOR in history.goal_progress)}, "
                     f"mentee {yes(MENTEE in history.goal_progress)}"]
    checklist.append(f"Qualifying pulse rounds: {count_of(len(qualifying(history, phase + 1, rules)), rules.qualifying_rounds)}")
    missing = [sentence for name in unmet for sentence in missing_sentences(name, history, day, phase + 1, since, rules)]
    line = f"Towards {PHASES[phase + 1]}: " + " · ".join(checklist)
    if missing:
        line += " — " + "; ".join(missing)
    reasons = [line]
    holding = holding_back(flags, rules)
    if holding:
        reasons.append(f"{holding[0].upper()}{holding[1:]} would hold a promotion back." if missing else
                       f"Every condition for {PHASES[phase + 1]} holds, but {holding} holds the promotion back.")
    elif not missing:
        reasons.append(f"Every condition for {PHASES[phase + 1]} holds.")
    return reasons


def signatures(history):
    if len(history.signed) == 2:
        return "both"
    said = f"{next(iter(history.signed))} only" if history.signed else "neither"
    if history.reopened is not None:
        said += f" (reopened on {day_said(history.reopened, history.reopened)})"
    return said


def count_of(have, need):
    """"1 of 2" while short of a need, then just the count."""
    return f"{have} of {need}" if have < need else str(have)


def yes(done):
    return "yes" if done else "no"


def qualifying(history, phase, rules):
    """The latest complete rounds that qualify for entering `phase` (1 or 2)."""
    need = rules.points
    rounds = history.rounds[-rules.qualifying_rounds:]
    if phase == 1:
        return [r for r in rounds if min(r.mentor, r.mentee) >= need.role_making]
    return [r for r in rounds if r.pair >= need.routinization and r.gap <= need.routinization_gap]


def missing_sentences(name, history, day, phase, since, rules):
    """What is missing for one unmet condition (see tracker.unmet), as clauses of the checklist line."""
    if name == "charter":
        if history.reopened is not None:
            return [f"the charter was reopened on {day_said(history.reopened, day)} and needs both signatures again"]
        if not history.signed:
            return ["neither partner has signed the charter"]
        return [f"the {partner} has not signed the charter" for partner in PARTNERS if partner not in history.signed]
    if name == "meetings":
        short = (rules.role_making_meetings if phase == 1 else rules.routinization_meetings) - history.held
        return ["one more meeting is needed" if short == 1 else f"{number_of(short)} more meetings are needed"]
    if name == "offers":
        wanted = rules.role_making_accepted_offers
        if wanted == 1 and not any(history.accepted.values()):
            return ["neither partner has had an offer accepted yet"]
        return [(f"the {partner} has not had an offer accepted yet" if history.accepted[partner] == 0 else
                 f"the {partner} has had {history.accepted[partner]} of {wanted} offers accepted")
                for partner in PARTNERS if history.accepted[partner] < wanted]
    if name == "pulse":
        return pulse_missing(history, phase, rules)
    if name == "fresh_pulse":
        entered = "started" if since == history.start else f"entered {PHASES[phase - 1]}"
        stale = [r for r in history.rounds[-rules.qualifying_rounds:] if r.completed <= since]
        return [f"round{'s' * (len(stale) > 1)} {listing(str(r.number) for r in stale)} "
                f"{'date' if len(stale) > 1 else 'dates'} from before the pairing {entered} on {day_said(since, day)}: "
                f"{plural(rules.qualifying_rounds, 'round')} completed after that day "
                f"{'are' if rules.qualifying_rounds > 1 else 'is'} needed"]
    if name == "days":
        return [f"routinization is possible from {day_said(history.start + rules.routinization_days, day)}, "
                f"{rules.routinization_days} days after the start"]
    if name == "meeting_gap":
        first, second = history.longest_gap_ends
        return [f"the meetings of {day_said(first, day)} and {day_said(second, day)} were {history.longest_gap} days "
                f"apart, more than {rules.routinization_meeting_gap}: routinization needs every gap between meetings "
                f"since the start to be {rules.routinization_meeting_gap} days or less"]
    if name == "goals":
        return [f"the {partner} has not recorded progress on a goal yet"
                for partner in PARTNERS if partner not in history.goal_progress]
    raise AssertionError(name)


def pulse_missing(history, phase, rules):
    need = rules.points
    rounds = history.rounds[-rules.qualifying_rounds:]
    said = []
    if len(rounds) < rules.qualifying_rounds:
        said.append(f"{plural(rules.qualifying_rounds, 'complete pulse round')} needed, "
                    f"{number_of(len(rounds)) if rounds else 'none'} so far")
    for r in rounds:
        if phase == 1:
            said.extend(f"in round {r.number} the {partner}'s mean was {score_said(total / 5)}, below "
                        f"{score_said(rules.role_making_pulse)}"
                        for partner, total in ((MENTOR, r.mentor), (MENTEE, r.mentee)) if total < need.role_making)
            continue
        if r.pair < need.routinization:
            said.append(f"in round {r.number} the pair mean was {score_said(r.pair / 10)}, below "
                        f"{score_said(rules.routinization_pulse)}")
        if r.gap > need.routinization_gap:
            said.append(f"in round {r.number} the partners' means were {score_said(r.gap / 5)} apart, more than "
                        f"{score_said(rules.routinization_partner_gap)}")
    return said


def holding_back(flags, rules):
    """The flags that stop a promotion, in a phrase; empty when the guard would pass."""
    reds = [flag for flag in flags if flag.level == RED]
    if reds:
        return f"a red flag ({flag_list(reds)})" if len(reds) == 1 else f"red flags ({flag_list(reds)})"
    if len(flags) >= rules.ambers_to_regress:
        return f"{plural(len(flags), 'amber flag')} ({flag_list(flags)})"
    return ""


# What each partner can do next

def next_steps(history, day, phase, unmet, flags, rules):
    """{"mentor": [...], "mentee": [...]}: the flags' remedies first, then what the next phase needs."""
    steps = {MENTOR: [], MENTEE: []}

    def both(step):
        add(MENTOR, step)
        add(MENTEE, step)

    def add(partner, step):
        if step not in steps[partner]:
            steps[partner].append(step)

    for flag in flags:
        if flag.name == "neglect":
            both("Book your first meeting." if history.last_held is None else
                 f"Book your next meeting: the last was {day - history.last_held} days ago.")
        elif flag.name == "cancellations":
            both("Agree a meeting time you can both keep: the last meetings were cancelled.")
        elif flag.name == "unanswered_offer":
            for offer in history.pending.values():
                if day - offer.made > rules.offer_answer_days:
                    add(OTHER[offer.author], f"Answer the {offer.author}'s offer of {day_said(offer.made, day)}.")
        elif flag.name == "one_sided":
            quiet = MENTEE if history.interactions[-rules.one_sided_window:].count(MENTOR) * 2 >= rules.one_sided_window \
                else MENTOR
            add(quiet, f"Take the lead for once: propose the next meeting or make the {OTHER[quiet]} an offer.")
        elif flag.name == "diverging":
            both("Compare how you each see the partnership: your pulse answers are far apart.")
        elif flag.name == "low_trust":
            both("Talk about trust and confidentiality; the programme manager can arrange a coach check-in.")
        elif flag.name == "decline":
            both("Talk about what has changed: your pulse has fallen from its best.")
        elif flag.name == "stalled_learning":
            both("Update one of your learning goals.")

    if phase == 2:
        both("Keep meeting at your usual rhythm and answer the monthly pulse.")
    for name in unmet:
        if name == "charter":
            for partner in PARTNERS:
                if partner not in history.signed:
                    add(partner, "Sign the charter again." if history.reopened is not None else "Sign the charter.")
        elif name == "meetings":
            both("Book your first meeting." if history.held == 0 else "Book your next meeting.")
        elif name == "offers":
            for partner in PARTNERS:
                if history.accepted[partner] < rules.role_making_accepted_offers:
                    waiting = [offer for offer in history.pending.values() if offer.author == partner]
                    if waiting:
                        add(OTHER[partner], f"Answer the {partner}'s offer of {day_said(waiting[0].made, day)}.")
                    else:
                        add(partner, f"Make the {OTHER[partner]} an offer they can accept: a topic, a session, "
                                     "an introduction or some feedback.")
        elif name in ("pulse", "fresh_pulse"):
            pulse_steps(history, phase + 1, rules, add)
        elif name == "goals":
            for partner in PARTNERS:
                if partner not in history.goal_progress:
                    add(partner, "Record progress on one of your learning goals.")
    return steps


def pulse_steps(history, phase, rules, add):
    open_round = max(history.answers, default=None)
    answered = history.answers.get(open_round, {})
    for partner in PARTNERS:
        if open_round is not None and len(answered) == 1 and partner not in answered:
            add(partner, f"Answer pulse round {open_round}: the {OTHER[partner]} has answered it.")
        else:
            add(partner, "Answer the next monthly pulse.")
    need = rules.points
    for r in history.rounds[-rules.qualifying_rounds:]:
        for partner, total in ((MENTOR, r.mentor), (MENTEE, r.mentee)):
            if phase == 1 and total < need.role_making:
                add(partner, f"Tell the {OTHER[partner]} what would make the partnership work better for you.")
        if phase == 2 and r.pair < need.routinization:
            for partner in PARTNERS:
                add(partner, "Talk about what would make your meetings more valuable to you both.")
        if phase == 2 and r.gap > need.routinization_gap:
            for partner in PARTNERS:
                add(partner, "Compare how you each see the partnership: your pulse answers differ.")
