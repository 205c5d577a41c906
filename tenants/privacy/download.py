"""Everything the programme holds about one person, as plain data for a JSON download (GDPR
Art. 15). Their partner's private parts stay out: the partner's pulse answers, closing survey,
requests to the programme manager and notes are the partner's, and why the two were matched
is the programme manager's working note."""
from tenants.audit import AuditEntry
from tenants.certificates.models import Certificate
from tenants.goals.models import Goal
from tenants.onboarding.models import WEEKDAYS, AvailabilityWindow, Profile, ProfileSkill
from tenants.pair_space.models import (
    CharterSignature,
    CharterVersion,
    ClosingSurvey,
    HelpRequest,
    Meeting,
    MeetingNote,
    Offer,
    PulseAnswer,
    other,
    person,
    role_in,
)
from tenants.pairing.models import Pairing
from tenants.program.models import ProfileQuestion
from tenants.tracker.models import PhaseReading


def everything_about(user):
    return {
        "about": "Everything this programme holds about you, as of the moment you downloaded it.",
        "you": you(user),
        "profile": profile(user),
        "goals": [goal_of(goal) for goal in Goal.select().where(Goal.user == user).order_by(Goal.id)],
        "pairings": [pairing_seen_by(pairing, role_in(pairing, user)) for pairing in
                     Pairing.select().where((Pairing.mentor == user.id) | (Pairing.mentee == user.id)).order_by(Pairing.id)],
        "certificates": [dict(code=c.code, role=c.role_name, partner=c.partner, programme=c.programme,
                              issued=c.issued, revoked=c.revoked, revoke_reason=c.revoke_reason)
                         for c in Certificate.select().where(Certificate.user == user).order_by(Certificate.id)],
        "activity": [dict(at=e.at, action=e.action, address=e.address)
                     for e in AuditEntry.select().where(AuditEntry.actor == user.email).order_by(AuditEntry.id)],
    }


def you(user):
    manager = user.manager.name if user.manager else user.manager_email
    return dict(name=user.name, email=user.email, role=user.role_label, department=user.department,
                job_title=user.job_title, job_level=user.job_level or None, manager=manager or None,
                cohort=user.cohort.name if user.cohort else None, added=user.created, invited=user.invited,
                accepted=user.accepted, profile_completed=user.profile_completed, trained=user.trained)


def profile(user):
    found = Profile.get_or_none(Profile.user == user)
    questions = {str(q.id): q.text for q in ProfileQuestion.select()}
    return {
        "time_zone": found.timezone if found else None,
        "languages": found.language_codes if found else [],
        "how_you_like_to_work": found.read("values") if found else {},
        "diversity_consent": found.diversity_consent if found else False,
        "diversity": found.read("diversity") if found else {},
        "answers": {questions.get(key, key): value for key, value in (found.read("answers") if found else {}).items()},
        "skills": [dict(skill=s.skill.name, direction=s.direction, level=s.level)
                   for s in ProfileSkill.select().where(ProfileSkill.user == user)],
        "availability": [dict(day=WEEKDAYS[w.weekday], start=w.start, end=w.end)
                         for w in AvailabilityWindow.select().where(AvailabilityWindow.user == user)],
    }


def goal_of(goal):
    return dict(text=goal.text, progress=goal.progress, status=goal.status, created=goal.created, updated=goal.updated,
                updates=[dict(on=u.on, progress=u.progress, status=u.status, text=u.text)
                         for u in goal.updates.order_by(goal.updates.model.id)])


def pairing_seen_by(pairing, role):
    """A pairing as one partner may see it: theirs, and what the two shared."""
    reading = PhaseReading.get_or_none(PhaseReading.pairing == pairing.id)
    meetings = Meeting.select().where(Meeting.pairing == pairing).order_by(Meeting.starts)
    return {
        "your_role": role, "partner": person(pairing, other(role)).name, "started": pairing.started,
        "status": pairing.status, "ended": pairing.ended, "end_reason": pairing.end_reason or None,
        "phase": reading.phase if reading else None,
        "charter": [dict(number=v.number, written_by=whose(v.written_by, role), written=v.written,
                         mentor_learns=v.mentor_learn, mentor_gives=v.mentor_give, mentee_learns=v.mentee_learn,
                         mentee_gives=v.mentee_give, success=v.success, meet_every_days=v.cadence_days,
                         confidentiality=v.confidentiality, cancellation=v.cancellation, how_we_meet=v.how_we_meet,
                         signed_by=[whose(s.by, role) for s in CharterSignature.select().where(CharterSignature.version == v)])
                    for v in CharterVersion.select().where(CharterVersion.pairing == pairing).order_by(CharterVersion.number)],
        "meetings": [dict(starts=m.starts, minutes=m.minutes, place=m.place, agenda=m.agenda, status=m.status,
                          planned_by=whose(m.planned_by, role), initiated_by=whose(m.initiated_by, role),
                          cancelled_by=whose(m.cancelled_by, role), cancel_reason=m.cancel_reason,
                          your_notes=[dict(written=n.written, text=n.text) for n in
                                      MeetingNote.select().where(MeetingNote.meeting == m, MeetingNote.by == role)])
                     for m in meetings],
        "offers": [dict(by=whose(o.by, role), kind=o.kind, text=o.text, made=o.made, status=o.status,
                        answered=o.answered, reason=o.reason)
                   for o in Offer.select().where(Offer.pairing == pairing).order_by(Offer.id)],
        "your_pulse_answers": [dict(round=a.round, clarity=a.clarity, needs=a.needs, trust=a.trust,
                                    effectiveness=a.effectiveness, learning=a.learning, comment=a.comment,
                                    comment_shared=a.share_comment, answered=a.answered)
                               for a in PulseAnswer.select().where(PulseAnswer.pairing == pairing, PulseAnswer.by == role)],
        "your_closing_survey": [dict(skills=s.read_skills(), goals_met=s.goals_met, stay=s.stay, recommend=s.recommend,
                                     answered=s.answered)
                                for s in ClosingSurvey.select().where(ClosingSurvey.pairing == pairing,
                                                                      ClosingSurvey.by == role)],
        "your_requests_for_help": [dict(kind=h.kind, text=h.text, created=h.created) for h in
                                   HelpRequest.select().where(HelpRequest.pairing == pairing, HelpRequest.by == role)],
    }


def whose(by, role):
    """A partner's role as the downloader reads it."""
    return None if by is None else ("you" if by == role else "your partner")
