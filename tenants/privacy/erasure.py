"""Erasing a person: their personal data goes, and their pairings stay as anonymised history, so
that the programme's counts, phases and reports still add up.

What goes: their name and email (the row is renamed, so pairings keep both ends), profile,
skills, availability, goals' words, the notes, offers, comments and requests they wrote, their
certificates (and every cohort zip of certificates, and every named programme report),
decisions and shortlists about them, their sign-in, sessions and invitation; then
every other text in the tenant's database that still spells their name or email (audit lines,
proposals, charters, a partner's certificate) says ERASED_NAME instead. The platform forgets its
own copies (mail to them, sign-in records). What stays: that a pairing existed, its dates,
phases, meetings held and scores, without a word anyone could read them by.
"""
import functools
import json
import operator
import re

import peewee

from tenants import platform
from tenants.audit import record
from tenants.certificates.models import Certificate, CertificateBatch
from tenants.goals.models import Goal, GoalUpdate
from tenants.models import every_model, now
from tenants.onboarding.models import AvailabilityWindow, Profile, ProfileSkill
from tenants.pair_space import events
from tenants.pair_space.models import HelpRequest, Meeting, MeetingNote, Offer, PulseAnswer, ReminderSent, role_in
from tenants.pairing.board import save_pairs
from tenants.pairing.models import NotPaired, PairDecision, Pairing, PairingProposal, ShortlistOffer
from tenants.people.models import User
from tenants.reports.building import FOLDER as REPORTS
from tenants.reports.models import ProgrammeReport
from tenants.scope import database

ERASED_NAME = "Former participant"
ENDED_BY_ERASURE = "A partner left the programme."
# The columns that name other people in their own right: a namesake's name is not swept away.
IDENTITIES = {(User, "name"), (User, "email"), (Certificate, "name")}


def erase(person, actor):
    """Erase `person` (a participant); returns how many pairings stay as anonymised history."""
    name, email = person.name, person.email
    with database.atomic():
        pairings = list(Pairing.select().where((Pairing.mentor == person.id) | (Pairing.mentee == person.id)))
        for pairing in pairings:
            if pairing.status == "active":
                end(pairing)
            forget_what_they_wrote(pairing, role_in(pairing, person))
        certificates = forget_about(person)
        # a cohort's zip may hold their certificate: each goes (the programme manager builds it again)
        zips = [batch.file for batch in CertificateBatch.select().where(CertificateBatch.file.is_null(False))]
        CertificateBatch.update(file=None).where(CertificateBatch.file.is_null(False)).execute()
        # so may a named programme report: each goes (asked again, it is built afresh without them)
        reports = [report.file for report in ProgrammeReport.select().where(
            ProgrammeReport.file.is_null(False), ProgrammeReport.anonymised == False)]  # noqa: E712 (SQL)
        ProgrammeReport.update(file=None).where(ProgrammeReport.file.is_null(False),
                                                ProgrammeReport.anonymised == False).execute()  # noqa: E712
        leave_open_proposals(person)
        anonymise(person)
        sweep(needles(name, email))
        record(actor, "erased a person", detail=f"person #{person.id}; {len(pairings)} pairings kept as anonymised history")
    for certificate in certificates:  # files and public codes, once the rows are gone for good
        (platform.files("certificates") / certificate.file).unlink(missing_ok=True)
        platform.withdraw_code(certificate.code)
    for name in zips:
        (platform.files("certificate-zips") / name).unlink(missing_ok=True)
    for name in reports:
        (platform.files(REPORTS) / name).unlink(missing_ok=True)
    platform.forget_person(email, name)
    platform.seats_changed()
    platform.numbers_changed()
    return len(pairings)


def end(pairing):
    """End an active pairing: the partner can be paired again (and is told so on their home page)."""
    pairing.status, pairing.ended, pairing.end_reason = "ended", now(), ENDED_BY_ERASURE
    pairing.save()
    events.write(pairing, "ended", on=pairing.ended.date())


def forget_what_they_wrote(pairing, role):
    """Blank the words `role` wrote in `pairing`; the facts (dates, statuses, scores) stay."""
    meetings = Meeting.select(Meeting.id).where(Meeting.pairing == pairing)
    MeetingNote.delete().where(MeetingNote.meeting.in_(meetings), MeetingNote.by == role).execute()
    Meeting.update(agenda="").where(Meeting.pairing == pairing, Meeting.planned_by == role).execute()
    Meeting.update(cancel_reason="").where(Meeting.pairing == pairing, Meeting.cancelled_by == role).execute()
    Offer.update(text="").where(Offer.pairing == pairing, Offer.by == role).execute()
    Offer.update(reason="").where(Offer.pairing == pairing, Offer.by != role).execute()  # their answer to one
    PulseAnswer.update(comment="", share_comment=False).where(PulseAnswer.pairing == pairing,
                                                              PulseAnswer.by == role).execute()
    HelpRequest.update(text="").where(HelpRequest.pairing == pairing, HelpRequest.by == role).execute()


def forget_about(person):
    """Delete what is only about `person`; returns their certificates (deleted: each names its holder)."""
    for model in (Profile, ProfileSkill, AvailabilityWindow, ReminderSent):
        model.delete().where(model.user == person.id).execute()
    goals = Goal.select(Goal.id).where(Goal.user == person.id)
    GoalUpdate.update(text="").where(GoalUpdate.goal.in_(goals)).execute()
    Goal.update(text="").where(Goal.user == person.id).execute()  # kept: goals achieved still count
    PairDecision.delete().where((PairDecision.mentor == person.id) | (PairDecision.mentee == person.id)).execute()
    ShortlistOffer.delete().where(ShortlistOffer.mentee == person.id).execute()
    ShortlistOffer.update(chosen=None).where(ShortlistOffer.chosen == person.id).execute()
    certificates = list(Certificate.select().where(Certificate.user == person.id))
    Certificate.delete().where(Certificate.user == person.id).execute()
    return certificates


def leave_open_proposals(person):
    """Take `person` out of the open proposal and of seniors' shortlists, so that nobody publishes
    or picks a pairing with them; a proposed partner is listed as not paired, saying why."""
    for draft in PairingProposal.select().where(PairingProposal.status == "draft"):
        pairs = draft.read("pairs")
        theirs = [pair for pair in pairs if person.id in (pair["mentor_id"], pair["mentee_id"])]
        left = [{"person_id": partner, "name": User.get_by_id(partner).name, "role": role, "rule": "removed",
                 "reason": "Their proposed partner left the programme."}
                for pair in theirs for partner, role in ((pair["mentor_id"], "mentor"), (pair["mentee_id"], "mentee"))
                if partner != person.id]
        unmatched = [u for u in draft.read("unmatched") if u["person_id"] != person.id] + left
        save_pairs(draft, [pair for pair in pairs if pair not in theirs], unmatched)
    # Earlier proposals stay to compare totals with; the people they left unpaired are listed by name.
    NotPaired.delete().where(NotPaired.person == person.id).execute()
    for offer in ShortlistOffer.select():
        kept = [candidate for candidate in offer.offers if candidate["mentor_id"] != person.id]
        if len(kept) != len(offer.offers):
            ShortlistOffer.update(candidates=json.dumps(kept)).where(ShortlistOffer.id == offer.id).execute()


def anonymise(person):
    """The person's row keeps only what the history needs: an id, a role, the onboarding dates and
    their place in the reporting chart (so that pairing still keeps everyone out of their own
    management chain through them)."""
    User.update(name=ERASED_NAME, email=f"erased-{person.id}@erased.invalid", password_hash=None, department="",
                job_title="", job_level=0, manager_email="", cohort=None, invited=None,
                invitation_revoked=None, accepted=None, erased=now(),
                session_version=User.session_version + 1).where(User.id == person.id).execute()


def needles(name, email):
    """The spellings of a name and an email to sweep: as typed, and as JSON escapes them."""
    found = set()
    for text in (name, email):
        text = text.strip()
        if len(text) >= 2:
            found |= {text, json.dumps(text)[1:-1]}
    return found


def sweep(texts):
    """Replace each of `texts` (a whole word, any case) with ERASED_NAME in every text column of
    the tenant's database."""
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(text)}(?!\w)"
                                  for text in sorted(texts, key=len, reverse=True)), re.IGNORECASE)
    for model, field in text_columns():
        key = model._meta.primary_key
        found = model.select(key, field).where(
            functools.reduce(operator.or_, [field.contains(text) for text in texts])).tuples()
        for row_key, value in list(found):
            swept = pattern.sub(ERASED_NAME, value)
            if swept != value:
                model.update({field: swept}).where(key == row_key).execute()


def text_columns():
    """(model, field) for every text column of every tenant model."""
    for model in every_model():
        for field in model._meta.sorted_fields:
            if isinstance(field, (peewee.CharField, peewee.TextField)) and (model, field.name) not in IDENTITIES:
                yield model, field
