"""What reports keep: each programme report asked for, its progress, and the file it made."""
import peewee

from tenants.models import BuiltByJob


class ProgrammeReport(BuiltByJob):
    """A programme report, named or anonymised; `running` holds the kind's key. `fingerprint` is
    that of the figures it shows: while today's figures have the same, the file is current and
    is handed out again."""
    anonymised = peewee.BooleanField(default=False)
    step = peewee.CharField(default="")  # what the job is doing, in words
    percent = peewee.IntegerField(default=0)
    fingerprint = peewee.CharField(default="")
