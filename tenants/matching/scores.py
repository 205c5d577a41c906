"""Soft scores: how good a possible pair is, each 0-100, combined as the tenant's weighted mean.

Most scores are bilinear, score = mentor features · mentee features + a constant (skills,
reciprocity, cross-function, career gap, values, diversity): one matrix product gives a
score for every pair, and one product of all their weighted features side by side gives
their whole weighted sum. The others (availability, language, preferences) are added to
that one at a time. All float32: scores need no more, and 5,000 × 5,000 of them is 100 MB.
"""
import numpy as np

from .people import SCORES

NEUTRAL = 50.0  # a score with nothing to compare (no answers, unknown) neither helps nor hurts
FULL_OVERLAP_MINUTES = 180  # 3 hours a week in common is room enough for a monthly meeting and more
CAREER_GAP_FALLOFF = 25.0  # points lost per level outside the target band
VALUES_POINTS_PER_STEP = 25.0  # answers 1..5 differ by at most 4 steps: 4 × 25 = 100
LEVELS = range(1, 6)  # skill levels and questionnaire answers are 1..5


# Bilinear scores: each returns (mentor features, mentee features, constant). All but the
# career gap depend on the people alone, so their features are built once with the pool.

def skills(pool):
    """Share of the levels the mentee wants that the mentor covers.

    = 100 · sum over topics of min(level taught, level wanted) / sum of levels wanted.
    """
    wanted = pool.mentees.learns.sum(axis=1)
    return (
        column_of_ones(level_steps(pool.mentors.teaches)),
        np.hstack([level_steps(pool.mentees.learns) * (100 / np.maximum(wanted, 1))[:, None],
                   NEUTRAL * (wanted == 0)[:, None]]),  # wants nothing (cannot be paired anyway)
        0.0,
    )


def reciprocity(pool):
    """The same the other way round: what the senior can teach that the junior wants to learn."""
    wanted = pool.mentors.learns.sum(axis=1)
    return (
        np.hstack([level_steps(pool.mentors.learns) * (100 / np.maximum(wanted, 1))[:, None],
                   NEUTRAL * (wanted == 0)[:, None]]),  # a junior who wants nothing back: neutral
        column_of_ones(level_steps(pool.mentees.teaches)),
        0.0,
    )


def cross_function(pool):
    """100 for different departments, 0 for the same, neutral when either is not given.

    = 50 + 50·(both known) - 100·(same department).
    """
    mentor, mentee = pool.mentors.department, pool.mentees.department
    width = int(max(mentor.max(initial=-1), mentee.max(initial=-1))) + 1
    return (
        np.hstack([(mentor >= 0)[:, None], one_hot(mentor, width)]),
        np.hstack([NEUTRAL * (mentee >= 0)[:, None], -100 * one_hot(mentee, width)]),
        NEUTRAL,
    )


def career_gap(pool, band):
    """100 when the level gap is inside the target band, CAREER_GAP_FALLOFF less per level outside.

    The mentor's features are the scores of their level against each mentee level.
    """
    mentor, mentee = pool.mentors.level, pool.mentees.level
    lowest = int(min(mentor.min(initial=0), mentee.min(initial=0)))
    levels = np.arange(lowest, int(max(mentor.max(initial=0), mentee.max(initial=0))) + 1)
    gap = levels[None, :] - levels[:, None]  # [mentor level, mentee level]
    low, high = band
    outside = np.maximum(low - gap, 0) + np.maximum(gap - high, 0)
    score_of_levels = np.maximum(100 - CAREER_GAP_FALLOFF * outside, 0)
    return score_of_levels[mentor - lowest], one_hot(mentee - lowest, len(levels)), 0.0


def diversity(pool):
    """Per attribute both answered: 100 when the answers differ, 0 when the same; unknown is neutral.

    = 50 + 50/attributes · (attributes both answered - 2 · attributes answered the same).
    """
    mentor, mentee = pool.mentors.diversity, pool.mentees.diversity
    attributes = mentor.shape[1]
    if attributes == 0:
        return np.zeros((len(mentor), 0)), np.zeros((len(mentee), 0)), NEUTRAL
    answers = int(max(mentor.max(initial=0), mentee.max(initial=0))) + 1
    step = NEUTRAL / attributes
    return (
        np.hstack([mentor > 0, many_hot(mentor, answers)]),
        np.hstack([step * (mentee > 0), -2 * step * many_hot(mentee, answers)]),
        NEUTRAL,
    )


def values(pool):
    """Deep-level similarity: 100 minus 25 per point of mean absolute difference in answers.

    A question either partner left unanswered counts as a neutral difference of 2 (half
    marks), so a pair with no answers in common scores 50. |a - b| for answers 1..5 is the
    sum over s = 2..5 of |[a>=s] - [b>=s]|, which expands into dot products:
    score = 50 + 50/Q · (questions both answered) - 25/Q · (sum of |a - b| over them).
    """
    mentor, mentee = pool.mentors.answers, pool.mentees.answers
    questions = mentor.shape[1]
    if questions == 0:
        return np.zeros((len(mentor), 0)), np.zeros((len(mentee), 0)), NEUTRAL
    mentor_said, mentee_said = mentor > 0, mentee > 0
    per_question = VALUES_POINTS_PER_STEP / questions
    # Per question both answered, |a - b| = (a - 1) + (b - 1) - 2 · sum over s of [a>=s][b>=s],
    # and a - 1 is the number of steps s = 2..5 that a reaches.
    steps = LEVELS[1:]
    return (
        np.hstack([mentor_said] + [mentor >= s for s in steps]),
        np.hstack([per_question * (2 - (mentee - 1)) * mentee_said]
                  + [per_question * (2 * (mentee >= s) - mentee_said) for s in steps]),
        NEUTRAL,
    )


PERSONAL = {
    "skills": skills,
    "reciprocity": reciprocity,
    "cross_function": cross_function,
    "values": values,
    "diversity": diversity,
}


def personal_features(pool):
    """The features of every score that depends on the people alone, for build_pool."""
    features = {name: compact(*features(pool)) for name, features in PERSONAL.items()}
    if (shared_language := language_by_sets(pool)) is not None:
        features["language"] = compact(*shared_language)
    return features


MOST_LANGUAGE_SETS = 64  # beyond this many different sets of languages, `language` below is cheaper


def language_by_sets(pool):
    """The language score as a product of features, when the mentees speak few different
    sets of languages (None otherwise): each mentee marks their set, each mentor has their
    score against every set. It saves several passes over each block of pairs."""
    sets, which = np.unique(pool.mentees.languages, axis=0, return_inverse=True)
    if len(sets) > MOST_LANGUAGE_SETS:
        return None
    mentor = pool.mentors.languages
    common = (mentor @ sets.T) > 0
    silent = (mentor.sum(axis=1) == 0)[:, None] | (sets.sum(axis=1) == 0)[None, :]
    return np.where(common, 100, np.where(silent, NEUTRAL, 0)), one_hot(which.ravel(), len(sets)), 0.0


def compact(mentor, mentee, constant):
    """Features as float32, without the columns that are zero on either side: they add
    nothing to any pair."""
    useful = mentor.any(axis=0) & mentee.any(axis=0)
    return (np.ascontiguousarray(mentor[:, useful], np.float32),
            np.ascontiguousarray(mentee[:, useful], np.float32), constant)


# The others: each adds weight × its score into `total` (one entry per pair) in place.

def availability(pool, settings, pairs, minutes, total, weight):
    """Hours a week both are free, full marks from FULL_OVERLAP_MINUTES on."""
    part = np.minimum(minutes, FULL_OVERLAP_MINUTES)
    part *= weight * 100 / FULL_OVERLAP_MINUTES
    total += part


def language(pool, settings, pairs, minutes, total, weight):
    """100 with a language in common, 0 without, neutral when either lists none (see also
    language_by_sets)."""
    mentor, mentee = pool.mentors.languages, pool.mentees.languages
    part = pairs.dot(*float32(mentor, mentee))
    np.minimum(part, 1, out=part)  # languages in common, counted: 1 when there is any
    part *= weight * 100
    total += part
    mentor_silent, mentee_silent = mentor.sum(axis=1) == 0, mentee.sum(axis=1) == 0
    if mentor_silent.any() or mentee_silent.any():
        silent = pairs.of_mentor(mentor_silent) | pairs.of_mentee(mentee_silent)
        np.add(total, weight * NEUTRAL, out=total, where=silent)


def preferences(pool, settings, pairs, minutes, total, weight):
    """100 when either partner asked for the other."""
    total[pairs.listed(pool.preferred)] += weight * 100  # each pair listed once


OTHERS = {
    "availability": availability,
    "language": language,
    "preferences": preferences,
}


def counted(settings):
    """The scores a proposal shows: diversity only when the program asks for it."""
    return [name for name in SCORES if name != "diversity" or settings.ask_diversity]


def weight_shares(settings):
    """Each counted score's share of the total (summing to 1).

    When every weight is zero, every counted score weighs the same: a total of zero would
    leave the choice among possible pairs to chance.
    """
    names = counted(settings)
    total = sum(settings.weights[name] for name in names)
    if total == 0:
        return {name: 1 / len(names) for name in names}
    return {name: settings.weights[name] / total for name in names if settings.weights[name] > 0}


def all_zero(settings):
    return sum(settings.weights[name] for name in counted(settings)) == 0


class Scoring:
    """Scores of any pairs of one pool under one set of settings; each score's features
    are built once, however many blocks of pairs are scored."""

    def __init__(self, pool, settings):
        self.pool, self.settings = pool, settings
        self.shares = shares = weight_shares(settings)
        features = {**pool.features, "career_gap": compact(*career_gap(pool, settings.career_gap_band))}
        self.features = {name: features[name] for name in counted(settings) if name in features}
        weighted = {name: parts for name, parts in self.features.items() if name in shares}
        # The constants ride along as one more column: 1 × their weighted sum. The product is
        # taken in float64: BLAS sums in an order that depends on the block's shape, so in
        # float32 the last bit of a score (and so which of two equal pairs wins) would depend on
        # how the cohort was cut into blocks; in float64 that wobble vanishes in the float32 result.
        constant = sum(shares[name] * offset for name, (_, _, offset) in weighted.items())
        self.weighted = (
            np.hstack([np.ones((len(pool.mentors.people), 1), np.float64)] + [mentor for mentor, _, _ in weighted.values()]),
            np.hstack([np.full((len(pool.mentees.people), 1), constant, np.float64)]
                      + [np.float32(shares[name]) * mentee for name, (_, mentee, _) in weighted.items()]),
        )
        self.others = [(OTHERS[name], shares[name]) for name in OTHERS if name in shares and name not in self.features]

    def total(self, pairs, minutes):
        """The weighted mean of the counted scores, 0-100 (float32)."""
        total = pairs.dot(*self.weighted).astype(np.float32)
        for score, share in self.others:
            score(self.pool, self.settings, pairs, minutes, total, share)
        return total

    def breakdown(self, pairs, minutes):
        """Every counted score for a list of pairs, name -> array."""
        out = {}
        for name in counted(self.settings):
            if name in self.features:
                mentor, mentee, constant = self.features[name]
                out[name] = pairs.dot(mentor, mentee) + constant
            else:
                out[name] = np.zeros(pairs.shape, np.float32)
                OTHERS[name](self.pool, self.settings, pairs, minutes, out[name], 1.0)
        return out


def level_steps(levels):
    """(people × 5·topics): block s is 1 where the level is at least s, so that the dot product
    of two of them is the sum over topics of min(level, level)."""
    steps = np.arange(LEVELS.start, LEVELS.stop, dtype=levels.dtype)
    return (levels[:, None, :] >= steps[None, :, None]).reshape(len(levels), len(steps) * levels.shape[1]).astype(np.float32)


def column_of_ones(features):
    return np.hstack([features, np.ones((len(features), 1), features.dtype)])


def one_hot(codes, width):
    """(people × width) with a 1 in each person's column; codes below 0 (unknown) stay empty."""
    out = np.zeros((len(codes), width))
    known = codes >= 0
    out[np.flatnonzero(known), codes[known]] = 1
    return out


def many_hot(codes, width):
    """One-hot of every column of codes at once (0 = unknown stays empty)."""
    out = np.zeros((codes.shape[0], width))
    rows = np.repeat(np.arange(codes.shape[0]), codes.shape[1])
    out[rows, codes.ravel()] = 1
    return out[:, 1:]


def float32(*arrays):
    return [np.ascontiguousarray(a, dtype=np.float32) for a in arrays]
