"""The tenant's home page: for a participant, their partner and next step; for the programme
manager, where the programme stands and what to do next."""
from flask import Blueprint, redirect, url_for
from flask_login import current_user, login_required

from tenants.pair_space.overview import pairings_of
from tenants.pairing.models import ShortlistOffer, active_pairings, partners_of
from tenants.people.models import User, participants
from tenants.program.models import current_program
from tenants.rendering import render
from tenants.tracker.dashboard import headline

bp = Blueprint("home", __name__)


def programme_steps():
    """The manager's checklist: (what, done, link text, endpoint, detail)."""
    program, total = current_program(), participants().count()
    trained = participants().where(User.trained.is_null(False)).count()
    pairs = active_pairings().count()
    phases, at_risk = headline()
    return [
        ("Set up the programme", program.id is not None and program.term_start is not None, "Programme settings",
         "program.settings", f"{program.name}" + (f", {program.term_start:%d %b %Y} – {program.term_end:%d %b %Y}"
                                                  if program.term_start and program.term_end else "")),
        ("Invite participants", total > 0, "People", "people.dashboard", f"{total} invited"),
        ("Get them onboarded and trained", total > 0 and trained == total, "People", "people.dashboard",
         f"{trained} of {total} ready to be paired"),
        ("Pair them", pairs > 0, "Pairing", "pairing.page", f"{pairs} active pairings"),
        ("Keep every pair on track", pairs > 0 and at_risk == 0, "Phases", "tracker.dashboard",
         f"{at_risk} at risk · " + " · ".join(f"{count} in {phase}" for phase, count in phases.items())),
    ]


@bp.route("/")
@login_required
def page():
    if current_user.is_participant and current_user.profile_completed is None:
        return redirect(url_for("onboarding.start"))
    if current_user.role == "admin":
        return render("home/page.html", steps=programme_steps())
    return render("home/page.html", partners=partners_of(current_user), pairings=pairings_of(current_user),
                  shortlist=ShortlistOffer.get_or_none(ShortlistOffer.mentee == current_user.id))
