"""Meetings: planned in the planner's own time zone and sent to both partners as a calendar
invitation; then logged as held (and who started it) or cancelled (by whom, and why); with
notes that only the two partners read."""
import datetime
import uuid
from zoneinfo import ZoneInfo

from flask import render_template

from tenants import platform
from tenants.models import now
from tenants.pair_space import events
from tenants.pair_space.invitations import invitation
from tenants.pair_space.models import Meeting, MeetingNote, person
from tenants.pair_space.space import Refused, first_name, local, writable, zone_name
from tenants.scope import current_tenant, database

DURATIONS = (15, 30, 45, 60, 90, 120)


def utc_start(day, at, zone):
    """The UTC moment (naive, as stored) of local `day` and `at` in time zone `zone`.

    A time that does not exist locally (the hour skipped when clocks go forward) is refused.
    """
    moment = datetime.datetime.combine(day, at).replace(tzinfo=ZoneInfo(zone))
    back = moment.astimezone(datetime.timezone.utc).astimezone(ZoneInfo(zone))
    if back.replace(tzinfo=None) != moment.replace(tzinfo=None):
        raise Refused(f"{at:%H:%M} does not exist on {day:%-d %B} in {zone}: the clocks change. Choose another time.",
                      "at")
    return moment.astimezone(datetime.timezone.utc).replace(tzinfo=None)


def upcoming(pairing):
    return (Meeting.select().where(Meeting.pairing == pairing, Meeting.status == "planned")
            .order_by(Meeting.starts))


def past(pairing):
    return (Meeting.select().where(Meeting.pairing == pairing, Meeting.status != "planned")
            .order_by(Meeting.starts.desc()))


def plan(seat, day, at, minutes, place, agenda):
    """Plan a meeting at local `day` `at` in the viewer's time zone; both get an invitation."""
    writable(seat)
    zone = zone_name(seat.me)
    starts = utc_start(day, at, zone)
    if starts <= now():
        raise Refused("That time has passed: plan a meeting ahead, or log one you already had.", "day")
    with database.atomic():
        meeting = Meeting.create(pairing=seat.pairing, uid=f"{uuid.uuid4()}@mentorup", planned_by=seat.role,
                                 starts=starts, minutes=minutes, timezone=zone, place=place, agenda=agenda)
    send_invitations(meeting, "planned")
    return meeting


def replan(seat, meeting, day, at, minutes, place, agenda):
    """Move or change a planned meeting: the same calendar entry, updated."""
    writable(seat)
    if meeting.status != "planned":
        raise Refused("Only a planned meeting can be changed.")
    zone = zone_name(seat.me)
    starts = utc_start(day, at, zone)
    if starts <= now():
        raise Refused("That time has passed: choose a time ahead.", "day")
    with database.atomic():
        changed = Meeting.update(starts=starts, minutes=minutes, timezone=zone, place=place, agenda=agenda,
                                 sequence=Meeting.sequence + 1, changed=now()).where(
            Meeting.id == meeting.id, Meeting.status == "planned").execute()
    if not changed:
        raise Refused("This meeting was logged or cancelled meanwhile.")
    meeting = Meeting.get_by_id(meeting.id)
    send_invitations(meeting, "moved")
    return meeting


def held(seat, meeting, initiated_by):
    """Log a planned meeting as held; `initiated_by` is the role of whoever started it."""
    writable(seat)
    if meeting.status != "planned":
        raise Refused("This meeting is already logged.")
    if meeting.starts > now():
        raise Refused("This meeting has not started yet: log it once you have met.")
    with database.atomic():
        if not Meeting.update(status="held", initiated_by=initiated_by, changed=now()).where(
                Meeting.id == meeting.id, Meeting.status == "planned").execute():
            raise Refused("This meeting is already logged.")
        events.write(seat.pairing, "meeting_held", by=initiated_by, on=local(meeting.starts, meeting.timezone).date())
    return Meeting.get_by_id(meeting.id)


def log_past(seat, day, minutes, initiated_by, agenda):
    """Log a meeting that was not planned here, on local `day` of the viewer."""
    writable(seat)
    zone = zone_name(seat.me)
    if day > local(now(), zone).date():
        raise Refused("That day is still to come: plan the meeting instead.", "day")
    started = local(seat.pairing.started, zone).date()
    if day < started:
        raise Refused(f"You were paired on {started:%-d %B %Y}: log meetings from that day on.", "day")
    with database.atomic():
        meeting = Meeting.create(pairing=seat.pairing, uid=f"{uuid.uuid4()}@mentorup", planned_by=None,
                                 starts=utc_start(day, datetime.time(12, 0), zone), minutes=minutes, timezone=zone,
                                 agenda=agenda, status="held", initiated_by=initiated_by)
        events.write(seat.pairing, "meeting_held", by=initiated_by, on=day)
    return meeting


def cancel(seat, meeting, reason):
    """Cancel a planned meeting; calendars remove it."""
    writable(seat)
    with database.atomic():
        if not Meeting.update(status="cancelled", cancelled_by=seat.role, cancel_reason=reason,
                              sequence=Meeting.sequence + 1, changed=now()).where(
                Meeting.id == meeting.id, Meeting.status == "planned").execute():
            raise Refused("Only a planned meeting can be cancelled.")
        events.write(seat.pairing, "meeting_cancelled", by=seat.role)
    meeting = Meeting.get_by_id(meeting.id)
    send_invitations(meeting, "cancelled")
    return meeting


def add_note(seat, meeting, text):
    writable(seat)
    return MeetingNote.create(meeting=meeting, by=seat.role, text=text)


def ics(meeting):
    """The meeting's calendar file, as both partners get it."""
    pairing = meeting.pairing
    planner = person(pairing, meeting.planned_by or "mentor")
    other = pairing.mentee if planner.id == pairing.mentor_id else pairing.mentor
    return invitation(meeting, planner, other, f"Reverse mentoring: {pairing.mentor.name} & {pairing.mentee.name}",
                      meeting.agenda)


def send_invitations(meeting, what):
    """Email both partners the meeting (planned, moved or cancelled) with its calendar file."""
    pairing = meeting.pairing
    attachment = ("meeting.ics", "calendar", ics(meeting).decode(),
                  {"method": "CANCEL" if meeting.status == "cancelled" else "REQUEST"})
    planner = meeting.planned_by or "mentor"
    for role, partner_role in (("mentor", "mentee"), ("mentee", "mentor")):
        me, partner = person(pairing, role), person(pairing, partner_role)
        when = local(meeting.starts, zone_name(me))
        subject = {"planned": f"Meeting with {first_name(partner)}: {when:%a %-d %b, %H:%M}",
                   "moved": f"Meeting with {first_name(partner)} moved to {when:%a %-d %b, %H:%M}",
                   "cancelled": f"Cancelled: meeting with {first_name(partner)} on {when:%a %-d %b}"}[what]
        platform.send_mail(me.email, subject, render_template(
            "mail/meeting.txt", what=what, me=me, partner=partner, meeting=meeting, when=when,
            by_me=(meeting.cancelled_by if what == "cancelled" else planner) == role, tenant=current_tenant(),
            link=platform.link("pair_space.space", pairing_id=pairing.id)), [attachment])
