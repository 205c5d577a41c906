"""The tenant admin's pairing board at /t/<slug>/admin/pairing."""
import peewee
from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user

from tenants import platform
from tenants.access import admins_only
from tenants.forms import number_in
from tenants.matching import DEFAULT_WEIGHTS, MODES, SCORES
from tenants.models import Compiled
from tenants.pages import counting, page_asked, page_of
from tenants.pairing import board
from tenants.pairing.forms import EndForm, ProposalForm
from tenants.pairing.models import (
    UNDER_WAY,
    WITHOUT_PAIRS,
    NotPaired,
    PairDecision,
    Pairing,
    PairingProposal,
    ProposedPair,
    ShortlistOffer,
    active_pairings,
)
from tenants.people.models import User
from tenants.program.models import current_program
from tenants.rendering import confirm_first, render

bp = Blueprint("pairing", __name__)
BOARD = "/admin/pairing"


def board_page(problem=None, status=200, at=None, form=None, ending=None, swapping=None):
    """The board. problem: what stopped a change to a pair, shown next to the control `at` (or
    on top); form: the proposal's form as sent, with its errors, so nothing typed is lost;
    ending: the form that tried to end pairing `at`; swapping: the mentee whose swap options to list."""
    latest, running, newest, previous = newest_proposals()
    failed = newest if newest and newest.status == "failed" else None
    weights = (failed or latest).read("weights") if failed or latest else DEFAULT_WEIGHTS
    if form is not None:
        weights = {name: weights[name] if form[f"w-{name}"].typed is None else form[f"w-{name}"].typed
                   for name in SCORES}
    else:
        form = ProposalForm.for_programme(formdata=None, cohort=latest.cohort_id if latest else None,
                                          mode=latest.mode if latest else "best_total")
    draft = latest if latest and latest.status == "draft" else None  # as board.current_draft(): the newest with pairs
    swap_options = board.swap_partners(draft, swapping) if draft and swapping else []
    return render("pairing/board.html", proposal=latest, form=form, ending=ending, previous=previous, running=running,
                  failed=failed, weights=weights, custom=bool(form.weight_errors()) or weights != DEFAULT_WEIGHTS,
                  scores=[name for name in SCORES if name != "diversity" or current_program().ask_diversity],
                  labels=board.SCORE_LABELS, modes=MODES, problem=problem, at=at, status=status,
                  swapping=swapping, swap_options=swap_options,
                  creator=board.name_of(latest.created_by) if latest else "", **lists(latest, swap_options))


def newest_proposals():
    """(latest, running, newest, previous): the newest proposal that ended with pairs to show (a
    draft, published or superseded), the newest one under way, the newest of all, and the draft
    that the latest replaced, to compare totals (None after a publication: the people left to
    pair are then others). One query, written once: the board reads them on every visit."""
    found = sorted(_newest_proposals(), key=lambda proposal: -proposal.id)
    latest = next((p for p in found if p.status not in WITHOUT_PAIRS), None)
    earlier = next((p for p in found if latest and p.id < latest.id), None)
    return (latest, next((p for p in found if p.status in UNDER_WAY), None), found[0] if found else None,
            earlier if earlier and earlier.status == "superseded" and earlier.cohort_id == latest.cohort_id else None)


def _newest_proposals_query():
    newest = PairingProposal.select(peewee.fn.MAX(PairingProposal.id))
    latest_id = newest.where(PairingProposal.status.not_in(WITHOUT_PAIRS))
    return PairingProposal.select().where(
        PairingProposal.id.in_(latest_id) | PairingProposal.id.in_(newest.where(PairingProposal.status.in_(UNDER_WAY)))
        | PairingProposal.id.in_(newest) | PairingProposal.id.in_(newest.where(PairingProposal.id < latest_id)))


_newest_proposals = Compiled(_newest_proposals_query)


BOARD_PAGE = 25  # rows of each of the board's lists a page: its rows are heavy, with a form each


LISTS = ("decided", "pairings", "offered", "chosen", "pairs", "unpaired")


def _lengths_query(proposal_id):
    """The board's lists' lengths and the shortlists' progress (offered, chosen), in one query."""
    return counting(decided=PairDecision.select(), pairings=active_pairings(), offered=ShortlistOffer.select(),
                    chosen=ShortlistOffer.select().where(ShortlistOffer.chosen.is_null(False)),
                    pairs=ProposedPair.select().where(ProposedPair.proposal == proposal_id),
                    unpaired=NotPaired.select().where(NotPaired.proposal == proposal_id))


_lengths = Compiled(_lengths_query)


def shown_pair(row):
    """A proposed pair as its row shows it: tenants.matching's Pair fields, the programme manager's
    decision about it, and its score breakdown in words."""
    pair = row.pair
    return dict(pair, decision=row.decision, breakdown_lines=[
        f"{board.SCORE_LABELS[name]}: {value:.0f}" for name, value in pair["breakdown"].items()])


def lists(latest, swap_options):
    """A page of each of the board's lists (paged by a URL argument named as the list), the
    lists' lengths and the shortlists' progress counted in one query, and the names of the people
    on the proposal's page: nothing grows with the programme."""
    rows = {"decided": board.decision_rows(), "pairings": board.pairing_rows()}
    if latest:
        rows.update(pairs=board.proposed_rows(latest), unpaired=latest.unpaired_rows())
    totals = dict(zip(LISTS, next(iter(_lengths(latest.id if latest else 0)))))
    pages = {name: page_of(query, page_asked(request.args, name), BOARD_PAGE, totals[name])
             for name, query in rows.items()}
    shown = [shown_pair(row) for row in pages["pairs"].items] if latest else []
    names = {row.mentor_id: row.mentor_name for row in pages["pairs"].items} if latest else {}
    names.update({row.mentee_id: row.mentee_name for row in pages["pairs"].items} if latest else {})
    if swap_options:
        names.update(User.select(User.id, User.name).where(User.id.in_(swap_options)).tuples())
    return dict(pages, shown=shown, names=names, shortlists=(totals["offered"], totals["chosen"]),
                at_pages={name: page.number for name, page in pages.items() if page.number > 1})


@bp.route(BOARD)
@admins_only
def page():
    return board_page(swapping=number_in(request.args.get("swap", "")))


@bp.route(BOARD + "/proposals", methods=["POST"])
@admins_only
def run():
    form = ProposalForm.for_programme()
    if not form.validate():
        return board_page(status=422, form=form)
    made = board.run_proposal(current_user.email, *form.chosen())
    if made.status == "draft":
        flash(f"New proposal: {len(made.read('pairs'))} pairs, total score {made.total:.1f}.", "info")
    return redirect(url_for("pairing.page"))


@bp.route(BOARD + "/preview", methods=["POST"])
@admins_only
def preview():
    """How a proposal with the weights being typed would differ from the open draft; nothing is saved."""
    form = ProposalForm.for_programme()
    if not form.validate():
        problems = [message for messages in form.errors.values() for message in messages]
        return render("pairing/_preview.html", problem=" ".join(problems), status=422)
    result, draft, changed, first = board.preview(*form.chosen())
    names = dict(User.select(User.id, User.name).tuples())
    return render("pairing/_preview.html", result=result, draft=draft, changed=changed, first=first, names=names)


@bp.route(BOARD + "/proposals/<int:proposal_id>/progress")
@admins_only
def progress(proposal_id):
    running = PairingProposal.get_or_none(PairingProposal.id == proposal_id)
    if running is None or running.status not in ("running", "publishing"):  # done, failed or gone: the board says which
        return "", 200, {"HX-Refresh": "true"}
    step = "publish" if running.status == "publishing" else "proposal"
    return render("pairing/_progress.html", running=running, percent=platform.progress(f"{step}-{proposal_id}") or 0)


@bp.route(BOARD + "/shortlists", methods=["POST"])
@admins_only
def shortlists():
    offered = board.offer_shortlists(current_user.email)
    flash(f"{offered} seniors were sent their shortlist. Their choices are pinned; run a new proposal when they "
          "have chosen.", "success")
    return redirect(url_for("pairing.page"))


@bp.route(BOARD + "/decisions", methods=["POST"])
@admins_only
def decide():
    mentor, mentee = number_in(request.form.get("mentor")), number_in(request.form.get("mentee"))
    kind = request.form.get("kind") or None
    people = {u.id: u.role for u in User.select().where(User.id.in_([mentor or 0, mentee or 0]))}
    if people.get(mentor) != "mentor" or people.get(mentee) != "mentee" or kind not in ("pin", "forbid", None):
        abort(404)
    board.decide(mentor, mentee, kind, current_user.email)
    flash({"pin": "Pinned: this pair stays in every new proposal.",
           "forbid": "Forbidden: this pair will not be proposed again, and it is out of the open proposal. "
                     "Run a new proposal to find them other partners.",
           None: "The pair is back to normal."}[kind], "info")
    return redirect(url_for("pairing.page"))


@bp.route(BOARD + "/proposals/<int:proposal_id>/<any(swap, remove):change>", methods=["POST"])
@admins_only
def change(proposal_id, change):
    mentee, other = number_in(request.form.get("mentee")), number_in(request.form.get("other"))
    try:
        if change == "swap":
            board.swap(proposal_id, mentee, other, current_user.email)
        else:
            board.remove_pair(proposal_id, mentee, current_user.email)
    except board.CannotChange as problem:
        closed = isinstance(problem, board.ProposalClosed)
        return board_page(str(problem), status=409 if closed else 422, at=f"pair-{mentee}")
    flash("Swapped." if change == "swap" else "Taken out of this proposal. A new run may pair them again; "
          "forbid the pair to prevent that.", "info")
    return redirect(url_for("pairing.page"))


@bp.route(BOARD + "/proposals/<int:proposal_id>/publish", methods=["POST"])
@admins_only
def publish(proposal_id):
    PairingProposal.get_or_none(PairingProposal.id == proposal_id) or abort(404)
    try:
        created = board.publish(proposal_id, current_user.email)
    except board.AlreadyPublished as error:
        return board_page(f"{error} Nothing was published twice; see the pairings below.", status=409)
    if created is None:  # a job publishes it; the board shows how far
        return redirect(url_for("pairing.page"))
    flash(f"Published {len(created)} pairing{'' if len(created) == 1 else 's'} and emailed both partners of "
          f"each an introduction.", "success")
    return redirect(url_for("pairing.page"))


@bp.route(BOARD + "/pairings/<int:pairing_id>/end", methods=["POST"])
@admins_only
def end(pairing_id):
    pairing = active_pairings().where(Pairing.id == pairing_id).first() or abort(404)
    form = EndForm()
    if not form.validate():
        return board_page(status=422, at=f"end-{pairing_id}", ending=form)
    reason = form.reason.data
    asked = confirm_first(f"End the pairing of {pairing.mentor.name} and {pairing.mentee.name}?",
                      f"Both are told by email, and the two cannot be paired together again. The reason you gave: "
                      f"“{reason}”.", "End the pairing", url_for("pairing.page"), reason=reason)
    if asked:
        return asked
    board.end_pairing(pairing, reason, current_user.email)
    flash(f"{pairing.mentor.name} and {pairing.mentee.name} can be paired again with others (not with each other: "
          "the pair is now forbidden). Both were told by email; the history is kept.", "info")
    return redirect(url_for("pairing.page"))


from tenants.pairing import shortlist_views  # noqa: E402,F401  (its routes join this blueprint)
