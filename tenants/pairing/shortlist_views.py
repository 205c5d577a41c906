"""A senior chooses their mentor from a shortlist, at /t/<slug>/shortlist."""
from flask import abort, flash, redirect, request, url_for
from flask_login import current_user, login_required

from tenants.forms import number_in
from tenants.pairing import board
from tenants.pairing.models import ShortlistOffer
from tenants.pairing.views import bp
from tenants.people.models import User
from tenants.rendering import render


@bp.route("/shortlist", methods=["GET", "POST"])
@login_required
def choose_mentor():
    offer = ShortlistOffer.get_or_none(ShortlistOffer.mentee == current_user.id) if current_user.id else None
    if offer is None:
        abort(404)
    problem = None
    if request.method == "POST" and offer.offers:
        try:
            board.choose_mentor(current_user, number_in(request.form.get("mentor")))
        except board.CannotChange as error:
            problem = str(error)
        else:
            flash("Thank you: your choice is recorded. Your programme manager will introduce you both.", "success")
            return redirect(url_for("home.page"))
    mentors = {u.id: u for u in User.select().where(User.id.in_([c["mentor_id"] for c in offer.offers] or [0]))}
    return render("pairing/shortlist.html", offer=offer, mentors=mentors, problem=problem,
                  status=422 if problem else 200)
