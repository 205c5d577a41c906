"""The closing survey, when the pairing or the programme term ends: each partner rates the
skills they came to learn before and after (1–5), says whether their goals were met, whether
they would recommend the programme (0–10), and the junior partner how likely they are to stay."""
import json

import peewee

from tenants.onboarding.models import ProfileSkill
from tenants.pair_space.models import ClosingSurvey
from tenants.pair_space.space import Refused
from tenants.program.models import Skill, current_program
from tenants.scope import database

GOALS_MET = {"yes": "Yes, all of them", "partly": "Some of them", "no": "Not really"}


def due(seat, today):
    """Whether the viewer can answer the closing survey now (and has not)."""
    term_end = current_program().term_end
    over = seat.pairing.status == "ended" or (term_end is not None and today > term_end)
    return over and not ClosingSurvey.select().where(ClosingSurvey.pairing == seat.pairing,
                                                    ClosingSurvey.by == seat.role).exists()


def answer_of(seat):
    return ClosingSurvey.get_or_none(ClosingSurvey.pairing == seat.pairing, ClosingSurvey.by == seat.role)


def skills_to_rate(user):
    """The skills the user came to learn, by name."""
    return [s.skill.name for s in ProfileSkill.select(ProfileSkill, Skill).join(Skill)
            .where(ProfileSkill.user == user.id, ProfileSkill.direction == "learn").order_by(ProfileSkill.id)]


def answer(seat, today, ratings, goals_met, stay, recommend):
    """ratings: {skill: (before, after)}; stay is asked of the mentor (the junior) only."""
    if not due(seat, today):
        raise Refused("The closing survey opens when the pairing or the programme ends, and is answered once.")
    try:
        with database.atomic():
            return ClosingSurvey.create(
                pairing=seat.pairing, by=seat.role, goals_met=goals_met, recommend=recommend,
                stay=stay if seat.role == "mentor" else None,
                skills=json.dumps([{"skill": skill, "before": before, "after": after}
                                   for skill, (before, after) in ratings.items()], ensure_ascii=False))
    except peewee.IntegrityError:
        raise Refused("You already answered the closing survey.") from None
