"""The short training every participant passes before pairing, and its five-question check."""
from dataclasses import dataclass

from flask_wtf import FlaskForm
from wtforms.validators import ValidationError

from tenants.audit import record
from tenants.forms import RadioChoiceField, number_or_none
from tenants.models import now
from tenants.people.models import User


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    options: tuple
    answer: int  # index into options
    why: str


CHECK = [
    Question("who", "In reverse mentoring, who is the mentor?",
             ("The senior executive", "The junior employee", "An outside coach"), 1,
             "The junior partner mentors: they bring fresh perspectives and skills to the senior partner."),
    Question("cadence", "How often should partners meet, at the least?",
             ("Once a quarter", "At least {rhythm}", "Only when something comes up"), 1,
             "Meeting at least {rhythm} is one of the programme's rules: long gaps let a pairing fade."),
    Question("confidence", "Your partner shares something in confidence about a colleague. What do you do?",
             ("Keep it between the two of you", "Pass it on to HR to help", "Share it with your team"), 0,
             "Confidentiality is part of the charter both partners agree; trust depends on it."),
    Question("glue", "Which of these is part of the “soft glue” that holds a pairing together?",
             ("An agreed charter", "A fixed meeting agenda", "Mutual trust"), 2,
             "Clear objectives and rules are the hard glue; willingness to learn, trust and openness the soft glue."),
    Question("neglect", "Your partner keeps cancelling. What is the risk?",
             ("None: busy people cancel", "Neglect: the pairing never gets past testing each other",
              "That the programme runs out of time"), 1,
             "Unanswered offers and cancelled meetings are how pairings drift apart; say something early."),
]


def rhythm(days):
    """The programme's meeting rule in words: "every week", "monthly", "every 45 days"."""
    return {7: "every week", 14: "every two weeks", 21: "every three weeks"}.get(
        days, "monthly" if 28 <= days <= 31 else f"every {days} days")


def check_form(cadence_days):
    """The check as a form: each question answered, and rightly; the explanation only for a wrong answer."""
    words = rhythm(cadence_days)

    def judged(question):
        def validate(form, field):
            if field.data != question.answer:
                raise ValidationError(f"Not quite. {question.why.format(rhythm=words)}")
        return validate

    return type("CheckForm", (FlaskForm,), {
        q.key: RadioChoiceField(q.text, [judged(q)], coerce=number_or_none, message="Choose an answer.",
                                choices=[(n, option.format(rhythm=words)) for n, option in enumerate(q.options)])
        for q in CHECK})()


def pass_training(user):
    if user.trained is None:
        User.update(trained=now()).where(User.id == user.id).execute()
        user.trained = now()
        record(user.email, "passed training")
