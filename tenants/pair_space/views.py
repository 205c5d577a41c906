"""The pair space at /t/<slug>/pairs/<pairing id>/, for the two partners of that pairing only
(anyone else gets 404), and the programme manager's pulse rhythm."""
import functools

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user, login_required

from tenants.access import admins_only
from tenants.audit import record
from tenants.goals import progress as goals
from tenants.goals.models import Goal
from tenants.models import now
from tenants.pair_space import charter, closing, help_requests, meetings, offers, overview, pulse
from tenants.pair_space.forms import (AnswerForm, CancelForm, CharterForm, GoalForm, GoalUpdateForm, HeldForm, HelpForm,
                                      MeetingForm, NoteForm, OfferForm, PastMeetingForm, PulseForm, PulseSettingsForm,
                                      SignForm, closing_form, options)
from tenants.pair_space.models import Meeting, MeetingNote, Offer
from tenants.pair_space.space import (Outdated, PairingOver, Refused, first_name, local, seat_of, today_in,
                                      writable, zone_name)
from tenants.program.models import current_program
from tenants.rendering import htmx, render
from tenants.tracker.partners import journey_of, with_phase_changes

bp = Blueprint("pair_space", __name__)
SPACE = "/pairs/<int:pairing_id>"


def partners_only(view):
    """The view gets the viewer's seat in the pairing of the URL; everyone else gets 404."""
    @functools.wraps(view)
    @login_required
    def guarded(pairing_id, **kwargs):
        return view(seat_of(current_user, pairing_id) or abort(404), **kwargs)
    return guarded


@bp.errorhandler(PairingOver)
def read_only(error):
    return render("errors/error.html", title="This pairing has ended", message=str(error), status=403)


def whose(seat):
    """Choices for "who suggested it": the viewer or the partner, by role."""
    return options([(seat.role, "I did"), (seat.partner_role, first_name(seat.partner))])


def space_context(seat, **forms):
    zone = zone_name(seat.me)
    today = today_in(zone)
    pairing, version = seat.pairing, charter.current_charter(seat.pairing)
    program = current_program()
    past_form = forms.pop("past_form", None) or PastMeetingForm(formdata=None, prefix="past")
    past_form.initiated_by.choices = whose(seat)
    return dict(
        seat=seat, partner=seat.partner, zone=zone, today=today, local=lambda moment: local(moment, zone),
        first=first_name(seat.partner), waiting=overview.waiting_for(seat, today),
        skills=overview.skills_between(seat.me, seat.partner), reasons=overview.reasons_for(seat),
        shared=overview.shared_time(seat.me, seat.partner, zone),
        upcoming=list(meetings.upcoming(pairing)), past=list(meetings.past(pairing).limit(12)),
        pending=list(offers.pending(pairing)), answered_offers=list(offers.answered(pairing).limit(8)),
        offer_kinds=offers.KINDS, offers_by_id={o.id: o for o in Offer.select().where(Offer.pairing == pairing)},
        my_goals=goals.goals_of(pairing, seat.me), partner_goals=goals.goals_of(pairing, seat.partner),
        charter=version, signed=charter.signatures(version), journey=journey_of(seat),
        timeline=with_phase_changes(overview.timeline(seat, 12), pairing),
        round=overview.open_round(pairing, today), answered=lambda n: pulse.answered(pairing, seat.role, n),
        next_round=pulse.next_round(pairing.started.date(), today, program.pulse_every_days, program.pulse_open_days),
        closing_due=closing.due(seat, today),
        meeting_form=forms.pop("meeting_form", None) or MeetingForm(formdata=None), past_form=past_form,
        offer_form=forms.pop("offer_form", None) or OfferForm(formdata=None, prefix="offer"),
        goal_form=forms.pop("goal_form", None) or GoalForm(formdata=None, prefix="goal"),
        answer_forms=forms.pop("answer_forms", {}), update_forms=forms.pop("update_forms", {}),
        blank_answer=lambda offer_id: AnswerForm(formdata=None, prefix=f"o{offer_id}"),
        blank_update=lambda goal: GoalUpdateForm(formdata=None, prefix=f"g{goal.id}", progress=goal.progress),
        goal_updates=goals.updates_of(pairing), pulse_every=program.pulse_every_days, now_utc=now(), **forms)


def after(seat, section, message):
    """After an action: the changed section and what depends on it (htmx), or the page again."""
    if htmx and not htmx.boosted:
        return render("pair_space/space.html", "pair_space/_changed.html", section=section, message=message,
                      **space_context(seat))
    flash(message, "success")
    return redirect(url_for("pair_space.space", pairing_id=seat.pairing.id) + "#" + section)


def again(seat, section, status=422, **forms):
    """The page (or its section) again with what was typed and why it was refused."""
    return render("pair_space/space.html", "pair_space/_changed.html", section=section, status=status,
                  **space_context(seat, **forms))


@bp.route(SPACE + "/")
@partners_only
def space(seat):
    return render("pair_space/space.html", **space_context(seat))


# --- meetings --------------------------------------------------------------------------------

@bp.route(SPACE + "/meetings", methods=["POST"])
@partners_only
def plan_meeting(seat):
    form = MeetingForm()
    if form.validate_on_submit():
        try:
            meetings.plan(seat, form.day.data, form.at.data, form.minutes.data, form.place.data,
                          form.agenda.data)
            return after(seat, "meetings", f"Meeting planned. You and {first_name(seat.partner)} have the invitation by email.")
        except Refused as refusal:
            getattr(form, refusal.field or "day").errors.append(str(refusal))
    return again(seat, "meetings", meeting_form=form, open_form="plan")


@bp.route(SPACE + "/meetings/past", methods=["POST"])
@partners_only
def log_past_meeting(seat):
    form = PastMeetingForm(prefix="past")
    form.initiated_by.choices = whose(seat)
    if form.validate_on_submit():
        try:
            meetings.log_past(seat, form.day.data, form.minutes.data, form.initiated_by.data, form.agenda.data)
            return after(seat, "meetings", "Meeting logged.")
        except Refused as refusal:
            getattr(form, refusal.field or "day").errors.append(str(refusal))
    return again(seat, "meetings", past_form=form, open_form="past")


def meeting_of(seat, meeting_id):
    return Meeting.get_or_none(Meeting.id == meeting_id, Meeting.pairing == seat.pairing) or abort(404)


def meeting_page(seat, meeting, status=200, **forms):
    zone = zone_name(seat.me)
    held = forms.pop("held_form", None) or HeldForm(formdata=None, initiated_by=meeting.planned_by or seat.role)
    held.initiated_by.choices = whose(seat)
    starts = local(meeting.starts, zone)
    edit = forms.pop("edit_form", None) or MeetingForm(formdata=None, day=starts.date(), at=starts.time(),
                                                      minutes=meeting.minutes, place=meeting.place, agenda=meeting.agenda)
    return render("pair_space/meeting.html", seat=seat, meeting=meeting, zone=zone, starts=starts, first=first_name(seat.partner),
                  local=lambda moment: local(moment, zone), started=now() >= meeting.starts,
                  notes=list(MeetingNote.select().where(MeetingNote.meeting == meeting).order_by(MeetingNote.written)),
                  held_form=held, edit_form=edit, cancel_form=forms.pop("cancel_form", None) or CancelForm(formdata=None),
                  note_form=forms.pop("note_form", None) or NoteForm(formdata=None), problem=forms.pop("problem", None),
                  status=status, **forms)


@bp.route(SPACE + "/meetings/<int:meeting_id>")
@partners_only
def meeting(seat, meeting_id):
    return meeting_page(seat, meeting_of(seat, meeting_id))


@bp.route(SPACE + "/meetings/<int:meeting_id>/meeting.ics")
@partners_only
def meeting_ics(seat, meeting_id):
    found = meeting_of(seat, meeting_id)
    return meetings.ics(found), 200, {"Content-Type": "text/calendar; charset=utf-8",
                                      "Content-Disposition": f'attachment; filename="meeting-{found.id}.ics"'}


def back_to(seat, found, message):
    flash(message, "success")
    return redirect(url_for("pair_space.meeting", pairing_id=seat.pairing.id, meeting_id=found.id))


@bp.route(SPACE + "/meetings/<int:meeting_id>", methods=["POST"])
@partners_only
def replan_meeting(seat, meeting_id):
    found, form = meeting_of(seat, meeting_id), MeetingForm()
    if form.validate_on_submit():
        try:
            meetings.replan(seat, found, form.day.data, form.at.data, form.minutes.data, form.place.data,
                            form.agenda.data)
            return back_to(seat, found, "Meeting changed. Both calendars get the update by email.")
        except Refused as refusal:
            getattr(form, refusal.field or "day").errors.append(str(refusal))
    return meeting_page(seat, found, 422, edit_form=form, open_form="edit")


@bp.route(SPACE + "/meetings/<int:meeting_id>/held", methods=["POST"])
@partners_only
def meeting_held(seat, meeting_id):
    found, form = meeting_of(seat, meeting_id), HeldForm()
    form.initiated_by.choices = whose(seat)
    if form.validate_on_submit():
        try:
            meetings.held(seat, found, form.initiated_by.data)
            return back_to(seat, found, "Logged as held. Add a note for the two of you if you like.")
        except Refused as refusal:
            return meeting_page(seat, found, 422, problem=str(refusal))
    return meeting_page(seat, found, 422, held_form=form)


@bp.route(SPACE + "/meetings/<int:meeting_id>/cancel", methods=["POST"])
@partners_only
def cancel_meeting(seat, meeting_id):
    found, form = meeting_of(seat, meeting_id), CancelForm()
    if form.validate_on_submit():
        try:
            meetings.cancel(seat, found, form.reason.data)
            return back_to(seat, found, "Meeting cancelled. Both calendars get the cancellation by email.")
        except Refused as refusal:
            return meeting_page(seat, found, 422, problem=str(refusal))
    return meeting_page(seat, found, 422, cancel_form=form, open_form="cancel")


@bp.route(SPACE + "/meetings/<int:meeting_id>/notes", methods=["POST"])
@partners_only
def add_note(seat, meeting_id):
    found, form = meeting_of(seat, meeting_id), NoteForm()
    if not form.validate_on_submit():
        return meeting_page(seat, found, 422, note_form=form)
    meetings.add_note(seat, found, form.text.data)
    return redirect(url_for("pair_space.meeting", pairing_id=seat.pairing.id, meeting_id=found.id) + "#notes")


# --- offers ----------------------------------------------------------------------------------

@bp.route(SPACE + "/offers", methods=["POST"])
@partners_only
def make_offer(seat):
    form = OfferForm(prefix="offer")
    if not form.validate_on_submit():
        return again(seat, "offers", offer_form=form, open_form="offer")
    offers.make(seat, form.kind.data, form.text.data)
    return after(seat, "offers", f"Offer sent. {first_name(seat.partner)} sees it on their home page.")


@bp.route(SPACE + "/offers/<int:offer_id>/<any(accepted, countered, declined, withdrawn):answer>", methods=["POST"])
@partners_only
def answer_offer(seat, offer_id, answer):
    offer = Offer.get_or_none(Offer.id == offer_id, Offer.pairing == seat.pairing) or abort(404)
    form = AnswerForm(prefix=f"o{offer.id}")
    if answer == "countered" and not form.text.data:
        form.text.errors = ["Write what you offer back, in a line."]
    elif form.validate_on_submit():
        try:
            if answer == "withdrawn":
                offers.withdraw(seat, offer)
            else:
                offers.answer(seat, offer, answer, form.reason.data, form.kind.data, form.text.data)
            return after(seat, "offers", {"accepted": "Accepted: agree the details at your next meeting.",
                                          "countered": "Your offer back is sent.", "declined": "Declined.",
                                          "withdrawn": "Offer withdrawn."}[answer])
        except Refused as refusal:
            return again(seat, "offers", problem=str(refusal))
    return again(seat, "offers", answer_forms={offer.id: form}, open_form=f"{answer}-{offer.id}")


# --- goals -----------------------------------------------------------------------------------

@bp.route(SPACE + "/goals", methods=["POST"])
@partners_only
def add_goal(seat):
    form = GoalForm(prefix="goal")
    if form.validate_on_submit():
        try:
            writable(seat)
            goals.add_goal(seat.pairing, seat.me, form.text.data)
            return after(seat, "goals", "Goal added.")
        except Refused as refusal:
            form.text.errors.append(str(refusal))
    return again(seat, "goals", goal_form=form, open_form="goal")


@bp.route(SPACE + "/goals/<int:goal_id>", methods=["POST"])
@partners_only
def update_goal(seat, goal_id):
    goal = Goal.get_or_none(Goal.id == goal_id, Goal.pairing == seat.pairing, Goal.user == seat.me.id) or abort(404)
    form = GoalUpdateForm(prefix=f"g{goal.id}")
    if form.validate_on_submit():
        try:
            writable(seat)
            goals.update_goal(goal, seat.role, form.progress.data, form.text.data, form.status.data)
            return after(seat, "goals", "Progress saved.")
        except Refused as refusal:
            form.progress.errors.append(str(refusal))
    return again(seat, "goals", update_forms={goal.id: form}, open_form=f"goal-{goal.id}")


# --- charter ---------------------------------------------------------------------------------

def charter_page(seat, form=None, status=200, problem=None):
    version = charter.current_charter(seat.pairing)
    shown = version or charter.starting_point(seat.pairing)
    if form is None:
        form = CharterForm(formdata=None, based_on=version.number if version else 0,
                           learn=getattr(shown, f"{seat.role}_learn"), give=getattr(shown, f"{seat.role}_give"),
                           success=shown.success, cadence_days=shown.cadence_days, how_we_meet=shown.how_we_meet,
                           confidentiality=shown.confidentiality, cancellation=shown.cancellation)
    return render("pair_space/charter.html", seat=seat, charter=version, shown=shown, form=form, status=status,
                  sign_form=SignForm(formdata=None, number=version.number if version else None), problem=problem,
                  signed=charter.signatures(version), history=charter.history(seat.pairing), first=first_name(seat.partner),
                  ways=charter.MEETING_WAYS, local=lambda moment: local(moment, zone_name(seat.me)),
                  editing=status != 200 or version is None or request.args.get("edit") == "1")


@bp.route(SPACE + "/charter")
@partners_only
def charter_view(seat):
    return charter_page(seat)


@bp.route(SPACE + "/charter", methods=["POST"])
@partners_only
def save_charter(seat):
    form = CharterForm()
    if form.validate_on_submit():
        values = {f"{seat.role}_learn": form.learn.data, f"{seat.role}_give": form.give.data,
                  "success": form.success.data, "cadence_days": form.cadence_days.data,
                  "how_we_meet": form.how_we_meet.data, "confidentiality": form.confidentiality.data,
                  "cancellation": form.cancellation.data}
        try:
            charter.save(seat, values, form.based_on.data or 0)
            flash(f"Charter saved. {first_name(seat.partner)} and you can sign it now.", "success")
            return redirect(url_for("pair_space.charter_view", pairing_id=seat.pairing.id))
        except Refused as refusal:
            return charter_page(seat, status=409 if isinstance(refusal, Outdated) else 422, problem=str(refusal))
    return charter_page(seat, form, 422)


@bp.route(SPACE + "/charter/sign", methods=["POST"])
@partners_only
def sign_charter(seat):
    form = SignForm()
    try:
        if not form.validate_on_submit():
            raise Refused("Reload the page and sign again.")
        charter.sign(seat, form.number.data)
    except Refused as refusal:
        return charter_page(seat, status=409 if isinstance(refusal, Outdated) else 422, problem=str(refusal))
    flash("Signed. " + ("You have both signed: your charter is agreed." if len(charter.signatures(
        charter.current_charter(seat.pairing))) == 2 else f"{first_name(seat.partner)} signs next."), "success")
    return redirect(url_for("pair_space.charter_view", pairing_id=seat.pairing.id))


# --- pulse, closing survey, help -------------------------------------------------------------

@bp.route(SPACE + "/pulse", methods=["GET", "POST"])
@partners_only
def pulse_page(seat):
    current = overview.open_round(seat.pairing, today_in(zone_name(seat.me)))
    form = PulseForm()
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                pulse.answer(seat, current, {item: form[item].data for item in pulse.ITEMS}, form.comment.data,
                             form.share_comment.data)
                flash("Thank you. Your answers are in.", "success")
                return redirect(url_for("pair_space.space", pairing_id=seat.pairing.id))
            except Refused as refusal:
                (form[refusal.field].errors if refusal.field else form.form_errors).append(str(refusal))
    return render("pair_space/pulse.html", seat=seat, form=form, round=current, first=first_name(seat.partner),
                  done=current is not None and pulse.answered(seat.pairing, seat.role, current.number),
                  status=422 if request.method == "POST" else 200)


@bp.route(SPACE + "/closing", methods=["GET", "POST"])
@partners_only
def closing_page(seat):
    skills, today = closing.skills_to_rate(seat.me), today_in(zone_name(seat.me))
    form = closing_form(skills, seat.role == "mentor")()
    if form.validate_on_submit():
        try:
            closing.answer(seat, today, {skill: (form[f"before_{n}"].data, form[f"after_{n}"].data)
                                         for n, skill in enumerate(skills)},
                           form.goals_met.data, form.stay.data if "stay" in form else None, form.recommend.data)
            flash("Thank you for looking back with us.", "success")
            return redirect(url_for("pair_space.space", pairing_id=seat.pairing.id))
        except Refused as refusal:
            form.form_errors.append(str(refusal))
    return render("pair_space/closing.html", seat=seat, form=form, skills=skills, due=closing.due(seat, today),
                  answered=closing.answer_of(seat),
                  first=first_name(seat.partner), status=422 if request.method == "POST" else 200)


@bp.route(SPACE + "/help", methods=["GET", "POST"])
@partners_only
def ask_for_help(seat):
    form = HelpForm()
    if form.validate_on_submit():
        help_requests.ask(seat, form.kind.data, form.text.data)
        flash("Your programme manager has your message and will get back to you.", "success")
        return redirect(url_for("pair_space.space", pairing_id=seat.pairing.id))
    return render("pair_space/help.html", seat=seat, form=form, first=first_name(seat.partner),
                  status=422 if request.method == "POST" else 200)


# --- the programme manager's pulse rhythm ----------------------------------------------------

@bp.app_template_global()
def pulse_settings_form():
    """The pulse rhythm's form as the programme settings page shows it."""
    program = current_program()
    return PulseSettingsForm(formdata=None, every=program.pulse_every_days, open_days=program.pulse_open_days)


@bp.route("/admin/program/pulse", methods=["POST"])
@admins_only
def pulse_settings():
    form = PulseSettingsForm()
    if not form.validate_on_submit():
        return render("pair_space/pulse_settings.html", form=form, status=422)
    program = current_program()
    program.pulse_every_days, program.pulse_open_days = form.every.data, form.open_days.data
    program.save()
    record(current_user.email, "changed the pulse rhythm", f"every {form.every.data} days, open {form.open_days.data}")
    flash("Pulse rhythm saved.", "success")
    return redirect(url_for("program.settings") + "#pulse")
