"""Weekly free time as 15-minute slots of one UTC week, so people in any time zones compare directly."""
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

import numpy as np

from .people import clock_minutes

SLOT_MINUTES = 15  # every UTC offset in use is a multiple of 15 minutes (India +5:30, Nepal +5:45)
DAY_MINUTES = 24 * 60
WEEK_MINUTES = 7 * DAY_MINUTES
SLOTS = WEEK_MINUTES // SLOT_MINUTES  # 672
DAY_SLOTS = DAY_MINUTES // SLOT_MINUTES

# Windows are converted at one fixed week, so a proposal does not depend on the day it is
# computed. Mid-January has no clock change in any zone, so one offset per zone holds all week.
REFERENCE_WEDNESDAY_NOON = datetime(2024, 1, 10, 12, 0)

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
PARTS_OF_DAY = ("morning", "afternoon", "evening", "night")
# Part of day of each local hour: morning 05-12, afternoon 12-17, evening 17-22, night 22-05.
HOUR_PART = [3] * 5 + [0] * 7 + [1] * 5 + [2] * 5 + [3] * 2


@lru_cache(maxsize=1024)
def utc_offset_minutes(timezone):
    """Minutes the zone is ahead of UTC in the reference week (London 0, New York -300)."""
    offset = REFERENCE_WEDNESDAY_NOON.replace(tzinfo=ZoneInfo(timezone)).utcoffset()
    return int(offset.total_seconds()) // 60


def weekly_slots(people):
    """(people × SLOTS) booleans: True where the person is free, in UTC.

    A slot counts when a window covers all of it. Windows that end at or before their start
    run past midnight; windows that run past Sunday midnight continue on Monday.
    """
    windows = [utc_slots(person.timezone, tuple(window)) for person in people for window in person.availability]
    rows = np.repeat(np.arange(len(people)), [len(person.availability) for person in people])
    firsts, lasts = np.array(windows, np.int64).reshape(-1, 2).T
    whole = firsts < lasts  # a window shorter than one whole slot marks nothing
    rows, firsts, lasts = rows[whole], firsts[whole], lasts[whole]
    # Every slot of every window, wrapping from Sunday night to Monday.
    lengths = lasts - firsts
    step = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    free = np.zeros((len(people), SLOTS), bool)
    free[np.repeat(rows, lengths), (np.repeat(firsts, lengths) + step) % SLOTS] = True
    return free


def stretches(mentors, mentees):
    """Both sides' free slots cut into stretches of the week, mentors' weighted by minutes.

    Neighbouring slots in which exactly the same people are free make one stretch, and
    stretches in which nobody on one side is free are left out, so that the minutes two
    people share are one dot product over a few hundred columns rather than 672.
    """
    changes = np.ones(SLOTS, bool)
    changes[1:] = (mentors[:, 1:] != mentors[:, :-1]).any(axis=0) | (mentees[:, 1:] != mentees[:, :-1]).any(axis=0)
    starts = np.flatnonzero(changes)
    minutes = (np.diff(starts, append=SLOTS) * SLOT_MINUTES).astype(np.float32)
    mentors, mentees = mentors[:, starts], mentees[:, starts]
    someone = mentors.any(axis=0) & mentees.any(axis=0)
    return mentors[:, someone] * minutes[someone], mentees[:, someone].astype(np.float32)


@lru_cache(maxsize=65536)  # people share windows: converting each once is most of the work
def utc_slots(timezone, window):
    """First slot and the slot after the last one of a local (weekday, start, end) window."""
    weekday, start, end = window
    begin, finish = clock_minutes(start), clock_minutes(end)
    length = finish - begin if finish > begin else finish + DAY_MINUTES - begin
    utc_begin = (weekday * DAY_MINUTES + begin - utc_offset_minutes(timezone)) % WEEK_MINUTES
    return -(-utc_begin // SLOT_MINUTES), (utc_begin + length) // SLOT_MINUTES


def busiest_local_times(shared, utc_offsets):
    """For rows of shared UTC slots (booleans): the local weekday and part of day holding most
    of them, as words ("Tuesday mornings"), or "" for a row with none."""
    local = np.empty(shared.shape, np.float32)
    for offset in np.unique(utc_offsets):  # a handful of time zones: shift each group at once
        rows = np.flatnonzero(utc_offsets == offset)
        local[rows] = np.roll(shared[rows], offset // SLOT_MINUTES, axis=1)
    per_part = (local.reshape(-1, DAY_SLOTS) @ PART_OF_SLOT).reshape(len(shared), 7 * len(PARTS_OF_DAY))
    best = per_part.argmax(axis=1).tolist() if len(shared) else []
    found = (per_part.max(axis=1, initial=0) > 0).tolist()
    return [TIMES[b] if any_ else "" for b, any_ in zip(best, found)]


PART_OF_SLOT = np.zeros((DAY_SLOTS, len(PARTS_OF_DAY)), np.float32)
PART_OF_SLOT[np.arange(DAY_SLOTS), np.repeat(HOUR_PART, 60 // SLOT_MINUTES)] = 1
TIMES = [f"{day} {part}s" for day in WEEKDAYS for part in PARTS_OF_DAY]
