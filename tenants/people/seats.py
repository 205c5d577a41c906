"""Seats: each participant who is invited or active takes one (not a revoked invitation, not a
programme manager). The platform says how many the tenant may use (the tenant facts); adding
people beyond that is refused, naming the limit and who can raise it."""
from tenants.people.models import User, participants
from tenants.scope import current_tenant


class SeatLimitReached(ValueError):
    """Adding these people would use more seats than the tenant may; the message says so."""


def holding_a_seat():
    """Participants who take a seat: invited (and not revoked) or already signed up."""
    return participants().where(User.invitation_revoked.is_null(),
                                User.invited.is_null(False) | User.accepted.is_null(False) |
                                User.password_hash.is_null(False))


def seats_in_use():
    return holding_a_seat().count()


def check_room_for(adding):
    """Raise SeatLimitReached when `adding` more people would use more seats than the tenant may."""
    limit = current_tenant().seat_limit
    if limit is None or adding <= 0:
        return
    taken = seats_in_use()
    if taken + adding <= limit:
        return
    room = max(limit - taken, 0)
    asked = "one more person" if adding == 1 else f"{adding:,} more people"
    left = "no seat is free" if room == 0 else ("one seat is free" if room == 1 else f"{room:,} seats are free")
    raise SeatLimitReached(f"There is no room for {asked}: this programme may have up to {limit:,} participants "
                           f"and {left}. {current_tenant().seat_limit_note}".strip())
