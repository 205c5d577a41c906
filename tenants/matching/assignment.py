"""The whole cohort at once: an optimal assignment of mentees to mentors.

scipy's linear_sum_assignment matches every row of the smaller side of a matrix. A mentor
who may take k mentees appears as k columns ("slots"). Pairs that break a hard rule stay in
the matrix with a cost that makes them worthless, and are dropped from the answer:

  best_total    cost = -score, and 0 for a pair that may not be proposed. Any assignment
                can be completed with such pairs at no cost, so the best complete
                assignment, less those, is the best assignment of allowed pairs. Allowed
                pairs that score 0 are then added where people are left (they cost nothing).
  most_matched  cost = -(score + BONUS), and 0 for a pair that may not be proposed, with
                BONUS above any possible sum of scores: the most pairs first, then the best
                total. Adding BONUS to every entry changes no assignment's rank (each row is
                matched exactly once), so the solver gets -score and +BONUS instead, which
                keeps the scores exact.

Why not a sparse solver: scipy's min_weight_full_bipartite_matching, measured on the
bench's 2,000 × 2,000 cohort (a third of pairs allowed), solves in 115 ms against 135 ms,
but building its graph takes 57 ms against 15 ms for this matrix; it only pays off below
about a seventh of pairs allowed, and then by a few milliseconds.
"""
import numpy as np
from scipy.optimize import linear_sum_assignment

MOST_MATCHED = "most_matched"
TOP_SCORE = 100


class Problem:
    """The solver's cost matrix for one proposal, filled a block of mentees at a time as their
    scores are worked out (so no mentees × mentors score matrix is kept), then solved.

    Rows are the mentees still to pair and columns the slots of mentors with room, or the
    other way round when there are more mentees than slots (linear_sum_assignment wants no
    more rows than columns). A mentee whom no mentor fits keeps a row where every pair is
    worthless: harmless (see above), and cheaper than a pass over the pool to find them.
    """

    def __init__(self, room, open_mentees, mode):
        self.open = open_mentees
        self.mentee_rows = np.flatnonzero(open_mentees)
        # Slots: first every mentor with room once, in order, then their further slots, so
        # that most columns are copied straight from the scores rather than picked out.
        self.with_room = np.flatnonzero(room > 0)
        self.further = np.repeat(np.arange(len(room)), np.maximum(room - 1, 0))
        self.mentor_slots = np.concatenate([self.with_room, self.further])
        # BONUS in most_matched: above any sum of scores of a possible assignment (exact: < 2**24).
        most = min(len(self.mentee_rows), len(self.mentor_slots))
        self.bonus = np.float32(TOP_SCORE * most + 1 if mode == MOST_MATCHED else 0)
        self.turned = len(self.mentee_rows) > len(self.mentor_slots)
        shape = (len(self.mentee_rows), len(self.mentor_slots))
        self.cost = np.empty(shape[::-1] if self.turned else shape)

    def add(self, rows, scores, feasible):
        """The costs of mentees `rows` (a slice), from their scores and rule checks (rows × mentors).
        scores is used up (overwritten)."""
        still_open = self.open[rows]
        if not still_open.all():
            scores, feasible = scores[still_open], feasible[still_open]
        start = int(np.count_nonzero(self.open[:rows.start]))
        weights = np.multiply(scores, feasible, out=scores)
        if self.bonus:  # -score for allowed pairs, +BONUS for the others
            weights -= self.bonus * ~feasible
        into = slice(start, start + len(weights))
        cost = self.cost[:, into].T if self.turned else self.cost[into]  # (rows × slots), a view
        first = len(self.with_room)
        np.negative(weights if first == weights.shape[1] else weights[:, self.with_room], out=cost[:, :first])
        np.negative(weights.take(self.further, axis=1), out=cost[:, first:])

    def solve(self, feasible, room):
        """(mentor rows, mentee rows, scores) of the chosen pairs, every one of them feasible.

        feasible: (mentees × mentors); room: mentees each mentor may still take.
        """
        if self.cost.size == 0:
            return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32)
        rows, columns = linear_sum_assignment(self.cost)
        scores = -self.cost[rows, columns]  # exactly the scores: allowed pairs cost -score
        if self.turned:
            rows, columns = columns, rows
        mentors, mentees = self.mentor_slots[columns], self.mentee_rows[rows]
        kept = feasible[mentees, mentors]
        mentors, mentees = with_zero_score_pairs(mentors[kept], mentees[kept], feasible, room, self.open)
        scores = np.concatenate([scores[kept], np.zeros(len(mentors) - np.count_nonzero(kept))])
        return mentors, mentees, scores.astype(np.float32)


def with_zero_score_pairs(mentors, mentees, feasible, capacity, open_mentees):
    """Add pairs that fit but add nothing to the total (score 0), rather than leave people out.

    After an optimal assignment, any allowed pair of a free mentee and a mentor with room
    left must score 0, or adding it would have raised the total.
    """
    room = capacity - np.bincount(mentors, minlength=len(capacity))
    free = open_mentees.copy()
    free[mentees] = False
    added = []
    for mentee in np.flatnonzero(free & feasible.any(axis=1)).tolist():
        fits = np.flatnonzero(feasible[mentee] & (room > 0))
        if len(fits):
            room[fits[0]] -= 1
            added.append((fits[0], mentee))
    if not added:
        return mentors, mentees
    more_mentors, more_mentees = np.array(added, np.int64).T
    return np.concatenate([mentors, more_mentors]), np.concatenate([mentees, more_mentees])
