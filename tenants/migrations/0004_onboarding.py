"""Onboarding: programme settings, skills catalogue, profile questions, cohorts, invitations,
profiles (skills, goals, availability), and CSV import batches."""
import datetime

from peewee import BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, Model, TextField

# Every tenant starts with this skills catalogue; its admin edits it from there.
DEFAULT_SKILLS = ["Social media", "Collaboration tools", "AI tools", "Data literacy", "Mobile apps",
                  "Generational perspectives on work", "Digital marketing", "Online privacy and security",
                  "Video and content creation", "Remote and hybrid working", "Diversity and inclusion",
                  "Sustainability", "Personal branding", "Career development", "Strategic thinking",
                  "Leadership and influence", "Navigating the organisation", "Presenting with confidence"]


def up(migrator, db):
    now = datetime.datetime.utcnow

    class User(Model):
        class Meta:
            table_name = "user"

    class Cohort(Model):
        name = CharField(unique=True)
        created = DateTimeField(default=now)

        class Meta:
            table_name = "cohort"

    class Skill(Model):
        name = CharField(unique=True)
        active = BooleanField(default=True)
        position = IntegerField(default=0)

        class Meta:
            table_name = "skill"

    class ProfileQuestion(Model):
        text = CharField()
        kind = CharField()
        options = TextField(default="[]")
        required = BooleanField(default=False)
        position = IntegerField(default=0)
        active = BooleanField(default=True)

        class Meta:
            table_name = "profile_question"

    class Profile(Model):
        user = ForeignKeyField(User, unique=True, on_delete="CASCADE")
        timezone = CharField(default="")
        languages = CharField(default="")
        values = TextField(default="{}")
        diversity_consent = BooleanField(default=False)
        diversity = TextField(default="{}")
        answers = TextField(default="{}")
        steps_done = TextField(default="[]")

        class Meta:
            table_name = "profile"

    class ProfileSkill(Model):
        user = ForeignKeyField(User, on_delete="CASCADE")
        skill = ForeignKeyField(Skill, on_delete="CASCADE")
        direction = CharField()
        level = IntegerField()

        class Meta:
            table_name = "profile_skill"
            indexes = ((("user", "skill", "direction"), True),)

    class LearningGoal(Model):
        user = ForeignKeyField(User, on_delete="CASCADE")
        text = TextField()
        progress = IntegerField(default=0)
        created = DateTimeField(default=now)
        updated = DateTimeField(default=now)

        class Meta:
            table_name = "learning_goal"

    class AvailabilityWindow(Model):
        user = ForeignKeyField(User, on_delete="CASCADE")
        weekday = IntegerField()
        start = CharField()
        end = CharField()

        class Meta:
            table_name = "availability_window"

    class ImportBatch(Model):
        created = DateTimeField(default=now)
        created_by = CharField()
        filename = CharField()
        status = CharField(default="previewed")
        total = IntegerField(default=0)
        done = IntegerField(default=0)
        rows = TextField(default="[]")

        class Meta:
            table_name = "import_batch"

    migrator.migrate(
        migrator.add_column("program", "term_start", DateField(null=True)),
        migrator.add_column("program", "term_end", DateField(null=True)),
        migrator.add_column("program", "cadence_days", IntegerField(default=31)),
        migrator.add_column("program", "ask_diversity", BooleanField(default=False)),
        migrator.add_column("user", "manager_email", CharField(default="")),
        migrator.add_column("user", "invited", DateTimeField(null=True)),
        migrator.add_column("user", "invitation_revoked", DateTimeField(null=True)),
        migrator.add_column("user", "accepted", DateTimeField(null=True)),
        migrator.add_column("user", "profile_completed", DateTimeField(null=True)),
        migrator.add_column("user", "trained", DateTimeField(null=True)),
    )
    models = [Cohort, Skill, ProfileQuestion, Profile, ProfileSkill, LearningGoal, AvailabilityWindow, ImportBatch]
    with db.bind_ctx(models):
        db.create_tables(models)
        Skill.insert_many([{"name": name, "position": n} for n, name in enumerate(DEFAULT_SKILLS)]).execute()
    migrator.migrate(migrator.add_column("user", "cohort_id", ForeignKeyField(Cohort, null=True, field=Cohort.id,
                                                                             on_delete="SET NULL")))
