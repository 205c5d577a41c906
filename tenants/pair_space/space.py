"""A pairing as one of its two partners sees it: finding it for them, who is who, their time
zone, and the refusals every action shares."""
import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tenants.models import now
from tenants.onboarding.models import Profile
from tenants.pair_space.models import role_in
from tenants.pairing.models import Pairing
from tenants.people.models import User

MAX_TEXT = 2000  # any text a partner writes
MAX_LINE = 300  # a one-line text: an offer, a place


class Refused(Exception):
    """An action the rules do not allow, in a sentence; `field` names the form field it is about."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


class Outdated(Refused):
    """The partner changed the thing meanwhile (a conflict, not a mistake)."""


class PairingOver(Exception):
    """The pairing has ended: its history is read-only."""


@dataclass(frozen=True)
class Seat:
    """One partner's place in a pairing."""
    pairing: Pairing
    role: str  # "mentor" or "mentee"
    me: User
    partner: User

    @property
    def partner_role(self):
        return "mentee" if self.role == "mentor" else "mentor"

    @property
    def active(self):
        return self.pairing.status == "active"

    def name_of(self, role):
        """How a page speaks of the partner in `role` to this viewer: "you" or their first name."""
        return "you" if role == self.role else first_name(self.partner)


def seat_of(user, pairing_id):
    """`user`'s seat in pairing `pairing_id`, or None when they are not one of its partners."""
    if not user.is_authenticated or user.id is None:
        return None
    pairing = (Pairing.select().where(Pairing.id == pairing_id,
                                      (Pairing.mentor == user.id) | (Pairing.mentee == user.id)).first())
    if pairing is None:
        return None
    role = role_in(pairing, user)
    return Seat(pairing, role, user, pairing.mentee if role == "mentor" else pairing.mentor)


def writable(seat):
    """Raise PairingOver unless the pairing is active."""
    if not seat.active:
        raise PairingOver("This pairing has ended: its history is kept, read-only.")


def first_name(user):
    return user.name.split()[0] if user.name.strip() else user.name


def zone_name(user):
    profile = Profile.get_or_none(Profile.user == user.id)
    name = (profile.timezone if profile else "") or "UTC"
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return "UTC"
    return name


def local(moment, zone):
    """A UTC datetime (naive, as stored) in the time zone `zone` (a name)."""
    return moment.replace(tzinfo=datetime.timezone.utc).astimezone(ZoneInfo(zone))


def today_in(zone):
    return local(now(), zone).date()
