"""The onboarding steps' forms: one a step, each filled from what the participant saved before
and refusing bad input with a sentence next to its field. The skills and questions forms are
built per request, one field a skill or question of this programme."""
import re
import zoneinfo

from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from tenants.forms import (
    ChoiceField,
    ChoicesField,
    RadioChoiceField,
    YesField,
    clean,
    number_or_none,
)
from tenants.goals.models import MAX_GOALS
from tenants.goals.models import MAX_TEXT as MAX_GOAL
from tenants.onboarding import managers
from tenants.onboarding.models import (
    DIVERSITY_QUESTIONS,
    LANGUAGES,
    LEVELS,
    PREFER_NOT,
    SELF_DESCRIBED,
    SELF_DESCRIPTION,
    VALUES_QUESTIONS,
    WEEKDAYS,
)
from tenants.people.models import JOB_LEVELS, manager_loop

MAX_TEXT = 120
MAX_ANSWER = 500
MAX_WINDOWS = 14
MIN_WINDOW_MINUTES = 30  # shorter than this is no time to meet
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
MENTOR_TOP_LEVEL = 5  # mentors are the junior partner


def within(limit, message=None):
    return Length(max=limit, message=message or f"Keep it under {limit} characters.")


def time_zones():
    """Every IANA time zone, sorted: the page offers them to search in."""
    return sorted(zoneinfo.available_timezones())


class RoleForm(FlaskForm):
    job_level = ChoiceField("Your job level", coerce=number_or_none, message="Choose your job level.",
                            choices=[("", "Choose…")] + [(value, f"{value} · {label}") for value, label in JOB_LEVELS.items()])
    job_title = StringField("Job title", filters=[clean], validators=[within(MAX_TEXT)])

    def offer_levels_for(self, user):
        if user.role == "mentor":
            self.job_level.choices = self.job_level.choices[:MENTOR_TOP_LEVEL + 1]
            self.job_level.unlisted = ("Mentors in reverse mentoring are the more junior partner: "
                                       f"choose level {MENTOR_TOP_LEVEL} or below.")
            self.job_level.invalid_choice_message = self.job_level.unlisted


class ReportingForm(FlaskForm):
    department = StringField("Department or team", filters=[clean], validators=[
        DataRequired("Tell us your department or team."), within(MAX_TEXT)])
    manager = StringField("Your manager (optional)", filters=[clean], validators=[within(254)])
    manager_id = StringField()  # the colleague ticked among the search's suggestions (radio buttons)
    found = (None, "")  # (colleague, or the email of a manager not on MentorUp) once valid

    def validate_manager(self, field):
        manager, email, problem = managers.manager_named(self.user, field.data, self.manager_id.data)
        if problem:
            raise ValidationError(problem)
        loop = manager and manager_loop(self.user, manager)
        if loop:
            raise ValidationError("That would make a management loop: " + " → ".join(loop) +
                                  ". Check who reports to whom.")
        self.found = (manager, email)


class GoalsForm(FlaskForm):
    goal = FieldList(TextAreaField("Goal", filters=[clean], validators=[
        within(MAX_GOAL, f"Keep each goal under {MAX_GOAL} characters.")]), min_entries=MAX_GOALS, max_entries=MAX_GOALS)

    def validate_goal(self, field):
        too_long = any(entry.errors for entry in field.entries)
        field.errors[:] = []  # said once, for the list
        if too_long:
            raise ValidationError(f"Keep each goal under {MAX_GOAL} characters.")
        if not self.goals():
            raise ValidationError("Write at least one thing you want to learn or achieve.")

    def goals(self):
        return list(dict.fromkeys(goal for goal in self.goal.data if goal))


class WindowForm(Form):
    weekday = ChoiceField("Day", coerce=number_or_none, validate_choice=False,
                          choices=[("", "Day…")] + list(enumerate(WEEKDAYS)))
    start = StringField("From", filters=[clean])
    end = StringField("To", filters=[clean])

    def blank(self):
        return (self.weekday.raw_data or [""])[0] == "" and not self.start.data and not self.end.data

    def problem(self):
        """What is wrong with this window, in a sentence, or None."""
        if self.weekday.errors or self.weekday.data not in range(len(WEEKDAYS)) \
                or not TIME.match(self.start.data) or not TIME.match(self.end.data):
            return "Give each window a day, a start and an end time (HH:MM)."
        if self.end.data <= self.start.data:
            return f"A window ends before it starts ({self.start.data}–{self.end.data})."
        if minutes(self.end.data) - minutes(self.start.data) < MIN_WINDOW_MINUTES:
            return (f"{self.start.data}–{self.end.data} is too short to meet: "
                    f"give each window at least {MIN_WINDOW_MINUTES} minutes.")
        return None


def minutes(hh_mm):
    hours, mins = hh_mm.split(":")
    return int(hours) * 60 + int(mins)


class AvailabilityForm(FlaskForm):
    timezone = StringField("Your time zone", filters=[clean])
    windows = FieldList(FormField(WindowForm), min_entries=6, max_entries=MAX_WINDOWS)

    def validate_timezone(self, field):
        if field.data not in zoneinfo.available_timezones():
            raise ValidationError("Choose your time zone from the list.")

    def validate_windows(self, field):
        field.errors[:] = []  # each window's own complaint is said once, for the list
        given = [entry.form for entry in field.entries if not entry.form.blank()]
        for window in given:
            if problem := window.problem():
                raise ValidationError(problem)
        if not given:
            raise ValidationError("Add at least one time in the week when you could meet.")
        by_day = sorted((w.weekday.data, w.start.data, w.end.data) for w in given)
        for (day, start, end), (next_day, next_start, next_end) in zip(by_day, by_day[1:]):
            if day == next_day and next_start < end:
                raise ValidationError(f"Two windows overlap on {WEEKDAYS[day]} ({start}–{end} and "
                                      f"{next_start}–{next_end}): make them one window.")

    def chosen(self):
        return sorted((w.weekday.data, w.start.data, w.end.data) for w in (e.form for e in self.windows.entries)
                      if not w.blank())


class LanguagesForm(FlaskForm):
    language = ChoicesField("Languages you could hold your sessions in", choices=list(LANGUAGES.items()),
                            message="Choose at least one language you can mentor in, from the list.")

    def validate_language(self, field):
        if not field.data:
            raise ValidationError("Choose at least one language you can mentor in.")


def scale(label):
    return RadioChoiceField(label, coerce=number_or_none, choices=[(n, str(n)) for n in range(1, 6)],
                            message="Choose an answer from 1 to 5.")


ValuesForm = type("ValuesForm", (FlaskForm,), {key: scale(question) for key, question in VALUES_QUESTIONS.items()})


class DiversityBase(FlaskForm):
    consent = YesField("I agree that my answers below are used to suggest pairs.")
    self_described = StringField("In your own words", filters=[clean], validators=[within(60)])

    def answers(self):
        """The answers to keep: only with consent; an unknown answer is taken as "prefer not to say"."""
        if not self.consent.data:
            return {}
        answers = {key: self[key].data if self[key].data in options else PREFER_NOT
                   for key, (_, options) in DIVERSITY_QUESTIONS.items()}
        if answers["gender"] == SELF_DESCRIBED and self.self_described.data:
            answers[SELF_DESCRIPTION] = self.self_described.data
        return answers


DiversityForm = type("DiversityForm", (DiversityBase,), {
    key: ChoiceField(label, validate_choice=False, default=PREFER_NOT, choices=[PREFER_NOT] + options)
    for key, (label, options) in DIVERSITY_QUESTIONS.items()})


def skills_form(skills):
    """One row a skill: the level one could teach it at (or none), and whether one wants to learn it."""
    fields = {}
    for skill in skills:
        fields[f"teach-{skill.id}"] = RadioChoiceField(
            f"{skill.name}: teach", coerce=number_or_none, default="", message="Choose a level from the list.",
            validators=[Optional()], choices=[("", "—")] + list(LEVELS.items()))
        fields[f"learn-{skill.id}"] = YesField(f"{skill.name}: want to learn")

    def validate(self, extra_validators=None):
        fine = FlaskForm.validate(self, extra_validators)
        self.grid_errors = {}
        if not any(self[f"teach-{skill.id}"].data for skill in skills):
            self.grid_errors["teach"] = ["Choose at least one topic you can teach."]
        if not any(self[f"learn-{skill.id}"].data for skill in skills):
            self.grid_errors["learn"] = ["Choose at least one topic you want to learn."]
        return fine and not self.grid_errors

    return type("SkillsForm", (FlaskForm,), {**fields, "validate": validate, "grid_errors": {}})


def questions_form(questions):
    """One field a custom question, of the kind the programme chose."""
    fields = {}
    for q in questions:
        needed = [DataRequired("Please answer this question.")] if q.required else [Optional()]
        if q.kind == "multiple_choice":
            fields[f"q{q.id}"] = ChoicesField(q.text, needed, choices=q.choices)
        elif q.kind == "single_choice":
            fields[f"q{q.id}"] = RadioChoiceField(q.text, needed, choices=[(c, c) for c in q.choices],
                                                  message="Please answer this question.")
        elif q.kind == "scale":
            fields[f"q{q.id}"] = RadioChoiceField(q.text, needed, coerce=number_or_none, description="scale",
                                                  choices=[(n, str(n)) for n in range(1, 6)],
                                                  message="Please answer this question.")
        else:
            fields[f"q{q.id}"] = StringField(q.text, [within(MAX_ANSWER), *needed], filters=[clean])
    return type("QuestionsForm", (FlaskForm,), fields)
