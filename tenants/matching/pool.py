"""A cohort as numpy arrays (its pool): one row per mentor or mentee, one column per topic, language, slot…

Built once from the people (`build_pool`, which needs no settings), then set up for one
proposal (`for_proposal`: forbidden pairs, default capacity), so that proposals with other
weights or pins reuse the arrays. Rules and scores are written once over these arrays and
evaluated either for a block of mentees against a block of mentors (`Block`, matrices) or
for a list of pairs (`SomePairs`).
"""
from dataclasses import dataclass, field, replace

import numpy as np

from .availability import stretches, utc_offset_minutes, weekly_slots
from .people import MENTEE, MENTOR, profile_problems
from .scores import personal_features

UNSAID = {"", "none", "prefer not to say", "prefer_not_to_say", "prefer-not-to-say", "unknown", "n/a"}


@dataclass
class Side:
    """The mentors, or the mentees, of a cohort: row r of every array is people[r]."""

    people: list
    row: dict  # person id -> row
    id: np.ndarray  # person id by row
    level: np.ndarray  # job level
    department: np.ndarray  # department code, -1 when not given
    teaches: np.ndarray  # (people × topics) level 0..5
    learns: np.ndarray  # (people × topics) level wanted 0..5
    free: np.ndarray  # (people × weekly UTC slots) 0/1
    free_stretches: np.ndarray  # the same by stretches of the week (see availability.stretches)
    utc_offset: np.ndarray  # minutes ahead of UTC, for describing times locally
    languages: np.ndarray  # (people × languages) 0/1
    answers: np.ndarray  # (people × questions) 1..5, 0 = not answered
    diversity: np.ndarray  # (people × attributes) answer code, 0 = unknown or not said
    capacity: np.ndarray  # mentees a mentor may take (0 for mentees, -1 = the default)


@dataclass
class Pool:
    mentors: Side
    mentees: Side
    topics: list  # topic names as first written, by column
    attributes: list  # diversity attribute names, by column
    chain: tuple  # (mentor rows, mentee rows) where one is in the other's management chain
    preferred: tuple  # (mentor rows, mentee rows) where either asked for the other
    left_out: list  # (person, problems) of everyone whose profile is not ready for pairing
    names: dict  # person id -> name, of everyone given (notes name people, not ids)
    features: dict = field(default_factory=dict)  # score name -> features, for scores.Scoring
    forbidden: tuple = field(default_factory=lambda: NO_CELLS)  # (mentor rows, mentee rows) the admin ruled out

    def for_proposal(self, settings):
        """The pool as one proposal sees it: the admin's forbidden pairs and the default
        capacity applied (the arrays themselves are shared, not copied)."""
        capacity = self.mentors.capacity
        return replace(
            self,
            mentors=replace(self.mentors, capacity=np.where(capacity < 0, settings.default_capacity, capacity)),
            forbidden=listed_cells(self.mentors, self.mentees, settings.forbidden),
        )


NO_CELLS = (np.zeros(0, np.int64), np.zeros(0, np.int64))


class Block:
    """Mentees `rows` against mentors `columns` (each a slice or an array of rows; everyone by
    default): results are (mentees × mentors) matrices.

    Mentees are rows because the solver gives each of them at most one mentor.
    """

    def __init__(self, pool, rows=slice(None), columns=slice(None)):
        self.counts = len(pool.mentees.people), len(pool.mentors.people)
        self.rows, self.columns = rows, columns
        self.shape = tuple(len(np.arange(count)[index]) for count, index in zip(self.counts, (rows, columns)))

    def of_mentor(self, column):
        return column[self.columns][None, :]

    def of_mentee(self, column):
        return column[self.rows][:, None]

    def dot(self, mentor_rows, mentee_rows):
        """Sum over features of mentor feature × mentee feature, for each pair."""
        return mentee_rows[self.rows] @ mentor_rows[self.columns].T

    def listed(self, cells):
        """Where the pairs listed in cells = (mentor rows, mentee rows) are in a result."""
        rows = positions(self.rows, self.counts[0], cells[1])
        columns = positions(self.columns, self.counts[1], cells[0])
        inside = (rows >= 0) & (columns >= 0)
        return rows[inside], columns[inside]

    def unmarked(self, cells):
        """False for the pairs listed in cells, True for the others."""
        out = np.ones(self.shape, bool)
        out[self.listed(cells)] = False
        return out


def positions(index, count, rows):
    """Where each of `rows` is in `index` (a slice or array of rows 0..count-1); -1 where it is not."""
    at = np.full(count, -1, np.int64)
    at[index] = np.arange(len(at[index]))
    return at[rows]


class SomePairs:
    """Only the listed pairs: results have one entry per (mentor row, mentee row)."""

    def __init__(self, pool, mentor_rows, mentee_rows):
        self.mentors = np.asarray(mentor_rows, np.int64)
        self.mentees = np.asarray(mentee_rows, np.int64)
        self.shape = self.mentors.shape
        self.width = len(pool.mentors.people)

    def of_mentor(self, column):
        return column[self.mentors]

    def of_mentee(self, column):
        return column[self.mentees]

    def dot(self, mentor_rows, mentee_rows):
        return np.einsum("ij,ij->i", mentor_rows[self.mentors], mentee_rows[self.mentees])

    def listed(self, cells):
        listed = np.asarray(cells[1], np.int64) * self.width + np.asarray(cells[0], np.int64)
        return np.flatnonzero(np.isin(self.mentees * self.width + self.mentors, listed))

    def unmarked(self, cells):
        out = np.ones(self.shape, bool)
        out[self.listed(cells)] = False
        return out


def build_pool(people, managers):
    """The pool's arrays, with the people left out and what is wrong with their profile.

    Bad profile data is a reason to leave someone out, never an exception; the same
    person id twice is a programming error (ValueError).
    """
    ready, left_out = [], []
    seen = set()
    for person in people:
        if person.id in seen:
            raise ValueError(f"Person id {person.id} appears twice in the cohort.")
        seen.add(person.id)
        problems = profile_problems(person)
        if problems:
            left_out.append((person, problems))
        else:
            ready.append(person)
    numbers = Numbers()
    mentors = side([p for p in ready if p.role == MENTOR], numbers, takes_mentees=True)
    mentees = side([p for p in ready if p.role == MENTEE], numbers)
    questions = max(mentors.answers.shape[1], mentees.answers.shape[1])
    for one in (mentors, mentees):  # columns numbered while reading the mentees reach the mentors too
        one.teaches = widened(one.teaches, len(numbers.topic.first))
        one.learns = widened(one.learns, len(numbers.topic.first))
        one.languages = widened(one.languages, len(numbers.language.first))
        one.answers = widened(one.answers, questions)
        one.diversity = widened(one.diversity, len(numbers.attribute.first))
    mentors.free_stretches, mentees.free_stretches = stretches(mentors.free, mentees.free)
    pool = Pool(
        mentors=mentors,
        mentees=mentees,
        topics=list(numbers.topic.first.values()),
        attributes=list(numbers.attribute.first.values()),
        chain=chain_cells(mentors, mentees, org_chart(people, managers)),
        preferred=preference_cells(mentors, mentees),
        left_out=left_out,
        names={person.id: person.name for person in people},
    )
    pool.features = personal_features(pool)
    return pool


class Numbering(dict):
    """name -> column number, in order of first appearance; names that read alike share one."""

    def __init__(self, normalise):
        super().__init__()
        self.normalise = normalise
        self.first = {}  # normalised name -> the first spelling seen, in column order
        self.numbers = {}  # normalised name -> column

    def __missing__(self, name):
        key = self.normalise(name)
        self.first.setdefault(key, name)
        number = self[name] = self.numbers.setdefault(key, len(self.numbers))
        return number


def plain(name):
    """Topics, languages and departments match whatever their case and spacing."""
    return " ".join(str(name).split()).lower()


class Numbers:
    """The numberings both sides share, so that their columns line up."""

    def __init__(self):
        self.topic = Numbering(plain)
        self.language = Numbering(plain)
        self.department = Numbering(plain)
        self.attribute = Numbering(str)
        # (attribute, answer); every answer that says nothing shares the number of None
        self.answer = Numbering(lambda item: None if plain(item[1]) in UNSAID else (item[0], plain(item[1])))


def side(people, numbers, takes_mentees=False):
    """Arrays for one side; mentees take no one."""
    count = len(people)
    topic, language, attribute, answer = numbers.topic, numbers.language, numbers.attribute, numbers.answer
    department = numbers.department
    unsaid = answer[("", "")]  # the number every answer that says nothing shares
    return Side(
        people=people,
        row={person.id: row for row, person in enumerate(people)},
        id=np.array([p.id for p in people], np.int64),
        level=np.array([p.job_level for p in people], np.int32),
        department=np.array([department[p.department] if p.department else -1 for p in people], np.int32),
        teaches=levels_by_topic([p.teaches for p in people], topic),
        learns=levels_by_topic([p.learns for p in people], topic),
        free=weekly_slots(people),
        free_stretches=None,
        utc_offset=np.array([utc_offset_minutes(p.timezone) for p in people], np.int32),
        languages=filled(
            count,
            (per_row([p.languages for p in people]), [language[code] for p in people for code in p.languages], 1),
            np.float32,
        ),
        answers=answer_matrix([p.values for p in people]),
        diversity=filled(
            count,
            (per_row([p.diversity for p in people]), [attribute[name] for p in people for name in p.diversity],
             [0 if (code := answer[item]) == unsaid else code + 1 for p in people for item in p.diversity.items()]),
            np.int32,
        ),
        capacity=np.array(
            [-1 if p.capacity is None else p.capacity for p in people] if takes_mentees else [0] * count,
            np.int64,
        ),
    )


def levels_by_topic(topics, topic):
    """(people × topics) float32 of levels, from each person's {topic: level}."""
    columns = [topic[name] for levels in topics for name in levels]
    levels = [level for levels in topics for level in levels.values()]
    return filled(len(topics), (per_row(topics), columns, levels), np.float32)


def per_row(collections):
    """The row of every item of every person's collection, in order."""
    return np.repeat(np.arange(len(collections)), [len(items) for items in collections])


def filled(count, cells, dtype):
    rows, columns, values = cells
    out = np.zeros((count, max(columns, default=-1) + 1), dtype)
    out[rows, columns] = values
    return out


def answer_matrix(answers):
    """(people × questions) float32, 0 where a question was not answered."""
    questions = max(map(len, answers), default=0)
    if all(len(given) == questions for given in answers):
        return np.array(answers, np.float32).reshape(len(answers), questions)
    out = np.zeros((len(answers), questions), np.float32)
    for row, given in enumerate(answers):
        out[row, : len(given)] = given
    return out


def widened(array, columns):
    if array.shape[1] == columns:
        return array
    out = np.zeros((array.shape[0], columns), array.dtype)
    out[:, : array.shape[1]] = array
    return out


def org_chart(people, managers):
    """Manager links of the whole organisation: (person id -> manager id, second managers).

    A person's own manager_id is a link too; where it disagrees with `managers` it is kept
    as a second manager, so that the chain rule errs on the side of keeping people apart.
    """
    links, second = dict(managers), {}
    for person in people:
        if person.manager_id is None or person.manager_id == links.get(person.id):
            continue
        if links.get(person.id) is None:
            links[person.id] = person.manager_id
        else:
            second[person.id] = person.manager_id
    return links, second


def chain_above(person_id, chart):
    """Everyone above the person through manager links, stopping at any cycle."""
    links, second = chart
    above, todo = set(), [person_id]
    while todo:
        person = todo.pop()
        for boss in (links.get(person), second.get(person)):
            if boss is not None and boss not in above and boss != person_id:
                above.add(boss)
                todo.append(boss)
    return above


def chain_cells(mentors, mentees, chart):
    """(mentor rows, mentee rows) of pairs where one manages the other, directly or not."""
    mentor_rows, mentee_rows = [], []
    for row, person in enumerate(mentees.people):
        for boss in chain_above(person.id, chart):
            if boss in mentors.row:
                mentor_rows.append(mentors.row[boss])
                mentee_rows.append(row)
    for row, person in enumerate(mentors.people):
        for boss in chain_above(person.id, chart):
            if boss in mentees.row:
                mentor_rows.append(row)
                mentee_rows.append(mentees.row[boss])
    return unique_cells(mentor_rows, mentee_rows)


def preference_cells(mentors, mentees):
    pairs = [(person.id, other) for person in mentors.people for other in person.preferred]
    pairs += [(other, person.id) for person in mentees.people for other in person.preferred]
    return listed_cells(mentors, mentees, pairs)


def listed_cells(mentors, mentees, id_pairs):
    """(mentor rows, mentee rows) of the (mentor id, mentee id) pairs that are in the pool."""
    known = [(mentors.row[a], mentees.row[b]) for a, b in id_pairs if a in mentors.row and b in mentees.row]
    return unique_cells([a for a, _ in known], [b for _, b in known])


def unique_cells(mentor_rows, mentee_rows):
    """(mentor rows, mentee rows), each pair once: scores are added at them."""
    cells = np.unique(np.array([mentor_rows, mentee_rows], np.int64).reshape(2, -1), axis=1)
    return cells[0], cells[1]
