"""Demo data: a fictional consultancy with three client tenants of different sizes."""
import datetime
import json
import random
import unicodedata

from peewee import chunked

from saas import provisioning
from saas.control import Consultancy, Membership, Staff, Tenant, control_db, now
from saas.demo_pairs import certify, give_histories, showcase
from saas.organisations import remember_domain
from saas.rollups import refresh_rollup
from saas.tenancy import tenant_scope
from tenants.goals.models import Goal
from tenants.onboarding.models import VALUES_QUESTIONS, AvailabilityWindow, Profile, ProfileSkill
from tenants.pairing import board as pairing
from tenants.pairing.models import Pairing
from tenants.passwords import hash_password
from tenants.people.models import User, participants
from tenants.program import Cohort, Program, Skill
from tenants.scope import database

PASSWORD = "mentorup-demo"
CONSULTANCY = "Kestrel & Vine Advisory"
STAFF = [("Amara Okafor", "amara@kestrelvine.example", "owner"),
         ("Tomás Lindqvist", "tomas@kestrelvine.example", "consultant")]
# slug, organisation, industry domain, participants, departments
CLIENTS = [
    ("quillstone", "Quillstone Legal", "quillstone.example", 12,
     ["Litigation", "Corporate", "Knowledge & Innovation", "Business Services"]),
    ("harbourline", "Harbourline Logistics", "harbourline.example", 40,
     ["Operations", "Fleet", "Customer Service", "Finance", "IT", "People"]),
    ("meridian-health", "Meridian Health Partners", "meridianhealth.example", 150,
     ["Nursing", "Clinical Research", "Digital Health", "Finance", "Patient Experience",
      "Estates", "People & Culture", "Pharmacy"]),
]
ZONES = {"quillstone": ["Europe/London"], "harbourline": ["Europe/Berlin", "Europe/Berlin", "America/New_York"],
         "meridian-health": ["Europe/London", "Europe/London", "Africa/Lagos", "Asia/Kolkata"]}
JUNIOR_TOPICS = ["Social media", "Collaboration tools", "AI tools", "Data literacy", "Mobile apps",
                 "Generational perspectives on work", "Video and content creation", "Online privacy and security"]
SENIOR_TOPICS = ["Career development", "Strategic thinking", "Leadership and influence",
                 "Navigating the organisation", "Presenting with confidence"]
GOALS = {"mentor": ["Understand how decisions are made at the top", "Get honest feedback on my career plan",
                    "Learn to present ideas to senior leaders", "Build a network beyond my team"],
         "mentee": ["Use AI tools to draft and summarise documents", "Understand how graduates choose employers",
                    "Post on LinkedIn with confidence", "Run better hybrid meetings",
                    "Read a dashboard without asking the analyst"]}
ADMINS = {"quillstone": "Priya Raman", "harbourline": "Jonas Becker", "meridian-health": "Grace Mensah"}
FIRST = ["Aisha", "Mateo", "Mei", "Oluwaseun", "Sofia", "Arjun", "Chloé", "Kwame", "Yuki", "Lars",
         "Fatima", "Diego", "Hannah", "Tariq", "Ines", "Noah", "Leilani", "Dmitri", "Zanele", "Rosa",
         "Hamid", "Elif", "Connor", "Amaru", "Nadia", "Sebastián", "Ngozi", "Tobias", "Ana", "Wei",
         "Maya", "Robert", "Siobhan", "Kofi", "Ingrid", "Rahul", "Lucía", "Emeka", "Astrid", "Jamal"]
LAST = ["Okonkwo", "García", "Chen", "Adeyemi", "Rossi", "Patel", "Dubois", "Mensah", "Tanaka",
        "Nilsson", "Haddad", "Fernández", "Schmidt", "Rahman", "Moreau", "Kowalski", "Kahale",
        "Ivanov", "Dlamini", "Silva", "Karimi", "Yılmaz", "O'Brien", "Quispe", "Novak", "Herrera",
        "Eze", "Müller", "Costa", "Zhang", "Levi", "Murphy", "Boateng", "Johansson", "Iyer"]
MENTOR_TITLES = ["Graduate Analyst", "Associate", "Junior Developer", "Coordinator", "Trainee",
                 "Assistant", "Data Analyst", "Apprentice"]
MENTEE_TITLES = {6: ["Senior Manager", "Head of Unit"], 7: ["Director", "Head of Department"],
                 8: ["Vice President", "Senior Partner"],
                 9: ["Chief Operating Officer", "Chief Financial Officer", "Managing Director", "Executive Director"]}


def instance_is_empty():
    return not (Consultancy.select().exists() or Tenant.select().exists())


def loaded():
    return Consultancy.select().where(Consultancy.name == CONSULTANCY).exists()


def load():
    """Create the demo consultancy, its staff and its three client tenants."""
    password_hash = hash_password(PASSWORD)  # one hash for every demo login keeps this fast
    with control_db.atomic():
        consultancy = Consultancy.create(name=CONSULTANCY)
        for name, email, role in STAFF:
            staff = Staff.create(name=name, email=email, password_hash=password_hash,
                                 email_verified=now())
            Membership.create(staff=staff, consultancy=consultancy, role=role)
    for slug, organisation, domain, size, departments in CLIENTS:
        remember_domain(provisioning.create_tenant(slug, organisation, consultancy, actor="demo"), domain)
        with tenant_scope(slug):
            Program.create(name=f"{organisation.split()[0]} Reverse Mentoring 2027", term_start=datetime.date(2027, 1, 11),
                           term_end=datetime.date(2027, 12, 17))
            rows = people(slug, domain, size, departments, password_hash)
            User.insert_many([{k: v for k, v in row.items() if k != "manager"} for row in rows]).execute()
            ids = {user.email: user.id for user in User.select(User.id, User.email)}
            for row in rows:
                if row["manager"]:
                    User.update(manager=ids[row["manager"]]).where(User.email == row["email"]).execute()
            onboard(random.Random(slug + "/onboarding"), ZONES[slug])
            add_unpairable(domain, password_hash)
            manager = email_of(ADMINS[slug], domain)
            pair_cohort(manager)
            give_histories(slug + "/pairs")
            certify(manager, revoke_one=slug == "meridian-health")
            add_late_joiners(random.Random(slug + "/late"), domain, password_hash)
            pairing.run_proposal(manager)  # the board's open proposal: the late joiners, to pair and swap
        refresh_rollup(slug)


def add_unpairable(domain, password_hash):
    """A trained mentor whose only topic no senior wants: the board shows why nobody fits."""
    user = User.create(name="Noor Haddad", email=f"noor.haddad@{domain}", role="mentor", department="Estates",
                       job_title="Apprentice", job_level=1, password_hash=password_hash, invited=now(),
                       accepted=now(), profile_completed=now(), trained=now())
    ProfileSkill.create(user=user, skill=Skill.get(Skill.name == "Sustainability"), direction="teach", level=4)
    AvailabilityWindow.create(user=user, weekday=2, start="10:00", end="12:00")
    Profile.create(user=user, timezone="Europe/London", languages="en",
                   values=json.dumps({key: 3 for key in VALUES_QUESTIONS}))


def pair_cohort(manager):
    """As the programme manager: publish a first cohort with two pinned pairs."""
    first = pairing.run_proposal(manager)
    for pair in first.read("pairs")[:2]:
        pairing.decide(pair["mentor_id"], pair["mentee_id"], "pin", manager)
    pairing.publish(pairing.run_proposal(manager).id, manager)


LATE_JOINERS = 3  # mentors, and as many mentees


def add_late_joiners(rng, domain, password_hash):
    """Participants trained after the first cohort was published, so that the board has people to
    propose and swap. Each can be paired with each: every senior wants to learn "AI tools", which
    every junior teaches, and all are free on Wednesday mornings, London time; the seniors report
    to the top executive and the juniors to a senior of the first cohort, so no reporting line
    stands between them."""
    skills = {skill.name: skill for skill in Skill.select()}
    taken = {name for (name,) in User.select(User.name).tuples()}
    top = User.select().where(User.role == "mentee").order_by(User.job_level.desc(), User.id).first()
    bosses = list(User.select().where(User.role == "mentee", User.id != top.id).order_by(User.id))
    trained = now() - datetime.timedelta(days=2)
    for role in ("mentor", "mentee") * LATE_JOINERS:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        while name in taken:
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        taken.add(name)
        level = rng.randint(2, 3) if role == "mentor" else 6  # a career gap the programme aims for
        boss = top if role == "mentee" else rng.choice(bosses)
        user = User.create(name=name, email=email_of(name, domain), role=role, job_level=level, manager=boss,
                           department=boss.department, password_hash=password_hash,
                           job_title=rng.choice(MENTOR_TITLES if role == "mentor" else MENTEE_TITLES[level]),
                           invited=trained - datetime.timedelta(days=6), accepted=trained - datetime.timedelta(days=5),
                           profile_completed=trained - datetime.timedelta(days=1), trained=trained)
        juniors = ["AI tools"] + rng.sample([t for t in JUNIOR_TOPICS if t != "AI tools"], 1)
        teaches, learns = (juniors, rng.sample(SENIOR_TOPICS, 2)) if role == "mentor" else \
            (rng.sample(SENIOR_TOPICS, 2), juniors)
        for direction, topics in (("teach", teaches), ("learn", learns)):
            for topic in topics:
                ProfileSkill.create(user=user, skill=skills[topic], direction=direction, level=rng.randint(2, 5))
        AvailabilityWindow.create(user=user, weekday=2, start="08:00", end="12:00")
        Goal.create(user=user, text=rng.choice(GOALS[role]))
        Profile.create(user=user, timezone="Europe/London", languages="en",
                       values=json.dumps({key: rng.randint(1, 5) for key in VALUES_QUESTIONS}),
                       steps_done=json.dumps(["availability", "goals", "languages", "reporting", "role", "skills",
                                              "values"]))


def onboard(rng, zones, everyone=False):
    """Spread the participants over every onboarding stage; most end with a complete profile
    (`everyone`: all of them trained)."""
    skills = {skill.name: skill.id for skill in Skill.select()}
    started = now() - datetime.timedelta(days=30)
    rows = {"skills": [], "goals": [], "windows": [], "profiles": []}
    for user in participants().order_by(User.id):
        stage = "trained" if everyone else rng.choices(["invited", "accepted", "profile", "trained"], weights=[1, 1, 1, 7])[0]
        user.invited = started + datetime.timedelta(days=rng.randint(0, 3))
        if stage == "invited":
            user.password_hash = None
        else:
            user.accepted = user.invited + datetime.timedelta(days=rng.randint(1, 5))
        if stage in ("profile", "trained"):
            user.profile_completed = user.accepted + datetime.timedelta(days=rng.randint(0, 3))
            complete_profile(user, rng, skills, zones, rows)
        if stage == "trained":
            user.trained = user.profile_completed + datetime.timedelta(days=rng.randint(0, 4))
        user.save()
    for model, name in ((ProfileSkill, "skills"), (Goal, "goals"), (AvailabilityWindow, "windows"), (Profile, "profiles")):
        for chunk in chunked(rows[name], 500):  # a statement takes a limited number of values
            model.insert_many(chunk).execute()


def complete_profile(user, rng, skills, zones, rows):
    teaches, learns = (JUNIOR_TOPICS, SENIOR_TOPICS) if user.role == "mentor" else (SENIOR_TOPICS, JUNIOR_TOPICS)
    for topic in rng.sample(teaches, rng.randint(2, 4)):
        rows["skills"].append({"user": user.id, "skill": skills[topic], "direction": "teach", "level": rng.randint(3, 5)})
    for topic in rng.sample(learns, rng.randint(2, 3)):
        rows["skills"].append({"user": user.id, "skill": skills[topic], "direction": "learn", "level": rng.randint(2, 4)})
    for goal in rng.sample(GOALS[user.role], rng.randint(1, 2)):
        rows["goals"].append({"user": user.id, "text": goal, "progress": 0})
    for day in rng.sample(range(5), rng.randint(2, 3)):
        start = rng.choice([8, 9, 12, 14, 16])
        rows["windows"].append({"user": user.id, "weekday": day, "start": f"{start:02d}:00",
                                "end": f"{start + rng.choice([1, 2]):02d}:00"})
    rows["profiles"].append({
        "user": user.id, "timezone": rng.choice(zones),
        "languages": ",".join(["en"] + rng.sample(["fr", "de", "es", "pt", "hi", "zh", "ar", "sw"], rng.randint(0, 1))),
        "values": json.dumps({key: rng.randint(1, 5) for key in VALUES_QUESTIONS}),
        "steps_done": json.dumps(["availability", "goals", "languages", "reporting", "role", "skills", "values"])})


def people(slug, domain, size, departments, password_hash):
    """The tenant admin and `size` participants, half mentors and half mentees, with job
    levels and reporting lines: each department has a head; mentees report to their head
    (heads to the most senior executive); mentors report to a mentee of their department."""
    rng = random.Random(slug)
    admin = ADMINS[slug]
    rows = [dict(name=admin, email=email_of(admin, domain), role="admin", department="People",
                 job_title="Programme Manager", job_level=5, password_hash=password_hash, manager=None)]
    names = set()
    while len(names) < size:
        names.add(f"{rng.choice(FIRST)} {rng.choice(LAST)}")
    ordered = sorted(names)  # a set's order changes from run to run; the demo must not
    rng.shuffle(ordered)
    for index, name in enumerate(ordered):
        role = "mentor" if index % 2 == 0 else "mentee"
        level = rng.randint(1, 3) if role == "mentor" else rng.randint(6, 9)
        titles = MENTOR_TITLES if role == "mentor" else MENTEE_TITLES[level]
        rows.append(dict(name=name, email=email_of(name, domain), role=role, job_level=level,
                         department=departments[index // 2 % len(departments)], job_title=rng.choice(titles),
                         password_hash=password_hash, manager=None))
    link_reporting_lines(rows[1:], rng)
    return rows


def link_reporting_lines(participants, rng):
    """Set each participant's `manager` (an email) as described in `people`."""
    seniors = sorted((p for p in participants if p["role"] == "mentee"), key=lambda p: -p["job_level"])
    top = seniors[0]
    heads = {}
    for person in seniors:
        heads.setdefault(person["department"], person)
    for person in participants:
        head = heads.get(person["department"], top)
        if person["role"] == "mentee":
            person["manager"] = None if person is top else (top if person is head else head)["email"]
        else:
            bosses = [p for p in seniors if p["department"] == person["department"]] or [top]
            person["manager"] = rng.choice(bosses)["email"]


def sized_programme(slug, size, password_hash, all_paired=False):
    """For tests and benchmarks of scale, in `slug`'s scope: a programme manager (admin@<slug>.example)
    and `size` participants, made with a few bulk inserts and onboarded like the demo's, in two
    cohorts; cohort A paired and published, a pair of it ended (a forbid) and one pinned; an
    open draft proposal for cohort B. `all_paired`: everyone trained, and both cohorts paired
    and published (no draft). Returns the programme manager's email."""
    rng, domain = random.Random(f"{slug}/{size}"), f"{slug}.example"
    admin = f"admin@{domain}"
    with tenant_scope(slug):
        Program.create(name="Reverse Mentoring", term_start=datetime.date(2027, 1, 11), term_end=datetime.date(2027, 12, 17))
        cohorts = [Cohort.create(name=name).id for name in ("A", "B")]
        rows = [dict(name="Pat Manager", email=admin, role="admin", department="People", job_level=5, cohort=None, manager=None,
                     password_hash=password_hash)]
        for index in range(size):
            first, last = FIRST[index % len(FIRST)], LAST[index // len(FIRST) % len(LAST)]
            role = "mentor" if index % 2 == 0 else "mentee"
            rows.append(dict(name=f"{first} {last}", email=email_of(f"{first} {last} {index}", domain), role=role,
                             job_level=rng.randint(1, 3) if role == "mentor" else rng.randint(6, 9),
                             department=CLIENTS[2][4][index // 2 % len(CLIENTS[2][4])], cohort=cohorts[index // 2 % 2],
                             password_hash=password_hash, manager=None))
        link_reporting_lines(rows[1:], rng)
        with database.atomic():
            for chunk in chunked(rows, 200):
                User.insert_many([{k: v for k, v in row.items() if k != "manager"} for row in chunk]).execute()
            ids = {email: user_id for user_id, email in User.select(User.id, User.email).tuples()}
            for row in rows:
                if row["manager"]:
                    User.update(manager=ids[row["manager"]]).where(User.id == ids[row["email"]]).execute()
            onboard(rng, ZONES["meridian-health"], everyone=all_paired)
            # Everyone ready also shares an hour, so that most of them can be paired.
            AvailabilityWindow.insert_many([{"user": user_id, "weekday": 3, "start": "13:00", "end": "14:00"}
                                            for user_id, in participants().select(User.id).where(
                                                User.profile_completed.is_null(False)).tuples()]).execute()
        published = pairing.run_proposal(admin, cohort=cohorts[0])
        pairing.publish(published.id, admin)
        ended = Pairing.select().where(Pairing.proposal == published.id).first()
        if ended:
            pairing.end_pairing(ended, "Moved to another office", admin)
        draft = pairing.run_proposal(admin, cohort=cohorts[1])
        if all_paired:
            pairing.publish(draft.id, admin)
            return admin
        pin = draft.pair_rows().first()
        if pin:
            pairing.decide(pin.mentor_id, pin.mentee_id, "pin", admin)
    return admin


def email_of(name, domain):
    plain = unicodedata.normalize("NFKD", name.lower().replace("ı", "i").replace(" ", "."))
    return "".join(c for c in plain if c.isascii() and (c.isalnum() or c == ".")) + "@" + domain


def demo_participants():
    """A trained mentor and mentee, someone halfway through onboarding, and both partners of the
    pairing with the most history, to sign in as."""
    paired = showcase()
    partners = [(paired.mentor, f"paired with {paired.mentee.name}"),
                (paired.mentee, f"paired with {paired.mentor.name}")] if paired else []
    participants = User.select().where(User.password_hash.is_null(False),
                                       User.id.not_in([user.id for user, _ in partners] or [0])).order_by(User.id)
    picks = [(participants.where(User.role == role, User.trained.is_null(False)).first(), "trained")
             for role in ("mentor", "mentee")]
    picks.append((participants.where(User.role != "admin", User.profile_completed.is_null()).first(),
                  "profile not finished"))
    return [(user, what) for user, what in picks + partners if user is not None]


def logins_text(base_url):
    """What `make run` prints: where to go and whom to sign in as."""
    lines = [f"MentorUp is running at {base_url}/" if base_url else "MentorUp demo logins:",
             f"  Consultancy console: {base_url}/console/login"]
    if loaded():
        lines += [f"    {email} / {PASSWORD}  ({role}, {name})" for name, email, role in STAFF]
        for slug, organisation, domain, _, _ in CLIENTS:
            with tenant_scope(slug, include_suspended=True):
                size = participants().count()
                lines.append(f"  {organisation} ({size} participants): {base_url}/t/{slug}/login")
                lines.append(f"    {email_of(ADMINS[slug], domain)} / {PASSWORD}  (programme manager)")
                for user, what in demo_participants():
                    lines.append(f"    {user.email} / {PASSWORD}  ({user.role}, {what})")
    return "\n".join(lines)
