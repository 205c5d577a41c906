"""Demo histories for the published pairings: from each pairing's start until today, charters,
meetings held and cancelled, offers in every state, goals with progress, pulse rounds, a few
ended pairings with closing surveys, and the certificates they earned (one revoked). Each
pairing follows one of the stories below, so that
every phase and every risk flag of the tracker shows up somewhere."""
import datetime
import json
import random
import uuid

from tenants.certificates.issuing import issue_earned, revoke
from tenants.certificates.models import Certificate
from tenants.goals.models import Goal, GoalUpdate, tie_goals
from tenants.models import now
from tenants.pair_space import events
from tenants.pair_space.charter import DEFAULT_CANCELLATION, DEFAULT_CONFIDENTIALITY
from tenants.pair_space.closing import skills_to_rate
from tenants.pair_space.models import (
    CharterSignature,
    CharterVersion,
    ClosingSurvey,
    Meeting,
    MeetingNote,
    Offer,
    PairingEvent,
    PulseAnswer,
)
from tenants.pairing.models import PairDecision, Pairing, active_pairings
from tenants.program.models import current_program
from tenants.tracker import readings

# The stories, in the order they are handed out (a small tenant gets the first ones), and
# how many days ago such a pairing started.
STORIES = [("routine", 150, 210), ("role_making", 70, 110), ("testing", 20, 40), ("neglect", 100, 140),
           ("ended", 120, 170), ("new", 3, 12), ("unanswered", 40, 60), ("low_trust", 65, 95),
           ("stalled", 130, 170), ("reopened", 45, 80), ("role_making", 70, 110), ("routine", 150, 210)]
OFFERS = {
    "mentor": [("show_you", "I can show you how I use AI to summarise long reports"),
               ("session", "A working session to set up your Copilot prompts"),
               ("show_you", "Let me show you how our team runs its stand-ups in Teams"),
               ("resource", "A ten-minute video on writing good prompts"),
               ("session", "Let's draft your first LinkedIn post together"),
               ("feedback", "Could you give me feedback on my career plan?"),
               ("show_you", "I can walk you through building a dashboard in Power BI")],
    "mentee": [("introduction", "I'd like to introduce you to our head of data"),
               ("teach_me", "Teach me how graduates choose where to work"),
               ("feedback", "Feedback on the video message I recorded for staff"),
               ("introduction", "Meet the lead of the innovation lab"),
               ("teach_me", "Show me how you keep up with news on TikTok"),
               ("resource", "The book that changed how I manage: Radical Candor")],
}
DECLINE_REASONS = ["Not this month, my diary is full of budget meetings.", "", "I'd rather focus on the dashboard first."]
AGENDAS = ["Getting to know each other; agree our charter", "AI tools for summarising board papers",
           "How decisions really get made at the top", "LinkedIn: what to post and how often",
           "Hybrid meetings that work", "Review of the goals we set", "Career plan: next two years",
           "Data dashboards: reading them without the analyst"]
NOTES = ["Tried three prompts on last week's board pack; the third worked best.",
         "Next time: bring one real decision to talk through.", "Agreed to post once a week for a month.",
         "Great conversation about how graduates see flexible work."]
CHARTER = {"mentor_learn": "How strategy is decided, and how to present ideas to senior leaders.",
           "mentor_give": "Hands-on help with AI tools and social media, and an honest view of how my generation works.",
           "mentee_learn": "Use AI tools in my own work and understand what younger colleagues expect.",
           "mentee_give": "Career advice, introductions across the organisation, and feedback on presenting.",
           "success": "By the end of the term I use AI tools weekly, and my mentor has presented to the leadership team once."}
CLOSING_REASONS = ["The mentor left the organisation.", "Both agreed they had done what they set out to do.",
                   "A reorganisation put them in the same reporting line."]


class Story:
    """Writes one pairing's history, dated, the way the pair space would have written it."""

    def __init__(self, pairing, rng, started_days_ago):
        self.pairing, self.rng, self.today = pairing, rng, now()
        self.start = (self.today - datetime.timedelta(days=started_days_ago)).replace(hour=9, minute=0, second=0,
                                                                                      microsecond=0)
        Pairing.update(started=self.start).where(Pairing.id == pairing.id).execute()
        PairingEvent.update(on=self.start.date()).where(PairingEvent.pairing == pairing,
                                                         PairingEvent.kind == "started").execute()
        self.offers = {"mentor": list(OFFERS["mentor"]), "mentee": list(OFFERS["mentee"])}
        rng.shuffle(self.offers["mentor"])
        rng.shuffle(self.offers["mentee"])
        self.charter_number = 0

    def day(self, n, hour=10):
        return self.start + datetime.timedelta(days=n, hours=hour - 9)

    @property
    def days(self):
        return (self.today - self.start).days

    def charter(self, n, by, signers=("mentor", "mentee"), **changes):
        self.charter_number += 1
        version = CharterVersion.create(pairing=self.pairing, number=self.charter_number, written_by=by,
                                        written=self.day(n), cadence_days=current_program().cadence_days,
                                        confidentiality=DEFAULT_CONFIDENTIALITY, cancellation=DEFAULT_CANCELLATION,
                                        how_we_meet=self.rng.choice(["video", "in_person", "mixed"]),
                                        **{**CHARTER, **changes})
        if self.charter_number > 1 and CharterSignature.select().join(CharterVersion).where(
                CharterVersion.pairing == self.pairing, CharterVersion.number == self.charter_number - 1).exists():
            events.write(self.pairing, "charter_reopened", by=by, on=self.day(n).date())
        for k, role in enumerate(signers):
            CharterSignature.create(version=version, by=role, signed=self.day(n + k, 16))
            events.write(self.pairing, "charter_signed", by=role, on=self.day(n + k).date())

    def meeting(self, n, by, status="held", hour=11):
        when = self.day(n, hour)
        meeting = Meeting.create(pairing=self.pairing, uid=f"{uuid.uuid4()}@mentorup", planned_by=by, starts=when,
                                 minutes=self.rng.choice([30, 45, 60]), timezone="Europe/London",
                                 place=self.rng.choice(["Video call", "Room 3.14", "The café on the ground floor"]),
                                 agenda=AGENDAS[0] if n < 10 else self.rng.choice(AGENDAS[1:]), status=status,
                                 initiated_by=by if status == "held" else None,
                                 cancelled_by=by if status == "cancelled" else None,
                                 cancel_reason="Clashed with a board meeting" if status == "cancelled" else "",
                                 created=when - datetime.timedelta(days=7), changed=when)
        if status == "held":
            events.write(self.pairing, "meeting_held", by=by, on=when.date())
            if self.rng.random() < .6:
                MeetingNote.create(meeting=meeting, by=by, text=self.rng.choice(NOTES), written=when + datetime.timedelta(hours=2))
        elif status == "cancelled":
            events.write(self.pairing, "meeting_cancelled", by=by, on=(when - datetime.timedelta(days=1)).date())

    def plan_next(self, by="mentor"):
        self.meeting(self.days + self.rng.randint(3, 12), by, status="planned", hour=self.rng.choice([9, 11, 14]))

    def offer(self, n, by, answer=None, after=3):
        kind, text = self.offers[by].pop() if self.offers[by] else OFFERS[by][0]
        offer = Offer.create(pairing=self.pairing, by=by, kind=kind, text=text, made=self.day(n))
        events.write(self.pairing, "offer_made", by=by, offer=offer.id, on=self.day(n).date())
        other = "mentee" if by == "mentor" else "mentor"
        if answer in ("accepted", "declined", "countered"):
            offer.status, offer.answered = answer, self.day(n + after)
            offer.reason = self.rng.choice(DECLINE_REASONS) if answer == "declined" else ""
            offer.save()
            events.write(self.pairing, "offer_answered", by=other, offer=offer.id, answer=answer,
                         on=self.day(n + after).date())
            if answer == "countered":
                back = Offer.create(pairing=self.pairing, by=other, kind="session", made=self.day(n + after),
                                    text="Yes, but let's do it together over lunch next week", counters=offer,
                                    status="accepted", answered=self.day(n + after + 1))
                events.write(self.pairing, "offer_made", by=other, offer=back.id, on=self.day(n + after).date())
                events.write(self.pairing, "offer_answered", by=by, offer=back.id, answer="accepted",
                             on=self.day(n + after + 1).date())
        elif answer == "withdrawn":
            offer.status, offer.answered = "withdrawn", self.day(n + after)
            offer.save()
            events.write(self.pairing, "offer_withdrawn", by=by, offer=offer.id, on=self.day(n + after).date())

    def goal(self, role, n, progress, status="open"):
        user = self.pairing.mentor_id if role == "mentor" else self.pairing.mentee_id
        goal = (Goal.select().where(Goal.pairing == self.pairing, Goal.user == user, Goal.status == "open")
                .order_by(Goal.id).first())
        if goal is None:
            goal = Goal.create(user=user, pairing=self.pairing, text="Build a network beyond my team" if role == "mentor"
                               else "Use AI tools to draft and summarise documents", created=self.start)
        text = {25: "Made a start", 50: "Halfway there", 100: "Done!"}.get(progress, "Good progress this month")
        GoalUpdate.create(goal=goal, progress=progress, text=text, status=status, on=self.day(n, 17))
        Goal.update(progress=progress, status=status, updated=self.day(n, 17)).where(Goal.id == goal.id).execute()
        events.write(self.pairing, "goal_progress", by=role, goal=goal.id, progress=progress, on=self.day(n).date())

    def pulse(self, number, by, mean, trust=None, comment="", share=False):
        every = current_program().pulse_every_days
        n = number * every + self.rng.randint(0, 6)
        if n >= self.days:
            return
        items = {item: max(1, min(5, int(mean + self.rng.choice([-.5, 0, 0, .5]) + .5))) for item in
                 ("clarity", "needs", "trust", "effectiveness", "learning")}
        # Low trust is its own story: elsewhere nobody doubts their partner's discretion.
        items["trust"] = trust if trust is not None else max(3, items["trust"])
        PulseAnswer.create(pairing=self.pairing, by=by, round=number, comment=comment, share_comment=share,
                           answered=self.day(n, 18), **items)
        events.write(self.pairing, "pulse", by=by, round=number, items=items, on=self.day(n).date())

    def pulses(self, means, **kwargs):
        """One answer a round from each partner; means: {role: [mean of round 1, round 2, …]}."""
        for role, values in means.items():
            for number, mean in enumerate(values, start=1):
                self.pulse(number, role, mean, **kwargs.get(role, {}).get(number, {}))

    def rounds(self):
        return self.days // current_program().pulse_every_days

    def end(self, n, reason):
        ended = self.day(n, 15)
        Pairing.update(status="ended", ended=ended, end_reason=reason).where(Pairing.id == self.pairing.id).execute()
        events.write(self.pairing, "ended", on=ended.date())
        PairDecision.get_or_create(mentor=self.pairing.mentor_id, mentee=self.pairing.mentee_id,
                                   defaults={"kind": "forbid", "created_by": "demo"})

    def closing(self, role, goals_met, recommend, stay=None):
        user = self.pairing.mentor if role == "mentor" else self.pairing.mentee
        ratings = [{"skill": skill, "before": b, "after": min(5, b + self.rng.randint(1, 2))}
                   for skill, b in ((s, self.rng.randint(1, 3)) for s in skills_to_rate(user))]
        ClosingSurvey.create(pairing=self.pairing, by=role, skills=json.dumps(ratings), goals_met=goals_met,
                             recommend=recommend, stay=stay if role == "mentor" else None)


def routine(s):
    s.charter(6, "mentee")
    day = 3
    while day < s.days - 10:
        s.meeting(day, s.rng.choice(["mentor", "mentee"]))
        day += s.rng.randint(18, 30)
    for n, (by, answer) in enumerate([("mentor", "accepted"), ("mentee", "accepted"), ("mentor", "countered"),
                                      ("mentee", "accepted"), ("mentor", "accepted"), ("mentee", "declined")]):
        s.offer(4 + n * 22, by, answer)
    for role in ("mentor", "mentee"):
        for n, progress in ((35, 25), (80, 50), (130, 75)):
            s.goal(role, min(n, s.days - 5), progress)
    s.pulses({"mentor": [3.5, 4, 4, 4.5, 4.5, 5, 5][:s.rounds()], "mentee": [3, 4, 4, 4.5, 4.5, 4.5, 5][:s.rounds()]})
    s.plan_next("mentee")
    s.offer(s.days - 2, "mentee")


def role_making(s):
    s.charter(8, "mentor")
    for n, by in ((2, "mentor"), (24, "mentee"), (52, "mentor")):
        s.meeting(n, by)
    s.offer(5, "mentor", "accepted")
    s.offer(12, "mentee", "accepted")
    s.offer(30, "mentor", "declined")
    s.offer(40, "mentee", "withdrawn")
    s.goal("mentee", 30, 25)
    s.goal("mentor", 45, 40)
    s.pulses({"mentor": [3.5, 3.5, 4][:s.rounds()], "mentee": [3.5, 4, 4][:s.rounds()]})
    s.plan_next("mentor")
    s.offer(s.days - 4, "mentor")


def testing(s):
    s.charter(4, "mentor", signers=("mentor",))
    s.meeting(3, "mentor")
    s.offer(5, "mentor", "accepted")
    s.offer(s.days - 3, "mentee")
    s.pulses({"mentor": [3.5][:s.rounds()]})
    s.plan_next("mentor")


def neglect(s):
    s.charter(10, "mentor")
    last = s.days - s.rng.randint(62, 75)
    for n in (3, 25, last):
        s.meeting(n, "mentor")
    s.meeting(last + 25, "mentee", status="cancelled")
    s.meeting(last + 45, "mentor", status="cancelled")
    s.offer(6, "mentor", "accepted")
    s.offer(20, "mentee", "accepted")
    s.goal("mentee", 30, 25)
    s.pulses({"mentor": [4, 3.5, 3, 2.5][:s.rounds()], "mentee": [4, 3.5, 2.5, 2][:s.rounds()]})


def ended(s):
    finish = s.days - s.rng.randint(10, 30)
    s.charter(7, "mentee")
    for n in range(3, finish - 10, 18):  # most of them meet often enough to earn a certificate
        s.meeting(n, s.rng.choice(["mentor", "mentee"]))
    s.offer(6, "mentor", "accepted")
    s.offer(15, "mentee", "accepted")
    s.goal("mentor", 60, 100, status="achieved")
    s.goal("mentee", 70, 75)
    s.pulses({"mentor": [4, 4, 4.5][:finish // 30], "mentee": [3.5, 4, 4][:finish // 30]})
    s.end(finish, s.rng.choice(CLOSING_REASONS))
    s.closing("mentor", "yes", 9, stay=4)
    if s.rng.random() < .6:
        s.closing("mentee", "partly", 8)


def new(s):
    if s.days > 5:
        s.offer(2, "mentor")
    s.plan_next("mentor")


def unanswered(s):
    s.charter(5, "mentor", signers=("mentor", "mentee"))
    for n in (2, 21, 38):
        s.meeting(n, "mentor")  # always the junior partner who asks
    s.offer(4, "mentor", "accepted")
    s.offer(s.days - 20, "mentor")
    s.offer(s.days - 16, "mentor")
    s.pulses({"mentor": [3][:s.rounds()], "mentee": [3.5][:s.rounds()]})


def low_trust(s):
    s.charter(6, "mentor")
    for n in (2, 22, 45):
        s.meeting(n, s.rng.choice(["mentor", "mentee"]))
    s.offer(7, "mentor", "accepted")
    s.offer(14, "mentee", "declined")
    s.pulses({"mentor": [3.5, 2.5][:s.rounds()], "mentee": [4, 4.5][:s.rounds()]},
             mentor={2: {"trust": 2, "comment": "I am not sure what I say stays between us.", "share": True}})
    s.plan_next("mentee")


def stalled(s):
    s.charter(8, "mentee")
    for n in range(3, s.days - 5, 25):
        s.meeting(n, s.rng.choice(["mentor", "mentee"]))
    s.offer(5, "mentor", "accepted")
    s.offer(9, "mentee", "accepted")
    s.goal("mentor", 20, 25)
    s.goal("mentee", 30, 25)
    s.pulses({"mentor": [3.5, 4, 4, 4][:s.rounds()], "mentee": [3.5, 3.5, 4, 4][:s.rounds()]})
    s.plan_next("mentor")


def reopened(s):
    s.charter(5, "mentor")
    s.charter(30, "mentee", signers=("mentee",), success="By the end of the term we have run one workshop together.")
    for n in (2, 20, 40):
        s.meeting(n, s.rng.choice(["mentor", "mentee"]))
    s.offer(6, "mentee", "countered")
    s.offer(25, "mentor", "accepted")
    s.goal("mentor", 35, 50)
    s.pulses({"mentor": [4, 4][:s.rounds()], "mentee": [4][:s.rounds()]})
    s.plan_next("mentee")


STORY_OF = {"routine": routine, "role_making": role_making, "testing": testing, "neglect": neglect, "ended": ended,
            "new": new, "unanswered": unanswered, "low_trust": low_trust, "stalled": stalled, "reopened": reopened}


def give_histories(seed):
    """Give every active pairing of the tenant in scope a history from its start until today, then
    read each pairing's phase once (not at each of its events, written out of order here)."""
    rng = random.Random(seed)
    with readings.later():
        for index, pairing in enumerate(active_pairings().order_by(Pairing.id)):
            name, low, high = STORIES[index % len(STORIES)]
            tie_goals(pairing)
            story = Story(pairing, rng, rng.randint(low, high))
            STORY_OF[name](story)
            readings.follow(pairing.id)  # its start moved, even when its story wrote no event


def certify(manager, revoke_one):
    """Issue the certificates the histories earned (routine pairings, and ended ones that met
    often and looked back); with `revoke_one`, revoke one as a programme manager would."""
    issue_earned()
    if revoke_one:
        busiest = showcase()
        certificate = (Certificate.select().where(Certificate.pairing != busiest, Certificate.role == "mentee")
                       .order_by(Certificate.id).first())
        if certificate is not None:
            revoke(certificate, manager, "Issued in error: the meetings of this pairing were logged twice, "
                                         "so it has not yet met often enough.")


def showcase():
    """The active pairing with the most history: the one whose partners the demo logins name."""
    busiest = None
    for pairing in active_pairings().order_by(Pairing.id):
        count = PairingEvent.select().where(PairingEvent.pairing == pairing).count()
        if busiest is None or count > busiest[0]:
            busiest = (count, pairing)
    return busiest[1] if busiest else None
