"""The programme manager's pairing board, on the tenant's data: who can be paired, running a
proposal, decisions (pins and forbids), publishing it, and ending a pairing."""
import dataclasses
import json

import peewee
from flask import render_template

from tenants import platform
from tenants.audit import record
from tenants.goals.models import tie_goals
from tenants.jobs import IN_THE_BACKGROUND_FROM, job
from tenants.matching import (
    DEFAULT_WEIGHTS,
    Person,
    Settings,
    allowed_pairs,
    for_partners,
    propose_pairs,
    shortlist,
    undisturbed,
)
from tenants.matching.reasons import rules_broken
from tenants.models import now
from tenants.onboarding.models import (
    DIVERSITY_QUESTIONS,
    VALUES_QUESTIONS,
    AvailabilityWindow,
    Profile,
    ProfileSkill,
)
from tenants.pair_space import events
from tenants.pairing.models import (
    WITHOUT_PAIRS,
    NotPaired,
    PairDecision,
    Pairing,
    PairingProposal,
    ProposedPair,
    ShortlistOffer,
    active_pairings,
)
from tenants.people.models import User, participants
from tenants.program.models import Skill, current_program
from tenants.scope import current_tenant, database
from tenants.tracker import readings

SCORE_LABELS = {"skills": "Skills the senior wants", "reciprocity": "Skills the junior wants",
                "cross_function": "Different departments", "career_gap": "Career-stage gap",
                "values": "Similar work style", "diversity": "Different backgrounds",
                "availability": "Shared free time", "language": "A shared language",
                "preferences": "Asked for each other"}


class AlreadyPublished(RuntimeError):
    """Someone published (or replaced) this proposal first."""


def roster(cohort=None):
    """Everyone who could be paired now (in `cohort`, if given), as pairing sees them, and the
    whole reporting chart.

    Mentees already in an active pairing are left out, and so are mentors at capacity (one).
    Profiles not finished are passed on with what is missing, so the admin sees why.
    """
    busy = {p.mentee_id for p in active_pairings()} | {p.mentor_id for p in active_pairings()}
    users = participants().where(User.id.not_in(busy or {0}),
                                User.invitation_revoked.is_null())
    users = list(users.where(User.cohort == cohort) if cohort else users)
    ids = [u.id for u in users] or [0]
    profiles = {p.user_id: p for p in Profile.select().where(Profile.user.in_(ids))}
    skills, windows = {}, {}
    for s in ProfileSkill.select(ProfileSkill, Skill).join(Skill).where(ProfileSkill.user.in_(ids)):
        skills.setdefault((s.user_id, s.direction), {})[s.skill.name] = s.level
    for w in AvailabilityWindow.select().where(AvailabilityWindow.user.in_(ids)):
        windows.setdefault(w.user_id, []).append((w.weekday, w.start, w.end))
    managers = dict(User.select(User.id, User.manager).tuples())
    return [as_person(u, profiles.get(u.id), skills, windows) for u in users], managers


def as_person(user, profile, skills, windows):
    values = profile.read("values") if profile else {}
    missing = [what for what, done in (("a complete profile", user.profile_completed),
                                       ("the training", user.trained)) if not done]
    return Person(id=user.id, name=user.name, role=user.role, job_level=user.job_level or 0,
                  department=user.department, manager_id=user.manager_id,
                  teaches=skills.get((user.id, "teach"), {}), learns=skills.get((user.id, "learn"), {}),
                  availability=windows.get(user.id, []), timezone=(profile.timezone if profile else "") or "UTC",
                  languages=frozenset(profile.language_codes if profile else ()),
                  values=tuple(values[k] for k in VALUES_QUESTIONS if k in values),
                  diversity=compared_diversity(profile),
                  missing=tuple(missing))


def compared_diversity(profile):
    """The diversity answers pairing compares: with consent, the questions' answers (not own words)."""
    if not (profile and profile.diversity_consent):
        return {}
    return {key: answer for key, answer in profile.read("diversity").items() if key in DIVERSITY_QUESTIONS}


def decisions():
    """The programme manager's pins and forbids. A pin has done its work once its mentee is paired."""
    pins = frozenset((d.mentor_id, d.mentee_id) for d in PairDecision.select().where(PairDecision.kind == "pin"))
    forbids = frozenset((d.mentor_id, d.mentee_id) for d in PairDecision.select().where(PairDecision.kind == "forbid"))
    return pins, forbids


def run_proposal(actor, mode="best_total", weights=None, cohort=None):
    """Propose pairs for everyone unpaired, keeping pins and forbids; replaces the open draft.

    Large programmes are paired by a job; the board shows its progress meanwhile.
    """
    proposal = PairingProposal.create(created_by=actor, mode=mode, status="running", cohort=cohort,
                                      weights=json.dumps({**DEFAULT_WEIGHTS, **(weights or {})}))
    if participants().count() >= IN_THE_BACKGROUND_FROM:
        propose_in_the_background.queue(proposal.id)
        return proposal
    try:
        return complete_proposal(proposal.id)
    except Exception as error:  # the board must not show it running for ever
        proposal_failed(proposal.id, propose_in_the_background.problem(error))
        raise


def proposal_failed(proposal_id, problem):
    PairingProposal.update(status="failed", problem=problem).where(PairingProposal.id == proposal_id,
                                                                   PairingProposal.status == "running").execute()


@job(retries=2, on_failure=proposal_failed)
def propose_in_the_background(proposal_id):
    """A large proposal, in the job worker: there the engine may change the whole process."""
    with undisturbed():
        return complete_proposal(proposal_id).id


def proposal_for(mode, weights, cohort=None):
    """A proposal computed now on the tenant's people, pins and forbids, not saved."""
    people, managers = roster(cohort)
    pins, forbids = decisions()
    settings = Settings(weights=weights, mode=mode, pinned=pins, forbidden=forbids,
                        ask_diversity=current_program().ask_diversity)
    return propose_pairs(people, managers, settings)


def complete_proposal(proposal_id):
    """Compute a proposal that was started (in the request, or in a job)."""
    proposal = PairingProposal.get_by_id(proposal_id)
    if proposal.status != "running":  # finished, or given up on, while this worker was away
        return proposal
    progress = f"proposal-{proposal_id}"
    platform.report_progress(progress, 5)
    result = proposal_for(proposal.mode, proposal.read("weights"), proposal.cohort_id)
    platform.report_progress(progress, 95)
    with PairingProposal.alone():
        # Two runs may overlap: one that a newer run overtook ends superseded, never replacing it,
        # so the open draft is always the newest proposal with pairs (what the board shows). Two
        # ending at once take turns here: each would otherwise miss the other's new draft.
        overtaken = PairingProposal.select().where(PairingProposal.id > proposal.id,
                                                   PairingProposal.status.not_in(WITHOUT_PAIRS)).exists()
        if not overtaken:
            PairingProposal.update(status="superseded").where(PairingProposal.status == "draft").execute()
        proposal.total, proposal.notes = round(result.total, 1), json.dumps(result.notes)
        proposal.status = "superseded" if overtaken else "draft"
        proposal.save()
        proposal.write([dataclasses.asdict(p) for p in result.pairs], [dataclasses.asdict(u) for u in result.unmatched])
    record(proposal.created_by, "ran a pairing proposal", detail=f"{len(result.pairs)} pairs, total {proposal.total}")
    return proposal


PREVIEW_CHANGES = 5  # changed pairs named in a preview


def preview(mode, weights, cohort=None):
    """What a proposal with these weights would change against the open draft: the new
    proposal, the draft (or None), how many seniors would get another mentor, and the first
    few of those changes as (mentee id, mentor id in the draft or None, new mentor id or None)."""
    result = proposal_for(mode, weights, cohort)
    draft = current_draft()
    before = mentors_in(draft) if draft else {}
    after = {p.mentee_id: p.mentor_id for p in result.pairs}
    changed = sorted(m for m in before.keys() | after.keys() if before.get(m) != after.get(m))
    return result, draft, len(changed), [(m, before.get(m), after.get(m)) for m in changed[:PREVIEW_CHANGES]]


def mentors_in(proposal):
    """{mentee id: mentor id} of the proposal's pairs."""
    return dict(proposal.pair_rows().select(ProposedPair.mentee, ProposedPair.mentor).tuples())


def proposed_pair(proposal, mentee_id, mentor_id=None):
    """The proposal's pair of this mentee (with this mentor, if given) as a dict, or None."""
    rows = proposal.pair_rows().where(ProposedPair.mentee == mentee_id)
    row = (rows.where(ProposedPair.mentor == mentor_id) if mentor_id else rows).first()
    return row and row.pair


def with_partners(query):
    """`query` (of pairings or decisions) with both partners read in the same query."""
    model, mentor, mentee = query.model, User.alias(), User.alias()
    return (query.select_extend(mentor, mentee).join(mentor, on=(model.mentor == mentor.id), attr="mentor")
            .switch(model).join(mentee, on=(model.mentee == mentee.id), attr="mentee"))


def with_names(query):
    """`query` (of pairings or decisions) with both partners' names, as `mentor_name` and `mentee_name`."""
    model, mentor, mentee = query.model, User.alias(), User.alias()
    return (query.select_extend(mentor.name.alias("mentor_name"), mentee.name.alias("mentee_name"))
            .join(mentor, on=(model.mentor == mentor.id)).switch(model)
            .join(mentee, on=(model.mentee == mentee.id)).objects())


def decision_rows():
    """The programme manager's pins, then forbids, newest first, with both partners' names."""
    return with_names(PairDecision.select(PairDecision.id, PairDecision.kind, PairDecision.mentor, PairDecision.mentee)
                      .order_by(PairDecision.kind.desc(), PairDecision.id.desc()))


def proposed_rows(proposal):
    """The proposal's pairs in order, with both partners' names and the programme manager's pin or
    forbid of each pair (`decision`, or None)."""
    decided = (PairDecision.mentor == ProposedPair.mentor) & (PairDecision.mentee == ProposedPair.mentee)
    return (with_names(proposal.pair_rows()).select_extend(PairDecision.kind.alias("decision"))
            .switch(ProposedPair).join(PairDecision, peewee.JOIN.LEFT_OUTER, on=decided))


def pairing_rows():
    """The active pairings, newest first, with both partners' names."""
    return with_names(active_pairings().select(Pairing.id, Pairing.started)
                      .order_by(Pairing.started.desc(), Pairing.id.desc()))


def current_draft():
    """The open proposal (there is at most one: a new one supersedes it), or None."""
    return PairingProposal.select().where(PairingProposal.status == "draft").order_by(PairingProposal.id.desc()).first()


class CannotChange(ValueError):
    """The draft cannot be changed that way; the message says why."""


class ProposalClosed(CannotChange):
    """The proposal is no longer a draft: someone published or replaced it."""


def open_draft(proposal_id):
    draft = PairingProposal.get_or_none(PairingProposal.id == proposal_id, PairingProposal.status == "draft")
    if draft is None:
        raise ProposalClosed("This proposal was published or replaced by a newer one; run a new one to change it.")
    return draft


def save_pairs(draft, pairs, unmatched):
    draft.write(pairs, unmatched)
    draft.total = round(sum(pair["score"] for pair in pairs), 1)
    draft.save()


def swap_partners(draft, mentee_id):
    """The mentees of the draft whose mentor `mentee_id` could swap with: both new pairs keep
    every hard rule (and neither is forbidden). Empty if the mentee is not in the draft."""
    mentor_of = mentors_in(draft)
    if mentee_id not in mentor_of:
        return []
    people, managers = roster()
    by_id = {person.id: person for person in people}
    mine = mentor_of[mentee_id]
    if mentee_id not in by_id or mine not in by_id:  # paired or taken out of the programme since
        return []
    settings = Settings(forbidden=decisions()[1], ask_diversity=current_program().ask_diversity)
    # Who could mentor this mentee, and whom this mentee's mentor could take: two thin blocks.
    could_take_me = allowed_pairs([by_id[m] for m in set(mentor_of.values()) if m in by_id] + [by_id[mentee_id]],
                                  managers, settings)
    mine_could_take = allowed_pairs([by_id[e] for e in mentor_of if e in by_id] + [by_id[mine]], managers, settings)
    return [other for other, theirs in mentor_of.items() if other != mentee_id
            and (theirs, mentee_id) in could_take_me and (mine, other) in mine_could_take]


def swap(proposal_id, mentee_a, mentee_b, actor):
    """Exchange the mentors of two mentees in a draft, if both new pairs keep every hard rule."""
    draft = open_draft(proposal_id)
    pairs = draft.read("pairs")
    by_mentee = {pair["mentee_id"]: pair for pair in pairs}
    if mentee_a not in by_mentee or mentee_b not in by_mentee or mentee_a == mentee_b:
        raise CannotChange("Choose two different mentees of this proposal to swap.")
    first, second = by_mentee[mentee_a], by_mentee[mentee_b]
    wanted = {(first["mentor_id"], mentee_b), (second["mentor_id"], mentee_a)}
    people, managers = roster()
    involved = [p for p in people if p.id in {first["mentor_id"], second["mentor_id"], mentee_a, mentee_b}]
    names = {p.id: p.name for p in involved}
    forbidden = sorted(wanted & decisions()[1])
    if forbidden:
        mentor, mentee = forbidden[0]
        raise CannotChange(f"{names.get(mentor)} and {names.get(mentee)} are a forbidden pair.")
    result = propose_pairs(involved, managers, Settings(pinned=frozenset(wanted),
                                                        ask_diversity=current_program().ask_diversity))
    by_id = {p.id: p for p in involved}
    for pair in result.pairs:
        if pair.broken_rules:
            mentor, mentee = by_id[pair.mentor_id], by_id[pair.mentee_id]
            raise CannotChange(f"{mentor.name} cannot mentor {mentee.name}: "
                               + rules_broken(mentor, mentee, pair.broken_rules, Settings()) + ".")
    if len(result.pairs) != 2:
        raise CannotChange("These two cannot be swapped: " + " ".join(result.notes))
    swapped = [{**dataclasses.asdict(pair), "pinned": False} for pair in result.pairs]
    save_pairs(draft, [pair for pair in pairs if pair["mentee_id"] not in (mentee_a, mentee_b)] + swapped,
               draft.read("unmatched"))
    record(actor, "swapped partners", detail=f"mentees {mentee_a} and {mentee_b}")


def remove_pair(proposal_id, mentee_id, actor):
    """Take one pair out of a draft; both people wait for a later round."""
    draft = open_draft(proposal_id)
    pair = proposed_pair(draft, mentee_id)
    if pair is None:
        raise CannotChange("That pair is not in this proposal.")
    take_out(draft, pair, f"Taken out of this proposal by {name_of(actor)}.")
    record(actor, "removed a proposed pair", detail=f"mentor {pair['mentor_id']}, mentee {mentee_id}")


def take_out(draft, pair, why):
    """Remove `pair` from the draft; both partners are listed as not paired, saying why."""
    names = dict(User.select(User.id, User.name).where(User.id.in_([pair["mentor_id"], pair["mentee_id"]])).tuples())
    last = draft.unpaired_rows().order_by().select(peewee.fn.MAX(NotPaired.position)).scalar()
    with database.atomic():
        ProposedPair.delete().where(ProposedPair.proposal == draft.id, ProposedPair.mentee == pair["mentee_id"]).execute()
        for n, (person, role) in enumerate(((pair["mentor_id"], "mentor"), (pair["mentee_id"], "mentee"))):
            NotPaired.create(proposal=draft.id, position=(-1 if last is None else last) + 1 + n, person=person,
                             details=json.dumps({"person_id": person, "name": names[person], "role": role,
                                                 "rule": "removed", "reason": why}))
        draft.total = round(draft.pair_rows().order_by().select(peewee.fn.SUM(ProposedPair.score)).scalar() or 0, 1)
        draft.save()


def name_of(email):
    """The name of the tenant user with this email (actors are recorded by email)."""
    return User.select(User.name).where(User.email == email).scalar() or email


def offer_shortlists(actor):
    """Give every senior waiting for a partner their three best mentors to choose from, by email."""
    people, managers = roster()
    pins, forbids = decisions()
    settings = Settings(pinned=pins, forbidden=forbids, ask_diversity=current_program().ask_diversity)
    offered = 0
    for person in people:
        if person.role != "mentee" or person.missing:
            continue
        found = shortlist(person.id, people, managers, settings)
        ShortlistOffer.delete().where(ShortlistOffer.mentee == person.id).execute()
        ShortlistOffer.create(mentee=person.id, reason=found.reason, candidates=json.dumps(
            [{"mentor_id": c.mentor_id, "score": c.score, "reason": for_partners(c.reasons)} for c in found.candidates]))
        if found.candidates:
            mentee = User.get_by_id(person.id)
            platform.send_mail(mentee.email, f"Choose your reverse mentor in {current_program().name}",
                               render_template("mail/shortlist.txt", person=mentee, count=len(found.candidates),
                                               tenant=current_tenant(), program=current_program(),
                                               link=platform.link("pairing.choose_mentor")))
            offered += 1
    record(actor, "offered shortlists", detail=f"{offered} seniors")
    return offered


def choose_mentor(mentee, mentor_id):
    """The senior's choice from their shortlist: pinned, so every later proposal keeps it."""
    offer = ShortlistOffer.get_or_none(ShortlistOffer.mentee == mentee.id)
    if offer is None or mentor_id not in [c["mentor_id"] for c in offer.offers]:
        raise CannotChange("Choose one of the mentors on your shortlist.")
    offer.chosen, offer.decided = mentor_id, now()
    offer.save()
    PairDecision.delete().where(PairDecision.mentee == mentee.id, PairDecision.kind == "pin").execute()
    decide(mentor_id, mentee.id, "pin", mentee.email)


def decide(mentor_id, mentee_id, kind, actor):
    """Pin or forbid a pair (kind "pin"/"forbid"), or clear the decision (kind None).

    A forbidden pair leaves the open draft at once: it must not be published by mistake.
    """
    PairDecision.delete().where(PairDecision.mentor == mentor_id, PairDecision.mentee == mentee_id).execute()
    if kind:
        PairDecision.create(mentor=mentor_id, mentee=mentee_id, kind=kind, created_by=actor)
    draft = current_draft()
    pair = draft and proposed_pair(draft, mentee_id, mentor_id)
    if kind == "forbid" and pair:
        take_out(draft, pair, f"Forbidden as a pair by {name_of(actor)}: run a new proposal to find other partners.")
    record(actor, f"{kind or 'cleared'} pair", detail=f"mentor {mentor_id}, mentee {mentee_id}")


def publish(proposal_id, actor):
    """Publish a draft: claim it (two admins clicking at once publish it once), then create its
    pairings and introduce the partners, now or, for a large proposal, in a job while the board
    shows progress. Also resumes a publication whose introductions stopped. Returns the
    pairings, or None when a job publishes them; AlreadyPublished if beaten to it."""
    claimed = PairingProposal.update(status="publishing", problem="").where(
        PairingProposal.id == proposal_id,
        (PairingProposal.status == "draft")
        | ((PairingProposal.status == "published") & (PairingProposal.problem != ""))).execute()
    if not claimed:
        raise AlreadyPublished("This proposal was already published or replaced by a newer one.")
    people = 2 * PairingProposal.get_by_id(proposal_id).pair_rows().count()  # both partners are introduced
    if people >= IN_THE_BACKGROUND_FROM:
        publish_pairs.queue(proposal_id, actor)
        return None
    return publish_pairs(proposal_id, actor)


def publication_failed(proposal_id, actor, problem):
    """Back to a draft if no pairing was created; otherwise published, saying the introductions stopped."""
    proposal = PairingProposal.get_by_id(proposal_id)
    PairingProposal.update(status="published" if proposal.published else "draft", problem=problem).where(
        PairingProposal.id == proposal_id, PairingProposal.status == "publishing").execute()


@job(retries=2, on_failure=publication_failed)
def publish_pairs(proposal_id, actor):
    """Create the pairings of a claimed proposal, all in one transaction and once, then introduce
    both partners of each. Run again (after a crash, or to resume), it creates nothing twice and
    sends only the introductions that did not go out (each is keyed by the pairing and person)."""
    progress = f"publish-{proposal_id}"
    with database.atomic():
        if PairingProposal.update(published=now()).where(PairingProposal.id == proposal_id,
                                                         PairingProposal.published.is_null()).execute():
            proposal = PairingProposal.get_by_id(proposal_id)
            busy = {p.mentee_id for p in active_pairings()}
            rows = [{"mentor": p["mentor_id"], "mentee": p["mentee_id"], "proposal": proposal_id, "score": p["score"],
                     "reason": p["reason"], "reasons": json.dumps(p["reasons"]), "started": now()}
                    for p in proposal.read("pairs") if p["mentee_id"] not in busy]
            for chunk in peewee.chunked(rows, 500):
                Pairing.insert_many(chunk).execute()
            PairDecision.delete().where(PairDecision.kind == "pin",
                                        PairDecision.mentee.in_([row["mentee"] for row in rows] or [0])).execute()
            with readings.later():  # the new pairings' phases read in one go, not one pairing at a time
                for pairing in Pairing.select().where(Pairing.proposal == proposal_id):
                    events.write(pairing, "started", on=pairing.started.date())
                    tie_goals(pairing)
            record(actor, "published pairs", detail=f"{len(rows)} pairings")
    platform.report_progress(progress, 10)
    created = list(with_partners(Pairing.select().where(Pairing.proposal == proposal_id).order_by(Pairing.id)))
    for n, pairing in enumerate(created):
        introduce(pairing, key=f"publish-{proposal_id}:{pairing.id}")
        if n % 25 == 0:
            platform.report_progress(progress, 10 + round(90 * n / len(created)))
    PairingProposal.update(status="published").where(PairingProposal.id == proposal_id,
                                                     PairingProposal.status == "publishing").execute()
    platform.numbers_changed()
    return created


def introduce(pairing, key=None):
    """Email both partners who the other is, why they were matched, and the first steps (once
    per person under `key`)."""
    for person, partner in ((pairing.mentor, pairing.mentee), (pairing.mentee, pairing.mentor)):
        platform.send_mail(person.email, f"Meet your reverse-mentoring partner: {partner.name}",
                           render_template("mail/introduction.txt", person=person, partner=partner,
                                           why=for_partners(pairing.reason_points), pairing=pairing,
                                           tenant=current_tenant(), program=current_program(),
                                           link=platform.link("home.page")),
                           key=key and f"{key}:{person.id}")


def end_pairing(pairing, reason, actor):
    """End a pairing with a reason; both people can be paired again, with others (the pair is
    forbidden from then on), both are told, and the history stays."""
    with database.atomic():
        pairing.status, pairing.ended, pairing.end_reason = "ended", now(), reason
        pairing.save()
        events.write(pairing, "ended", on=pairing.ended.date())
        PairDecision.delete().where(PairDecision.mentor == pairing.mentor_id,
                                    PairDecision.mentee == pairing.mentee_id).execute()
        PairDecision.create(mentor=pairing.mentor_id, mentee=pairing.mentee_id, kind="forbid", created_by=actor)
    for person, partner in ((pairing.mentor, pairing.mentee), (pairing.mentee, pairing.mentor)):
        platform.send_mail(person.email, f"Your reverse-mentoring pairing with {partner.name} has ended",
                           render_template("mail/pairing_ended.txt", person=person, partner=partner,
                                           tenant=current_tenant(), program=current_program()))
    platform.numbers_changed()
    record(actor, "ended pairing", detail=f"{pairing.mentor.email} & {pairing.mentee.email}: {reason}")

