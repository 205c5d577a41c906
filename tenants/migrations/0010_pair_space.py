"""The pair space: the pairing's event log, charter versions and signatures, meetings and notes,
offers, pulse answers, closing surveys, requests for help, reminders sent; goals tied to a
pairing with dated updates; the pulse rhythm in the programme. Existing pairings get their
`started` (and, when over, `ended`) event, and their partners' goals."""
import datetime

from peewee import BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, Model, TextField


def up(migrator, db):
    now = datetime.datetime.utcnow

    class User(Model):
        class Meta:
            table_name = "user"

    class Pairing(Model):
        mentor = ForeignKeyField(User)
        mentee = ForeignKeyField(User)
        started = DateTimeField()
        status = CharField()
        ended = DateTimeField(null=True)

        class Meta:
            table_name = "pairing"

    class Goal(Model):
        user = ForeignKeyField(User)
        status = CharField()
        pairing = ForeignKeyField(Pairing, null=True)

        class Meta:
            table_name = "goal"

    class PairingEvent(Model):
        pairing = ForeignKeyField(Pairing, on_delete="CASCADE")
        on = DateField()
        kind = CharField()
        by = CharField(null=True)
        data = TextField(default="{}")
        written = DateTimeField(default=now)

        class Meta:
            table_name = "pairing_event"
            indexes = ((("pairing", "on"), False),)

    class CharterVersion(Model):
        pairing = ForeignKeyField(Pairing, on_delete="CASCADE")
        number = IntegerField()
        mentor_learn = TextField(default="")
        mentor_give = TextField(default="")
        mentee_learn = TextField(default="")
        mentee_give = TextField(default="")
        success = TextField(default="")
        cadence_days = IntegerField()
        confidentiality = TextField(default="")
        cancellation = TextField(default="")
        how_we_meet = CharField(default="")
        written_by = CharField()
        written = DateTimeField(default=now)

        class Meta:
            table_name = "charter_version"
            indexes = ((("pairing", "number"), True),)

    class CharterSignature(Model):
        version = ForeignKeyField(CharterVersion, on_delete="CASCADE")
        by = CharField()
        signed = DateTimeField(default=now)

        class Meta:
            table_name = "charter_signature"
            indexes = ((("version", "by"), True),)

    class Meeting(Model):
        pairing = ForeignKeyField(Pairing, on_delete="CASCADE")
        uid = CharField(unique=True)
        planned_by = CharField(null=True)
        starts = DateTimeField()
        minutes = IntegerField(default=60)
        timezone = CharField(default="UTC")
        place = CharField(default="")
        agenda = TextField(default="")
        status = CharField(default="planned")
        initiated_by = CharField(null=True)
        cancelled_by = CharField(null=True)
        cancel_reason = TextField(default="")
        sequence = IntegerField(default=0)
        created = DateTimeField(default=now)
        changed = DateTimeField(default=now)

        class Meta:
            table_name = "meeting"

    class MeetingNote(Model):
        meeting = ForeignKeyField(Meeting, on_delete="CASCADE")
        by = CharField()
        text = TextField()
        written = DateTimeField(default=now)

        class Meta:
            table_name = "meeting_note"

    class Offer(Model):
        pairing = ForeignKeyField(Pairing, on_delete="CASCADE")
        by = CharField()
        kind = CharField()
        text = TextField()
        made = DateTimeField(default=now)
        status = CharField(default="pending")
        answered = DateTimeField(null=True)
        reason = TextField(default="")
        counters = ForeignKeyField("self", null=True, on_delete="SET NULL")

        class Meta:
            table_name = "offer"

    class PulseAnswer(Model):
        pairing = ForeignKeyField(Pairing, on_delete="CASCADE")
        by = CharField()
        round = IntegerField()
        clarity = IntegerField()
        needs = IntegerField()
        trust = IntegerField()
        effectiveness = IntegerField()
        learning = IntegerField()
        comment = TextField(default="")
        share_comment = BooleanField(default=False)
        answered = DateTimeField(default=now)

        class Meta:
            table_name = "pulse_answer"
            indexes = ((("pairing", "by", "round"), True),)

    class ClosingSurvey(Model):
        pairing = ForeignKeyField(Pairing, on_delete="CASCADE")
        by = CharField()
        skills = TextField(default="[]")
        goals_met = CharField()
        stay = IntegerField(null=True)
        recommend = IntegerField()
        answered = DateTimeField(default=now)

        class Meta:
            table_name = "closing_survey"
            indexes = ((("pairing", "by"), True),)

    class HelpRequest(Model):
        pairing = ForeignKeyField(Pairing, on_delete="CASCADE")
        by = CharField()
        kind = CharField()
        text = TextField()
        created = DateTimeField(default=now)

        class Meta:
            table_name = "help_request"

    class ReminderSent(Model):
        user = ForeignKeyField(User, on_delete="CASCADE")
        sent = DateTimeField(default=now, index=True)
        items = IntegerField(default=1)

        class Meta:
            table_name = "reminder_sent"

    class GoalUpdate(Model):
        goal = ForeignKeyField(Goal, on_delete="CASCADE")
        progress = IntegerField()
        text = TextField(default="")
        status = CharField(default="open")
        on = DateTimeField(default=now)

        class Meta:
            table_name = "goal_update"

    migrator.migrate(
        migrator.add_column("goal", "pairing_id", ForeignKeyField(Pairing, null=True, on_delete="SET NULL",
                                                                  field=Pairing.id)),
        migrator.add_column("goal", "status", CharField(default="open")),
        migrator.add_column("program", "pulse_every_days", IntegerField(default=30)),
        migrator.add_column("program", "pulse_open_days", IntegerField(default=14)),
    )
    models = [PairingEvent, CharterVersion, CharterSignature, Meeting, MeetingNote, Offer, PulseAnswer,
              ClosingSurvey, HelpRequest, ReminderSent, GoalUpdate]
    with db.bind_ctx(models + [Pairing, Goal]):
        db.create_tables(models)
        for pairing in Pairing.select():
            PairingEvent.create(pairing=pairing, on=pairing.started.date(), kind="started")
            if pairing.status == "ended" and pairing.ended:
                PairingEvent.create(pairing=pairing, on=pairing.ended.date(), kind="ended")
            else:
                Goal.update(pairing=pairing).where(Goal.user.in_([pairing.mentor_id, pairing.mentee_id]),
                                                   Goal.pairing.is_null()).execute()
