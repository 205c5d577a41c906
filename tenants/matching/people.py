"""What pairing is given: the people of a cohort and the tenant's pairing settings.

Plain data, so that pairing can be run and tested without Flask or a database.
"""
import functools
import re
import zoneinfo
from dataclasses import dataclass, field

MENTOR = "mentor"
MENTEE = "mentee"

# Soft scores, in the order the admin sees them. Each is 0-100 for a pair.
SCORES = (
    "skills",          # how much of what the senior wants to learn the junior can teach
    "reciprocity",     # how much of what the junior wants to learn the senior can teach
    "cross_function",  # different departments
    "career_gap",      # level gap inside the target band
    "values",          # similar answers to the work-style questionnaire
    "diversity",       # differing known diversity answers (only when the program asks)
    "availability",    # hours of shared free time a week
    "language",        # a language in common
    "preferences",     # either asked for the other
)

DEFAULT_WEIGHTS = {
    "skills": 3.0,  # the reason the program exists: the senior learns what the junior knows
    "reciprocity": 1.0,
    "cross_function": 1.0,
    "career_gap": 1.0,
    "values": 1.0,
    "diversity": 1.0,
    "availability": 1.0,
    "language": 1.0,
    "preferences": 2.0,  # people who asked for each other tend to stay together
}

MODES = ("best_total", "most_matched")

CLOCK = re.compile(r"^(([01]?\d|2[0-3]):[0-5]\d|24:00)$")


@dataclass
class Person:
    """A participant as pairing sees them; `missing` names profile parts not yet complete."""

    id: int
    name: str
    role: str  # MENTOR (the junior partner) or MENTEE (the senior partner)
    job_level: int  # higher is more senior
    department: str = ""
    manager_id: int | None = None
    teaches: dict[str, int] = field(default_factory=dict)  # topic -> level 1..5
    learns: dict[str, int] = field(default_factory=dict)  # topic -> level wanted 1..5
    availability: list[tuple[int, str, str]] = field(default_factory=list)  # (weekday 0=Mon, "HH:MM", "HH:MM") local
    timezone: str = "UTC"
    languages: frozenset[str] = frozenset()
    values: tuple[int, ...] = ()  # work-style answers 1..5, question by question
    diversity: dict[str, str] = field(default_factory=dict)  # optional, consented answers
    preferred: frozenset[int] = frozenset()  # ids of partners this person would like
    capacity: int | None = None  # mentors: how many mentees; None = Settings.default_capacity
    missing: tuple[str, ...] = ()


@dataclass
class Settings:
    """A tenant's pairing settings. `weights` may name only the scores it changes."""

    weights: dict[str, float] = field(default_factory=dict)
    min_level_gap: int = 1
    career_gap_band: tuple[int, int] = (1, 4)
    ask_diversity: bool = False
    mode: str = "best_total"
    default_capacity: int = 1
    pinned: frozenset[tuple[int, int]] = frozenset()  # (mentor id, mentee id)
    forbidden: frozenset[tuple[int, int]] = frozenset()  # (mentor id, mentee id)


def checked(settings):
    """The settings with weights completed from the defaults; ValueError names what is wrong."""
    settings = settings or Settings()
    unknown = sorted(set(settings.weights) - set(SCORES))
    if unknown:
        raise ValueError(f"Unknown score weight(s): {', '.join(unknown)}. Known: {', '.join(SCORES)}.")
    weights = {**DEFAULT_WEIGHTS, **{name: float(w) for name, w in settings.weights.items()}}
    if any(w < 0 or w != w for w in weights.values()):
        raise ValueError("Score weights must be zero or more.")
    if settings.mode not in MODES:
        raise ValueError(f"Mode must be one of {', '.join(MODES)}, not {settings.mode!r}.")
    low, high = settings.career_gap_band
    if settings.min_level_gap < 0 or low > high:
        raise ValueError("The level gap must be zero or more and the career-gap band (low, high) with low <= high.")
    if settings.default_capacity < 0:
        raise ValueError("The default capacity must be zero or more.")
    return Settings(
        weights=weights,
        min_level_gap=int(settings.min_level_gap),
        career_gap_band=(int(low), int(high)),
        ask_diversity=bool(settings.ask_diversity),
        mode=settings.mode,
        default_capacity=int(settings.default_capacity),
        pinned=frozenset(settings.pinned),
        forbidden=frozenset(settings.forbidden),
    )


def profile_problems(person):
    """Why this person cannot be paired yet, in words; empty when the profile is usable."""
    problems = [f"missing {part}" for part in person.missing]
    if person.role not in (MENTOR, MENTEE):
        problems.append(f"role must be {MENTOR} or {MENTEE}")
    if not isinstance(person.job_level, int):
        problems.append("no job level")
    if not known_timezone(person.timezone):
        problems.append(f"unknown time zone {person.timezone!r}")
    if not (only_levels(person.teaches.values()) and only_levels(person.learns.values())):
        problems.append("skill levels must be 1 to 5")
    if not only_levels(person.values):
        problems.append("questionnaire answers must be 1 to 5")
    problems.extend(problem for window in person.availability if (problem := window_problem(window)))
    capacity = person.capacity
    if person.role == MENTOR and capacity is not None and (not isinstance(capacity, int) or capacity < 0):
        problems.append("capacity must be zero or more")
    return problems


LEVELS = frozenset(range(1, 6))


def only_levels(values):
    try:
        return LEVELS.issuperset(values)
    except TypeError:  # an unhashable value is no level
        return False


@functools.lru_cache(maxsize=1024)
def known_timezone(name):
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        return False
    return True


def window_problem(window):
    """What is wrong with one (weekday, start, end) window, or None."""
    try:
        return checked_window(tuple(window))
    except TypeError:  # not a sequence, or holding something unhashable
        return f"availability {window!r} is not (weekday, start, end)"


@functools.lru_cache(maxsize=65536)
def checked_window(window):
    if len(window) != 3:
        return f"availability {window!r} is not (weekday, start, end)"
    weekday, start, end = window
    if weekday not in range(7) or isinstance(weekday, bool):
        return f"availability {window!r}: weekday must be 0 (Monday) to 6"
    if not isinstance(start, str) or not isinstance(end, str) or not CLOCK.match(start) or not CLOCK.match(end) or start == "24:00":
        return f"availability {window!r}: times must be HH:MM"
    if clock_minutes(start) == clock_minutes(end):
        return f"availability {window!r} has no length"
    return None


def clock_minutes(text):
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)
