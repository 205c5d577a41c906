"""Issuing certificates: a pairing's history read into the earning rule, and for each partner of
a pairing that earned one, the signed PDF kept, its code published, and an email saying so;
and revoking one.

A certificate is kept as the signed file it was issued as, never made again: its signature
covers the moment and the key of signing, so a copy made later would be another file (and,
after a change of key, signed by a key that did not issue it); and the names, programme and
logo it states are those of the day it was earned. Downloads and cohort zips then only read
files. The files live in the tenant's own folder, which goes with the tenant.

Jobs: `check_pairing` after each pair-space action, `issue_earned` every morning (the end of a
programme term earns certificates without anyone doing anything).
"""
import json
import logging
import os
import secrets
from dataclasses import dataclass
from datetime import date

import peewee
from flask import render_template

from tenants import platform
from tenants.certificates.codes import new_code
from tenants.certificates.document import CertificateFacts, certificate_pdf
from tenants.certificates.earning import EarningRule, PairingRecord, earned
from tenants.certificates.models import ROLE_NAMES, Certificate, earning_rule
from tenants.certificates.signing import fingerprint, sign_pdf
from tenants.jobs import job
from tenants.models import now
from tenants.pair_space.events import events_of
from tenants.pair_space.models import ClosingSurvey, person
from tenants.pairing.models import Pairing
from tenants.phases import PHASES, ROUTINIZATION, Event, Rules, journey
from tenants.program.models import current_program
from tenants.scope import current_tenant, database
from tenants.tracker.readings import programme_rules

log = logging.getLogger(__name__)
DEFAULT_COLOUR = "#1f5f8b"
PHASE_NAMES = {phase: phase.capitalize() for phase in PHASES}  # "Role-taking", …
SUBJECT_LENGTH = 150


@dataclass(frozen=True)
class Letterhead:
    """What every certificate a tenant issues today has in common, and the rules it applies,
    looked up once per job."""
    organisation: str
    programme: str
    colour: str
    logo: tuple | None
    term_end: date | None
    today: date
    rule: EarningRule
    rules: Rules  # the phase engine's


def letterhead(today=None):
    program = current_program()
    tenant = current_tenant()
    return Letterhead(organisation=tenant.name, programme=program.name,
                      colour=tenant.branding.get("color") or DEFAULT_COLOUR, logo=platform.logo(),
                      term_end=program.term_end, today=today or now().date(), rule=earning_rule(),
                      rules=programme_rules())


# --- reading a pairing ----------------------------------------------------------------------

def read_pairing(pairing, today, term_end, rules):
    """(PairingRecord, journey) of `pairing` on `today`: the journey is ((phase name, day first
    reached), …) in the phases' order, from the phase engine over the pairing's event log."""
    events = [Event(**event) for event in events_of(pairing)]
    first = {}
    for day, phase, _ in journey(events, today, rules):
        first.setdefault(phase, day)
    ended = pairing.ended.date() if pairing.status == "ended" and pairing.ended else None
    last = min(ended, today) if ended else today
    held = sum(1 for event in events if event.kind == "meeting_held" and event.on <= last)
    over = ended or (term_end if term_end is not None and term_end < today else None)
    surveys = ClosingSurvey.select().where(ClosingSurvey.pairing == pairing).count()
    stages = tuple((PHASE_NAMES[phase], first[phase]) for phase in PHASES if phase in first)
    return PairingRecord(first.get(ROUTINIZATION), held, surveys, over), stages


# --- issuing ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Due:
    """A certificate a pairing earned and has not had yet: what it will say, and why."""
    pairing: Pairing
    role: str
    facts: CertificateFacts
    stages: tuple
    reason: str


def due_from(pairing, head):
    """The certificates `pairing` earned and has not had yet (none, one or both partners')."""
    have = {c.role for c in Certificate.select(Certificate.role).where(Certificate.pairing == pairing)}
    # an erased partner earns nothing more: a certificate would name them again
    roles = [role for role in ("mentor", "mentee") if role not in have and person(pairing, role).erased is None]
    if not roles:
        return []
    record, stages = read_pairing(pairing, head.today, head.term_end, head.rules)
    verdict = earned(record, head.rule)
    if not verdict.earned:
        return []
    return [Due(pairing, role, facts_for(pairing, role, head, stages, record, new_code()), stages, verdict.reason)
            for role in roles]


def facts_for(pairing, role, head, stages, record, code):
    holder, partner = person(pairing, role), person(pairing, "mentee" if role == "mentor" else "mentor")
    return CertificateFacts(
        participant=holder.name, role=ROLE_NAMES[role], partner=partner.name, programme=head.programme,
        organisation=head.organisation, colour=head.colour, start=pairing.started.date(),
        end=record.over or head.today, journey=stages, meetings=record.meetings_held, code=code,
        verify_url=platform.verify_link(code), issued=head.today, logo=head.logo)


def signed_certificate(facts, identity):
    """The certificate's PDF, signed: the part of issuing that needs no database."""
    return sign_pdf(certificate_pdf(facts), identity, contact=facts.verify_url)


def issue(dues, progress=lambda done: None):
    """Make, sign and keep each of `dues`, email each holder, and call `progress` with the count
    done after each; returns the certificates issued. A read-only tenant (suspended, or unpaid)
    changes nothing: its certificates wait until it is writable again."""
    if current_tenant().read_only:
        return []
    issued, identity = [], platform.signing_identity() if dues else None
    for done, due in enumerate(dues, start=1):
        certificate = kept(due, signed_certificate(due.facts, identity), identity)
        if certificate is not None:
            notify(certificate)
            issued.append(certificate)
        progress(done)
    return issued


def issue_for(pairing, head):
    """Issue what `pairing` earned and has not had yet."""
    return issue(due_from(pairing, head))


def kept(due, pdf, identity):
    """The certificate, its signed file kept and its code published; None when another worker
    issued it first.

    In that order, so that a crash at any point leaves nothing that claims to exist: a file no
    row names, or a published code no certificate has, both of which lead nowhere.
    """
    facts = due.facts
    name = keep(pdf)
    platform.publish_code(facts.code)
    try:
        with database.atomic():
            return Certificate.create(
                pairing=due.pairing, user=person(due.pairing, due.role).id, role=due.role, code=facts.code,
                name=facts.participant, partner=facts.partner, programme=facts.programme,
                organisation=facts.organisation, starts=facts.start, ends=facts.end, meetings=facts.meetings,
                journey=json.dumps([(phase, day.isoformat()) for phase, day in due.stages], ensure_ascii=False),
                reason=due.reason, fingerprint=fingerprint(identity), file=name)
    except peewee.IntegrityError:
        (platform.files("certificates") / name).unlink(missing_ok=True)
        platform.withdraw_code(facts.code)
        return None


def keep(pdf):
    """Write `pdf` into the tenant's certificate folder under a new random name, whole or not at all."""
    folder = platform.files("certificates")
    name = f"{secrets.token_hex(16)}.pdf"
    partial = folder / f".{name}.partial"
    partial.write_bytes(pdf)
    os.replace(partial, folder / name)
    return name


def pdf_of(certificate):
    return (platform.files("certificates") / certificate.file).read_bytes()


def one_line(text, limit=SUBJECT_LENGTH):
    """`text` fit for an email header: every run of whitespace (line breaks too) one space, and short."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


def notify(certificate):
    """Email the holder that their certificate is ready, once: the claim is one conditional UPDATE."""
    if not Certificate.update(notified=now()).where(Certificate.id == certificate.id,
                                                    Certificate.notified.is_null()).execute():
        return
    platform.send_mail(
        certificate.user.email, one_line(f"Your certificate from {certificate.programme}"),
        render_template("mail/certificate_issued.txt", certificate=certificate, tenant=current_tenant(),
                        download=platform.link("certificates.download", certificate_id=certificate.id),
                        verify=platform.verify_link(certificate.code)))


def revoke(certificate, actor, reason):
    """Revoke a certificate, once: False when it already was. Its file stays, refused to downloads."""
    return bool(Certificate.update(revoked=now(), revoked_by=actor, revoke_reason=reason).where(
        Certificate.id == certificate.id, Certificate.revoked.is_null()).execute())


# --- jobs -------------------------------------------------------------------------------------

@job()
def check_pairing(pairing_id):
    """After a pair-space action: issue what the pairing has earned."""
    pairing = Pairing.get_or_none(Pairing.id == pairing_id)
    return len(issue_for(pairing, letterhead())) if pairing else 0


def pairings_to_check():
    """Pairings where at least one partner has no certificate yet."""
    complete = (Certificate.select(Certificate.pairing).group_by(Certificate.pairing)
                .having(peewee.fn.COUNT(Certificate.id) >= 2))
    return Pairing.select().where(Pairing.id.not_in(complete)).order_by(Pairing.id)


@job(every="20 6 * * *")
def issue_earned():
    """Every morning: issue every certificate earned and not issued yet (a term that ended
    yesterday earns them with nobody doing anything)."""
    head, dues = letterhead(), []
    for pairing in pairings_to_check():
        try:
            dues.extend(due_from(pairing, head))
        except ValueError as error:  # a history the phase engine refuses: the other pairings still get theirs
            log.error("certificates: pairing %s of %s not checked: %s", pairing.id, current_tenant().slug, error)
    return len(issue(dues))
