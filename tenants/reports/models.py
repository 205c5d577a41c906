"""What reports keep: each programme report asked for, its progress, and the file it made."""
import peewee

from tenants.models import TenantModel, now


class ProgrammeReport(TenantModel):
    """A programme report, named or anonymised, built by a job.

    `running` holds the kind's key while the report is queued or running, and is unique: a
    second request at the same moment finds this report instead of starting another.
    `fingerprint` is that of the figures it shows: while today's figures have the same, the
    file is current and is handed out again.
    """
    anonymised = peewee.BooleanField(default=False)
    requested_by = peewee.CharField()
    running = peewee.CharField(null=True, unique=True)
    status = peewee.CharField(default="queued")  # queued → running → done | failed
    step = peewee.CharField(default="")  # what the job is doing, in words
    percent = peewee.IntegerField(default=0)
    fingerprint = peewee.CharField(default="")
    file = peewee.CharField(null=True)
    created = peewee.DateTimeField(default=now)
    touched = peewee.DateTimeField(default=now)  # the job's last sign of life
    finished = peewee.DateTimeField(null=True)
