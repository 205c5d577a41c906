"""The charter, the pair's "hard glue": what each wants to learn and to give, what success
looks like, how often and how they meet, confidentiality and cancelling. Both sign it; any
change makes a new version and re-opens both signatures, and every version is kept."""
import peewee

from tenants.models import now
from tenants.pair_space import events
from tenants.pair_space.models import CharterSignature, CharterVersion
from tenants.pair_space.space import Outdated, Refused, first_name, writable
from tenants.program.models import current_program
from tenants.scope import database

MEETING_WAYS = {"in_person": "In person", "video": "By video call", "mixed": "A mix of in person and video",
                "phone": "By phone"}
DEFAULT_CONFIDENTIALITY = "What we say to each other stays between us, unless we both agree to share it."
DEFAULT_CANCELLATION = "If one of us cannot make it, we say so at least a day ahead and offer a new time."
SHARED = ("success", "cadence_days", "how_we_meet", "confidentiality", "cancellation")
LABELS = {"mentor_learn": "the mentor’s learning", "mentor_give": "what the mentor gives",
          "mentee_learn": "the mentee’s learning", "mentee_give": "what the mentee gives",
          "success": "what success looks like", "cadence_days": "how often you meet",
          "how_we_meet": "how you meet", "confidentiality": "confidentiality", "cancellation": "cancelling"}
FIELDS = tuple(LABELS)


def current_charter(pairing):
    return (CharterVersion.select().where(CharterVersion.pairing == pairing)
            .order_by(CharterVersion.number.desc()).first())


def starting_point(pairing):
    """What a first charter's form starts from: the programme's rule and our suggestions."""
    return CharterVersion(pairing=pairing, number=0, cadence_days=current_program().cadence_days,
                          confidentiality=DEFAULT_CONFIDENTIALITY, cancellation=DEFAULT_CANCELLATION,
                          how_we_meet="video")


def signatures(version):
    """{role: when} for the partners who signed `version`."""
    if version is None or version.id is None:
        return {}
    return {s.by: s.signed for s in CharterSignature.select().where(CharterSignature.version == version)}


def save(seat, values, based_on):
    """A new version from the viewer's own objectives and the shared parts in `values`.

    based_on: the version number the viewer edited; when the partner saved one since, nothing
    is written and Refused says so. A change to a signed charter re-opens its signatures.
    """
    writable(seat)
    with database.atomic():
        current = current_charter(seat.pairing)
        if (current.number if current else 0) != based_on:
            raise Outdated(f"{first_name(seat.partner)} changed the charter while you were editing it. "
                           "Here is their version: make your changes again.")
        base = current or starting_point(seat.pairing)
        mine = (f"{seat.role}_learn", f"{seat.role}_give")
        written = {name: values[name] if name in mine or name in SHARED else getattr(base, name) for name in FIELDS}
        if current and all(written[name] == getattr(current, name) for name in FIELDS):
            raise Refused("Nothing changed: the charter is as it was.")
        try:
            with database.atomic():
                version = CharterVersion.create(pairing=seat.pairing, number=(current.number if current else 0) + 1,
                                                written_by=seat.role, written=now(), **written)
        except peewee.IntegrityError:  # the partner saved the same version number a moment before
            raise Outdated(f"{first_name(seat.partner)} changed the charter while you were editing it. "
                           "Here is their version: make your changes again.") from None
        if signatures(current):
            events.write(seat.pairing, "charter_reopened", by=seat.role)
    return version


def sign(seat, number):
    """Sign version `number`, which must still be the charter."""
    writable(seat)
    with database.atomic():
        current = current_charter(seat.pairing)
        if current is None:
            raise Refused("There is no charter to sign yet: write it first.")
        if current.number != number:
            raise Outdated(f"{first_name(seat.partner)} changed the charter since you opened it: "
                           "read the new version before you sign.")
        if seat.role in signatures(current):
            raise Refused("You have already signed this version.")
        CharterSignature.create(version=current, by=seat.role, signed=now())
        events.write(seat.pairing, "charter_signed", by=seat.role)
    return current


def history(pairing):
    """Every version, newest first, with who wrote it, when, what changed and who signed it:
    [(version, [labels of changed parts], {role: signed})]."""
    versions = list(CharterVersion.select().where(CharterVersion.pairing == pairing).order_by(CharterVersion.number))
    signed = {}
    for s in CharterSignature.select().where(CharterSignature.version.in_([v.id for v in versions] or [0])):
        signed.setdefault(s.version_id, {})[s.by] = s.signed
    described, before = [], None
    for version in versions:
        changed = [LABELS[name] for name in FIELDS if before is None or getattr(version, name) != getattr(before, name)]
        described.append((version, changed if before else [], signed.get(version.id, {})))
        before = version
    return described[::-1]
