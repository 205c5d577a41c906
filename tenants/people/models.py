"""The people of a tenant: its programme managers and the participants (mentors and mentees),
and the participant files uploaded to invite many at once."""
import peewee
from flask_login import UserMixin

from tenants import platform
from tenants.forms import number_in
from tenants.models import Compiled, TenantModel, now
from tenants.program.models import Cohort

ROLES = {"admin": "Programme manager", "mentor": "Mentor", "mentee": "Mentee"}
PARTICIPANT_ROLES = ("mentor", "mentee")
FUNNEL = ["invited", "accepted", "profile complete", "trained"]
# Job levels, junior to senior. In reverse mentoring the mentor is the junior partner.
JOB_LEVELS = {1: "Trainee / apprentice", 2: "Graduate / entry level", 3: "Associate", 4: "Senior associate",
              5: "Manager", 6: "Senior manager", 7: "Director", 8: "Senior director / VP", 9: "Executive"}


class User(UserMixin, TenantModel):
    email = peewee.CharField(unique=True)
    name = peewee.CharField()
    role = peewee.CharField(choices=list(ROLES.items()))
    password_hash = peewee.CharField(null=True)
    department = peewee.CharField(default="")
    job_title = peewee.CharField(default="")
    job_level = peewee.IntegerField(default=0)
    manager = peewee.ForeignKeyField("self", null=True, backref="reports", on_delete="SET NULL")
    manager_email = peewee.CharField(default="")  # a manager who is not on MentorUp
    cohort = peewee.ForeignKeyField(Cohort, null=True, backref="members", on_delete="SET NULL")
    created = peewee.DateTimeField(default=now)
    # Onboarding, step by step; `status` reads them.
    invited = peewee.DateTimeField(null=True)
    invitation_revoked = peewee.DateTimeField(null=True)
    accepted = peewee.DateTimeField(null=True)
    profile_completed = peewee.DateTimeField(null=True)
    trained = peewee.DateTimeField(null=True)
    reminded = peewee.DateTimeField(null=True)  # the last reminder of a stalled step (one a week at most)
    # Every session carries the version it was started under; raising it ends them all.
    session_version = peewee.IntegerField(default=0)
    # Erased (tenants.privacy.erasure): anonymised, kept only so that their pairings add up.
    erased = peewee.DateTimeField(null=True)

    def get_id(self):
        return f"user:{self.id}"

    def end_sessions(self):
        """Sign this person out everywhere: every session they have stops working now."""
        User.update(session_version=User.session_version + 1).where(User.id == self.id).execute()

    @property
    def role_label(self):
        return ROLES[self.role]

    @property
    def status(self):
        """Where this person is in onboarding, in the words of the admin's funnel."""
        if self.trained and self.profile_completed:
            return "trained"
        if self.profile_completed:
            return "profile complete"
        # A withdrawn invitation stays withdrawn, whatever a password reset once did.
        if self.invitation_revoked:
            return "revoked"
        if self.accepted or self.password_hash:
            return "accepted"
        return "invited" if self.invited else "not invited"

    @property
    def is_participant(self):
        return self.role in PARTICIPANT_ROLES


def find_user(email):
    """The user with this (already lower-cased) email, or None."""
    return User.get_or_none(User.email == email)


class ImportBatch(TenantModel):
    """An uploaded participant file, kept between its preview and its import."""
    created = peewee.DateTimeField(default=now)
    created_by = peewee.CharField()
    filename = peewee.CharField()
    status = peewee.CharField(default="previewed")  # previewed → importing → done | failed (→ importing again)
    total = peewee.IntegerField(default=0)
    done = peewee.IntegerField(default=0)
    rows = peewee.TextField(default="[]")  # the checked rows, as JSON
    added = peewee.DateTimeField(null=True)  # everyone was added (then the invitations go out)
    problem = peewee.TextField(default="")  # why it failed, in a sentence for the admin

    @property
    def percent(self):
        """How far the import is; while it runs, the job reports through the platform."""
        if self.status != "importing":
            return 100 if self.status == "done" else 0
        return platform.progress(f"import-{self.id}") or 0


def with_status(status):
    """A condition on User rows: their onboarding status is `status` (see User.status)."""
    no_profile = User.profile_completed.is_null()
    not_accepted = no_profile & User.accepted.is_null() & User.password_hash.is_null()
    return {
        "trained": User.trained.is_null(False) & User.profile_completed.is_null(False),
        "profile complete": User.profile_completed.is_null(False) & User.trained.is_null(),
        "accepted": no_profile & User.invitation_revoked.is_null()
        & (User.accepted.is_null(False) | User.password_hash.is_null(False)),
        "revoked": no_profile & User.invitation_revoked.is_null(False),
        "invited": not_accepted & User.invitation_revoked.is_null() & User.invited.is_null(False),
        "not invited": not_accepted & User.invitation_revoked.is_null() & User.invited.is_null(),
    }[status]


# Every signed-in page loads its user first: the query is written once (tenants.models.Compiled).
_user_by_id = Compiled(lambda pk: User.select().where(User.id == pk))


def user_by_id(pk):
    """The user with this id (a number, or its digits), or None."""
    number = number_in(pk)
    return None if number is None else next(iter(_user_by_id(number)), None)


def departments():
    """The participants' departments, by name (the people list's filter)."""
    return sorted(user.department for user in _departments())


def participants():
    """Everyone in the programme as a mentor or a mentee (programme managers are not, nor the erased)."""
    return User.select().where(User.role.in_(PARTICIPANT_ROLES), User.erased.is_null())


def manager_loop(user, manager):
    """The chain of names that making `manager` the manager of `user` would close, or None."""
    chart = dict(User.select(User.id, User.manager).tuples())
    chart[user.id] = manager.id
    loop = management_loops(chart).get(user.id)
    if loop is None:
        return None
    names = dict(User.select(User.id, User.name).where(User.id.in_(loop)).tuples())
    return [names[person] for person in loop]


def management_loops(manager_of):
    """For each person in a loop of managers, the loop as seen from them: [a, b, …, a].

    Each person is walked through once, so a long chain of 20,000 costs 20,000 steps.
    """
    visited, loops = set(), {}
    for start in manager_of:
        path, position = [], {}
        person = start
        while person in manager_of and person not in visited:
            visited.add(person)
            position[person] = len(path)
            path.append(person)
            person = manager_of[person]
        if person in position:
            loop = path[position[person]:]
            for n, member in enumerate(loop):
                loops[member] = loop[n:] + loop[:n] + [member]
    return loops


# Every view of the people list offers its departments: the query is written once, and an
# index on (department, role, erased) answers it without reading the table (migration 0092).
_departments = Compiled(lambda: participants().select(User.department).where(User.department != "").distinct())
