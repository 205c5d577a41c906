"""How the tracker writes dates, scores and counts in its sentences."""
from datetime import date

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def day_said(day, today):
    """An ordinal day as "3 March", with the year when it is not the year of `today` (also an ordinal)."""
    on = date.fromordinal(day)
    if on.year == date.fromordinal(today).year:
        return f"{on.day} {MONTHS[on.month - 1]}"
    return f"{on.day} {MONTHS[on.month - 1]} {on.year}"


def score_said(score):
    """A pulse mean or gap with the decimals it has: 3.0, 3.4, 3.45, 0.75."""
    said = f"{float(score):.2f}"
    return said[:-1] if said.endswith("0") else said


def number_of(count):
    """Small counts in words, as people write them: "two meetings", "12 meetings"."""
    return NUMBERS[count] if 0 <= count < len(NUMBERS) else str(count)


def plural(count, noun, nouns=None):
    return f"{number_of(count)} {noun if count == 1 else nouns or noun + 's'}"


def listing(parts):
    """"a", "a and b", "a, b and c"."""
    parts = list(parts)
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
