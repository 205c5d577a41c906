"""Offers, the partners' way of testing each other: one offers something, the other accepts,
counters (an offer back, linked to the first) or declines; the author may withdraw an offer
nobody answered yet."""
from tenants.models import now
from tenants.pair_space import events
from tenants.pair_space.models import Offer
from tenants.pair_space.space import Refused, first_name, writable
from tenants.scope import database

KINDS = {"teach_me": "Teach me a topic", "show_you": "Let me show you a topic", "session": "A working session",
         "introduction": "An introduction to someone", "feedback": "Feedback on something", "resource": "A resource"}
# What a partner does with each kind, said to the other: "Robert asks you to teach a topic: …".
SAID = {"teach_me": "asks you to teach a topic", "show_you": "offers to show you a topic",
        "session": "offers a working session", "introduction": "offers an introduction",
        "feedback": "offers feedback", "resource": "shares a resource"}
ANSWERS = ("accepted", "countered", "declined")


def pending(pairing):
    """Offers waiting for an answer, oldest first."""
    return Offer.select().where(Offer.pairing == pairing, Offer.status == "pending").order_by(Offer.made, Offer.id)


def answered(pairing):
    return Offer.select().where(Offer.pairing == pairing, Offer.status != "pending").order_by(Offer.made.desc())


def make(seat, kind, text, counters=None):
    """The viewer offers their partner something."""
    writable(seat)
    with database.atomic():
        offer = Offer.create(pairing=seat.pairing, by=seat.role, kind=kind, text=text, made=now(), counters=counters)
        events.write(seat.pairing, "offer_made", by=seat.role, offer=offer.id)
    return offer


def answer(seat, offer, answer, reason="", counter_kind=None, counter_text=""):
    """Accept, counter (with an offer back) or decline the partner's offer; only once."""
    writable(seat)
    if answer not in ANSWERS:
        raise ValueError(answer)
    if offer.by == seat.role:
        raise Refused(f"This is your own offer: {first_name(seat.partner)} answers it (you can withdraw it).")
    with database.atomic():
        if not Offer.update(status=answer, answered=now(), reason=reason if answer == "declined" else "").where(
                Offer.id == offer.id, Offer.status == "pending").execute():
            raise Refused(already(offer))
        events.write(seat.pairing, "offer_answered", by=seat.role, offer=offer.id, answer=answer)
        back = make(seat, counter_kind, counter_text, counters=offer) if answer == "countered" else None
    return back


def withdraw(seat, offer):
    writable(seat)
    if offer.by != seat.role:
        raise Refused("Only the partner who made an offer can withdraw it.")
    with database.atomic():
        if not Offer.update(status="withdrawn", answered=now()).where(Offer.id == offer.id,
                                                                        Offer.status == "pending").execute():
            raise Refused(already(offer))
        events.write(seat.pairing, "offer_withdrawn", by=seat.role, offer=offer.id)


def already(offer):
    status = Offer.get_by_id(offer.id).status
    return f"This offer was already {status}: nothing changed."
