"""The short training every participant passes before pairing, and its five-question check."""
from dataclasses import dataclass

from tenants.audit import record
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
             ("Once a quarter", "At least once a month", "Only when something comes up"), 1,
             "Meeting at least monthly is one of the programme's rules: long gaps let a pairing fade."),
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


def mistakes(answers):
    """The questions answered wrongly (or not at all), given {key: option index as text}."""
    return [q for q in CHECK if answers.get(q.key) != str(q.answer)]


def pass_training(user):
    if user.trained is None:
        User.update(trained=now()).where(User.id == user.id).execute()
        user.trained = now()
        record(user.email, "passed training")
