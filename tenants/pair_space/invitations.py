"""Meeting invitations as iCalendar (RFC 5545) files: one UID per meeting for its whole life,
so a re-plan updates the calendar entry (METHOD:REQUEST, a higher SEQUENCE) and a
cancellation removes it (METHOD:CANCEL)."""
import datetime

import icalendar

from tenants.models import now

PRODUCT_ID = "-//MentorUp//Pair space//EN"


def invitation(meeting, organiser, attendee, title, description):
    """The .ics of `meeting` (bytes); organiser and attendee are Users, the planner first."""
    method = "CANCEL" if meeting.status == "cancelled" else "REQUEST"
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = icalendar.Event()
    event.add("uid", meeting.uid)
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", utc(now()))
    event.add("dtstart", utc(meeting.starts))
    event.add("dtend", utc(meeting.starts + datetime.timedelta(minutes=meeting.minutes)))
    event.add("summary", title)
    if description:
        event.add("description", description)
    if meeting.place:
        event.add("location", meeting.place)
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    event.add("organizer", f"mailto:{organiser.email}", parameters={"cn": organiser.name})
    for person in (organiser, attendee):
        event.add("attendee", f"mailto:{person.email}",
                  parameters={"cn": person.name, "role": "REQ-PARTICIPANT", "rsvp": "FALSE"})
    calendar.add_component(event)
    return calendar.to_ical()


def utc(moment):
    return moment.replace(tzinfo=datetime.timezone.utc)
