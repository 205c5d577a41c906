"""A programme with history, written straight into the tenant's tables (fast enough for 1,000
pairings): participants at every onboarding step, pairings with scores, stored phase readings
and journeys, flags raised over months, pulse answers, goals and closing surveys. Used by the
report tests and by bench/pdfs.py."""
import datetime
import json
import random

NAMES = ("Zoë Łukasiewicz-Ångström", "Анна Кузнецова", "王小明", "فاطمة الزهراء", "Oliver Bennett",
         "Αικατερίνη Παπαδοπούλου", "山田 花子", "Siobhán Ní Bhriain", "Jürgen Weiß", "Kwame Mensah")
SKILLS = ("AI tools", "Social media", "Strategic thinking", "Data literacy", "Leadership and influence")
FLAGS = (("neglect", "red"), ("low_trust", "red"), ("one_sided", "amber"), ("stalled_learning", "amber"),
         ("cancellations", "amber"))


def name(number, role):
    """"Анна Кузнецова M1" for mentor 1, "Siobhán Ní Bhriain E4" for mentee 4: unique, in every script."""
    if role == "mentor":
        return f"{NAMES[number % len(NAMES)]} M{number}"
    return f"{NAMES[(number + 3) % len(NAMES)]} E{number}"


def fill(pairs, today=None, seed=7):
    """`pairs` pairings and their history, in the tenant scope; returns the participants' names."""
    from tenants.goals.models import Goal
    from tenants.pair_space.models import ClosingSurvey, PairingEvent, PulseAnswer
    from tenants.pairing.models import Pairing
    from tenants.people.models import User
    from tenants.program.models import Cohort
    from tenants.scope import database
    from tenants.tracker.models import FlagRaised, PhaseChange, PhaseReading

    rng, today = random.Random(seed), today or datetime.date.today()
    at = datetime.datetime.combine(today, datetime.time(9))
    with database.atomic():
        cohorts = [Cohort.create(name="Spring cohort"), Cohort.create(name="Autumn cohort")]
        people = [{"email": f"{role}{n}@programme.example", "name": name(n, role), "role": role,
                   "cohort": cohorts[n % 2].id, "invited": at, "accepted": at, "profile_completed": at, "trained": at}
                  for n in range(pairs) for role in ("mentor", "mentee")]
        people += [{"email": f"late{n}@programme.example", "name": f"Late Starter {n}", "role": "mentor",
                    "invited": at, "accepted": at if n % 2 else None} for n in range(max(2, pairs // 10))]
        for start in range(0, len(people), 200):
            User.insert_many(people[start:start + 200]).execute()
        ids = {email: user_id for user_id, email in User.select(User.id, User.email).tuples()}
        rows = {kind: [] for kind in ("pairing", "event", "reading", "change", "flag", "pulse", "goal", "survey")}
        for n in range(pairs):
            started = today - datetime.timedelta(days=rng.randint(20, 300))
            ended = n % 5 == 4
            rows["pairing"].append({"id": n + 1, "mentor": ids[f"mentor{n}@programme.example"],
                                    "mentee": ids[f"mentee{n}@programme.example"], "score": rng.uniform(35, 98),
                                    "started": datetime.datetime.combine(started, datetime.time(9)),
                                    "status": "ended" if ended else "active",
                                    "ended": at - datetime.timedelta(days=3) if ended else None})
            history(n + 1, started, today, ended, rng, rows)
            rows["goal"] += [{"user": rows["pairing"][-1][role], "pairing": n + 1, "text": "A goal",
                              "progress": rng.choice((20, 50, 80, 100)),
                              "status": rng.choice(("open", "open", "achieved", "dropped"))}
                             for role in ("mentor", "mentee")]
        for kind, model in (("pairing", Pairing), ("event", PairingEvent), ("reading", PhaseReading),
                            ("change", PhaseChange), ("flag", FlagRaised), ("pulse", PulseAnswer),
                            ("goal", Goal), ("survey", ClosingSurvey)):
            for start in range(0, len(rows[kind]), 200):
                model.insert_many(rows[kind][start:start + 200]).execute()
    return [person["name"] for person in people]


def history(pairing_id, started, today, ended, rng, rows):
    """The rows of one pairing's history: meetings, a reading and its journey, flags, pulses, a look back."""
    days = (today - started).days
    reached = [("role-taking", started)]
    if days > 40:
        reached.append(("role-making", started + datetime.timedelta(days=rng.randint(25, 40))))
    if days > 120 and rng.random() < 0.6:
        reached.append(("routinization", started + datetime.timedelta(days=rng.randint(90, 120))))
    flags = [list(flag) + ["evidence in words"] for flag in FLAGS if rng.random() < 0.12]
    rows["event"] += [{"pairing": pairing_id, "on": started, "kind": "started"}] + [
        {"pairing": pairing_id, "on": started + datetime.timedelta(days=3 + 21 * k), "kind": "meeting_held",
         "by": ("mentor", "mentee")[k % 2]} for k in range(days // 21)]
    rows["reading"].append({"pairing": pairing_id, "phase": reached[-1][0], "since": reached[-1][1], "read_on": today,
                            "flags": json.dumps(flags), "reds": sum(f[1] == "red" for f in flags),
                            "ambers": sum(f[1] == "amber" for f in flags)})
    rows["change"] += [{"pairing": pairing_id, "number": k, "on": on, "phase": phase}
                       for k, (phase, on) in enumerate(reached)]
    rows["flag"] += [{"pairing": pairing_id, "name": flag, "level": level, "evidence": "in words",
                      "on": started + datetime.timedelta(days=rng.randint(0, days))} for flag, level, _ in flags]
    for number in range(1, (days - 2) // 30 + 1):  # rounds answered by today
        answered = datetime.datetime.combine(started + datetime.timedelta(days=30 * number + 2), datetime.time(10))
        for role in ("mentor", "mentee"):
            score = rng.choice((3, 4, 4, 5))
            rows["pulse"].append({"pairing": pairing_id, "by": role, "round": number, "answered": answered,
                                  "clarity": score, "needs": score, "trust": rng.choice((3, 4, 5)),
                                  "effectiveness": score, "learning": rng.choice((2, 3, 4, 5))})
    if ended:
        for role in ("mentor", "mentee"):
            skills = [{"skill": skill, "before": rng.choice((1, 2, 3)), "after": rng.choice((3, 4, 5))}
                      for skill in rng.sample(SKILLS, 2)]
            rows["survey"].append({"pairing": pairing_id, "by": role, "skills": json.dumps(skills),
                                   "goals_met": rng.choice(("yes", "partly")), "recommend": rng.choice((6, 8, 9, 10)),
                                   "stay": rng.choice((3, 4, 5)) if role == "mentor" else None})
