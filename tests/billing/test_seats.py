"""Seats follow people: changes are counted once a minute into one quantity update, and the
product refuses invitations and imports beyond the seats its tenant may use."""
import functools
import html
import io

from saas.billing.models import Subscription
from saas.billing.seats import sync_changed_seats
from saas.control import AuditEntry, Tenant
from saas.tenancy import tenant_scope
from tenants.people.models import ImportBatch, User
from tests.billing.conftest import deliver, of_type, subscribe
from tests.factories import at_the_same_moment, csrf_token, post_form, sign_in

PEOPLE = "/t/acme/admin/people"


def invite(client, name, role="mentor"):
    email = f"{name.lower()}@acme.example"
    return post_form(client, PEOPLE, {"name": name, "email": email, "role": role}, PEOPLE + "/invite")


def person_id(app, email):
    with app.app_context(), tenant_scope("acme"):
        return User.get(User.email == email).id


def subscription_of(app):
    with app.app_context():
        return Subscription.select().join(Tenant).where(Tenant.slug == "acme").get()


def quantity_updates(stripe_double, status=200):
    return [r for r in stripe_double.requests
            if r.method == "POST" and r.path.startswith("/v1/subscription_items/") and r.status == status]


def subscribed(app, owner, stripe_double):
    deliver(app.test_client(), stripe_double, of_type(subscribe(owner, stripe_double), "checkout.session.completed"))
    return subscription_of(app)


def tick(app):
    """What the job queue does every minute."""
    with app.app_context():
        return sync_changed_seats()


def test_many_changes_within_a_minute_make_one_quantity_update(app, owner, hana, stripe_double):
    assert subscribed(app, owner, stripe_double).quantity == 2
    for name in ("Ann", "Ben", "Cat"):
        assert invite(hana, name).status_code == 302
    assert post_form(hana, PEOPLE, {"confirmed": "yes"}, f"{PEOPLE}/{person_id(app, 'ben@acme.example')}/revoke").status_code == 302
    assert quantity_updates(stripe_double) == []

    tick(app)
    tick(app)

    updates = quantity_updates(stripe_double)
    assert len(updates) == 1 and updates[0].params == {"quantity": "4"}
    row = subscription_of(app)
    assert (row.quantity, row.seats_in_use, row.seats_changed) == (4, 4, None)
    with app.app_context():
        entry = AuditEntry.get(AuditEntry.action == "changed the seats paid in Stripe")
    assert (entry.tenant_slug, entry.detail) == ("acme", "2 → 4")


def test_a_seat_update_stripe_could_not_take_is_made_on_the_next_run(app, owner, hana, stripe_double):
    subscribed(app, owner, stripe_double)
    invite(hana, "Ann")
    stripe_double.down = True

    tick(app)

    assert subscription_of(app).quantity == 2 and subscription_of(app).seats_changed is not None
    stripe_double.down = False
    tick(app)
    assert subscription_of(app).quantity == 3
    assert [update.params for update in quantity_updates(stripe_double)] == [{"quantity": "3"}]
    assert quantity_updates(stripe_double, status=500)


def test_the_trial_counts_seats_without_calling_stripe(app, hana, stripe_double):
    invite(hana, "Ann")

    tick(app)

    assert subscription_of(app).seats_in_use == 3
    assert quantity_updates(stripe_double) == []


def set_limit(owner, limit):
    return post_form(owner, "/console/tenants/acme/billing", {"seat_limit": str(limit)},
                     "/console/tenants/acme/billing/seat-limit")


def test_an_invitation_beyond_the_seat_limit_is_refused_naming_the_limit_and_who_can_raise_it(app, owner, hana):
    assert set_limit(owner, 3).status_code == 303
    assert invite(hana, "Ann").status_code == 302

    refused = invite(hana, "Ben")

    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "may have up to 3 participants and no seat is free" in page
    assert "Kite Partners set this limit; an owner there can raise it" in page
    with app.app_context(), tenant_scope("acme"):
        assert not User.select().where(User.email == "ben@acme.example").exists()


def test_two_invitations_for_the_last_seat_at_the_same_moment_take_it_once(app, owner, hana, database_url):
    assert set_limit(owner, 3).status_code == 303  # Maya and Robert take two: one is free
    admins = {name: app.test_client() for name in ("Ann", "Ben")}  # two browsers of the programme managers
    for admin in admins.values():
        sign_in(admin, "/t/acme/login", "hr@acme.example")
    tokens = {name: csrf_token(admin, PEOPLE) for name, admin in admins.items()}
    answers = []

    def send(name):
        answers.append(admins[name].post(PEOPLE + "/invite", data={
            "name": name, "email": f"{name.lower()}@acme.example", "role": "mentor", "csrf_token": tokens[name]}).status_code)
    at_the_same_moment(app, database_url, "user", *(functools.partial(send, name) for name in admins))

    assert sorted(answers) == [302, 422]
    with app.app_context(), tenant_scope("acme"):
        assert User.select().where(User.email.in_(["ann@acme.example", "ben@acme.example"])).count() == 1


def test_the_trial_has_its_own_seat_limit_raised_by_subscribing(app, hana):
    app.config["BILLING_TRIAL_SEATS"] = 2

    refused = invite(hana, "Ann")

    assert refused.status_code == 422
    assert "That is the free trial's limit: an owner at Kite Partners can raise it by subscribing." in \
        html.unescape(refused.get_data(as_text=True))


def test_revoking_an_invitation_frees_its_seat_and_resending_takes_it_again(app, owner, hana):
    set_limit(owner, 3)
    invite(hana, "Ann")
    ann = person_id(app, "ann@acme.example")
    post_form(hana, PEOPLE, {"confirmed": "yes"}, f"{PEOPLE}/{ann}/revoke")
    assert invite(hana, "Ben").status_code == 302

    resent = post_form(hana, PEOPLE, {}, f"{PEOPLE}/{ann}/resend")

    assert resent.status_code == 422 and "no seat is free" in resent.get_data(as_text=True)
    with app.app_context(), tenant_scope("acme"):
        assert User.get_by_id(ann).invitation_revoked is not None


def upload(client, rows):
    text = "name,email,role\n" + "".join(f"{name},{name.lower()}@acme.example,mentor\n" for name in rows)
    return post_form(client, PEOPLE + "/import", {"file": (io.BytesIO(text.encode()), "people.csv")},
                     content_type="multipart/form-data")


def test_an_import_beyond_the_seat_limit_adds_nobody(app, owner, hana):
    set_limit(owner, 3)

    refused = upload(hana, ["Ann", "Ben"])

    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "There is no room for 2 more people: this programme may have up to 3 participants and one seat is free" \
        in page and "Nobody was added." in page
    with app.app_context(), tenant_scope("acme"):
        assert User.select().count() == 3 and ImportBatch.select().count() == 0


def test_an_import_confirmed_after_the_seats_filled_up_adds_nobody(app, owner, hana):
    set_limit(owner, 4)
    preview = upload(hana, ["Ann", "Ben"])
    assert preview.status_code == 200
    with app.app_context(), tenant_scope("acme"):
        batch = ImportBatch.get().id
    invite(hana, "Cat")

    confirmed = post_form(hana, PEOPLE + "/import", {}, f"{PEOPLE}/import/{batch}")

    assert confirmed.status_code == 409
    assert "There is no room for 2 more people" in confirmed.get_data(as_text=True)
    with app.app_context(), tenant_scope("acme"):
        assert not User.select().where(User.email.in_(["ann@acme.example", "ben@acme.example"])).exists()


def test_an_import_and_an_invitation_for_the_last_seats_at_the_same_moment_never_exceed_the_limit(
        app, owner, hana, database_url):
    set_limit(owner, 4)  # two free
    assert upload(hana, ["Ann", "Ben"]).status_code == 200
    with app.app_context(), tenant_scope("acme"):
        batch = ImportBatch.get().id
    other = app.test_client()  # the same programme manager in a second browser
    sign_in(other, "/t/acme/login", "hr@acme.example")
    posts = [(hana, f"{PEOPLE}/import/{batch}", {}),
             (other, PEOPLE + "/invite", {"name": "Cat", "email": "cat@acme.example", "role": "mentor"})]
    posts = [(client, url, {**data, "csrf_token": csrf_token(client, PEOPLE)}) for client, url, data in posts]
    answers = {}

    def send(client, url, data):
        answers[url] = client.post(url, data=data).status_code
    at_the_same_moment(app, database_url, "user", *(functools.partial(send, *one) for one in posts))

    with app.app_context(), tenant_scope("acme"):
        added = sorted(email for email, in User.select(User.email).where(User.email.in_(
            ["ann@acme.example", "ben@acme.example", "cat@acme.example"])).tuples())
    assert (added, sorted(answers.values())) in ((["ann@acme.example", "ben@acme.example"], [302, 422]),
                                                 (["cat@acme.example"], [302, 409]))


def test_the_seat_limit_cannot_be_set_below_the_seats_in_use(owner):
    refused = set_limit(owner, 1)

    assert refused.status_code == 422
    assert "2 seats are in use already: the limit cannot be lower." in refused.get_data(as_text=True)
