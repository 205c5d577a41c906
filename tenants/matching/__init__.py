"""Pairing: who mentors whom in a cohort, decided over plain data (no Flask, no database).

    propose_pairs(people, managers, settings) -> Proposal    the whole cohort at once
        = propose(build_pool(people, managers), settings)   (a pool built once serves many proposals)
    shortlist(mentee_id, people, managers, settings)          the best three mentors for one senior
    allowed_pairs(people, managers, settings)                 every pair that keeps the hard rules
    with undisturbed(): ...                                   BLAS on one thread, garbage collector
                                                              paused: for the job worker only

Hard rules and soft scores are in rules.py and scores.py, the solver in assignment.py and
every sentence shown to an admin in reasons.py.
"""
from .blocks import undisturbed
from .people import DEFAULT_WEIGHTS, MENTEE, MENTOR, MODES, SCORES, Person, Settings
from .pool import build_pool
from .proposal import Pair, Proposal, Shortlist, Unmatched, allowed_pairs, propose, propose_pairs, shortlist
from .reasons import Reason, for_partners
from .rules import RULES

__all__ = [
    "DEFAULT_WEIGHTS", "MENTEE", "MENTOR", "MODES", "RULES", "SCORES",
    "Pair", "Person", "Proposal", "Reason", "Settings", "Shortlist", "Unmatched",
    "allowed_pairs", "build_pool", "for_partners", "propose", "propose_pairs", "shortlist", "undisturbed",
]
