"""The programme managers hear of trouble: a low-trust flag at once ("a coach check-in is
advised"), every other new red flag in a digest, one email a day at most and only when there is
something new. Each flag is claimed with one conditional UPDATE, so it is told once even when
two workers run the same job."""
import datetime

from flask import render_template

from tenants import platform
from tenants.jobs import job
from tenants.models import now
from tenants.pairing.models import Pairing
from tenants.people.models import User
from tenants.phases import RED
from tenants.phases.reasons import FLAG_NAMES
from tenants.program.models import current_program
from tenants.scope import current_tenant
from tenants.tracker.models import FlagRaised


def managers():
    """The programme managers who can sign in to act on an email."""
    return list(User.select().where(User.role == "admin", User.password_hash.is_null(False)))


def claim(flags, column):
    """The flags of `flags` this run is first to mark in `column` (alerted or digested)."""
    claimed_at = now()
    return [flag for flag in flags
            if FlagRaised.update({column: claimed_at}).where(FlagRaised.id == flag.id, column.is_null()).execute()]


@job()
def alert_low_trust():
    """Email every programme manager about each low-trust flag nobody was told of yet."""
    flags = claim(FlagRaised.select().where(FlagRaised.name == "low_trust", FlagRaised.alerted.is_null())
                  .order_by(FlagRaised.id), FlagRaised.alerted)
    for flag in flags:
        pairing = Pairing.get_by_id(flag.pairing_id)
        for manager in managers():
            platform.send_mail(manager.email, f"A coach check-in is advised: {pairing.mentor.name} & {pairing.mentee.name}",
                               render_template("mail/low_trust.txt", manager=manager, pairing=pairing, flag=flag,
                                               link=platform.link("tracker.pairing", pairing_id=pairing.id),
                                               tenant=current_tenant(), program=current_program()))
    return len(flags)


@job(every="30 7 * * *")
def send_digest():
    """One email a day to the programme managers with the red flags raised since the last one."""
    alert_low_trust()  # an alert queued by a transaction that had not committed yet found nothing then
    today = datetime.datetime.combine(now().date(), datetime.time())
    if FlagRaised.select().where(FlagRaised.digested >= today).exists():
        return 0
    flags = claim(FlagRaised.select().where(FlagRaised.level == RED, FlagRaised.name != "low_trust",
                                            FlagRaised.digested.is_null()).order_by(FlagRaised.id),
                  FlagRaised.digested)
    if not flags:
        return 0
    by_pairing = {}
    for flag in flags:
        by_pairing.setdefault(flag.pairing_id, {})[flag.name] = flag  # a flag raised twice is told once
    pairings = {p.id: p for p in Pairing.select().where(Pairing.id.in_(list(by_pairing)))}
    told = [(pairings[pairing_id], [(FLAG_NAMES[flag.name], flag) for flag in named.values()],
             platform.link("tracker.pairing", pairing_id=pairing_id)) for pairing_id, named in by_pairing.items()]
    for manager in managers():
        platform.send_mail(manager.email, f"Phases: new red flags on {len(told)} pairing{'s' * (len(told) > 1)}",
                           render_template("mail/phase_digest.txt", manager=manager, told=told,
                                           dashboard=platform.link("tracker.dashboard"), tenant=current_tenant(),
                                           program=current_program()))
    return len(told)
