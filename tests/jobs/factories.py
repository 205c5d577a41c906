"""Plain factories for work large enough to go to the job worker (500 people or rows and more)."""
import io
import re

import peewee

from tests.factories import csrf_token, make_tenant, post_form, sign_in


def signed_in_admin(app, slug):
    """A new tenant `slug` and a client signed in as its admin."""
    make_tenant(app, slug, [(f"hr@{slug}.example", "Hana HR", "admin")])
    client = app.test_client()
    assert sign_in(client, f"/t/{slug}/login", f"hr@{slug}.example").status_code == 302
    return client


def people_csv(slug, count):
    """A participants file of `count` new people for tenant `slug`."""
    rows = "".join(f"Person {n},p{n}@{slug}.example,{'mentor' if n % 2 else 'mentee'},Ops,\n" for n in range(count))
    return "name,email,role,department,manager_email\n" + rows


def import_file(client, slug, content):
    """Upload and confirm a participants file; returns the import's status page address."""
    page = f"/t/{slug}/admin/people/import"
    preview = client.post(page, data={"csrf_token": csrf_token(client, page),
                                      "file": (io.BytesIO(content.encode()), "people.csv")},
                          content_type="multipart/form-data")
    assert preview.status_code == 200, preview.get_data(as_text=True)[:2000]
    action = re.search(r'action="(/t/[^"]+/admin/people/import/\d+)"', preview.get_data(as_text=True)).group(1)
    confirmed = client.post(action, data={"csrf_token": csrf_token(client, page)})
    assert confirmed.headers["Location"] == action
    return action


def ready_pairs(slug, count):
    """`count` mentors and `count` mentees in the tenant in scope, each ready to be paired with any
    of the other side: trained, free on Tuesdays 09:00-11:00 in London, speaking English, the
    mentors teaching AI tools and the mentees wanting to learn it."""
    from tenants.models import now
    from tenants.onboarding.models import AvailabilityWindow, Profile, ProfileSkill
    from tenants.people.models import User
    from tenants.program.models import Skill

    stamp, ai = now(), Skill.get(Skill.name == "AI tools").id
    people = [{"email": f"{role}{n}@{slug}.example", "name": f"{role.title()} {n}", "role": role,
               "job_level": 2 if role == "mentor" else 8, "department": "Digital" if role == "mentor" else "Board",
               "invited": stamp, "accepted": stamp, "profile_completed": stamp, "trained": stamp}
              for role in ("mentor", "mentee") for n in range(count)]
    for chunk in peewee.chunked(people, 200):
        User.insert_many(chunk).execute()
    ids = dict(User.select(User.email, User.id).where(User.email.endswith(f"@{slug}.example")).tuples())
    skills = [{"user": ids[p["email"]], "skill": ai, "level": 4,
               "direction": "teach" if p["role"] == "mentor" else "learn"} for p in people]
    windows = [{"user": ids[p["email"]], "weekday": 1, "start": "09:00", "end": "11:00"} for p in people]
    profiles = [{"user": ids[p["email"]], "timezone": "Europe/London", "languages": "en"} for p in people]
    for model, rows in ((ProfileSkill, skills), (AvailabilityWindow, windows), (Profile, profiles)):
        for chunk in peewee.chunked(rows, 200):
            model.insert_many(chunk).execute()


def run_proposal(client, slug):
    return post_form(client, f"/t/{slug}/admin/pairing", {"mode": "best_total"}, f"/t/{slug}/admin/pairing/proposals")


def publish(client, slug, proposal_id):
    return post_form(client, f"/t/{slug}/admin/pairing", {}, f"/t/{slug}/admin/pairing/proposals/{proposal_id}/publish")
