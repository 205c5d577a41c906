"""Erasing a person: their personal data gone from the tenant and the platform, their pairings
kept as anonymised history, behind a confirmation, by the programme manager only."""
from saas.control import AuditEntry as PlatformAudit
from saas.control import KnownAddress, LoginFailure, OutboxMessage, OutgoingMail
from saas.tenancy import tenant_scope
from tenants.audit import AuditEntry
from tenants.certificates.models import Certificate
from tenants.pairing import board
from tenants.pairing.models import Pairing
from tenants.people.models import User
from tenants.tracker.models import PhaseReading
from tests.factories import post_form, sign_in
from tests.privacy.conftest import MAYA, MAYAS, ROBERT, ROBERTS, every_text, person_id


def erase(client, app, email=MAYA[1], confirm=MAYA[0], slug="acme"):
    pid = person_id(app, email, slug)
    url = f"/t/{slug}/admin/people/{pid}/erase"
    return post_form(client, url, {"confirm": confirm})


def test_erasure_leaves_no_trace_of_the_name_or_email_in_the_tenant_database(app, admin, story):
    before = every_text(app)
    assert MAYA[0].lower() in before and MAYA[1] in before  # the search below can find them
    assert erase(admin, app).status_code == 302
    after = every_text(app)
    assert MAYA[0].lower() not in after and MAYA[1] not in after
    for text in MAYAS.values():
        assert text.lower() not in after
    assert "graduate analyst" not in after


def test_the_partner_keeps_their_own_words_and_the_pairing_stays_as_anonymised_history(app, admin, story):
    erase(admin, app)
    after = every_text(app)
    assert ROBERTS["note"].lower() in after and ROBERTS["goal"].lower() in after and ROBERTS["help"].lower() in after
    with app.app_context(), tenant_scope("acme"):
        pairing = Pairing.get_by_id(story)
        assert pairing.status == "ended" and pairing.mentor.name == "Former participant"
        assert pairing.mentor.erased is not None and pairing.mentee.email == ROBERT[1]
        assert PhaseReading.get_or_none(PhaseReading.pairing == story) is not None
        assert Pairing.select().count() == 1 and Certificate.select().count() == 0
        # Robert can be paired again; the erased person never is
        people, _ = board.roster()
        assert ROBERT[0] in {p.name for p in people} and "Former participant" not in {p.name for p in people}


def test_the_erased_person_cannot_sign_in_and_their_sessions_end(app, admin, maya, story):
    assert maya.get("/t/acme/profile").status_code == 200
    erase(admin, app)
    assert maya.get("/t/acme/profile").status_code == 302
    assert sign_in(app.test_client(), "/t/acme/login", MAYA[1]).status_code != 302


def test_the_platform_forgets_its_copies(app, admin, story):
    erase(admin, app)
    with app.app_context():
        assert not OutboxMessage.select().where(OutboxMessage.to == MAYA[1]).exists()
        assert not OutgoingMail.select().where(OutgoingMail.to == MAYA[1]).exists()
        assert not LoginFailure.select().where(LoginFailure.key.contains(MAYA[1])).exists()
        assert not KnownAddress.select().where(KnownAddress.account.contains(MAYA[1])).exists()
        to_robert = OutboxMessage.get(OutboxMessage.to == ROBERT[1])
        assert MAYA[0] not in to_robert.subject + to_robert.body and "Former participant" in to_robert.body
        assert not PlatformAudit.select().where(PlatformAudit.detail.contains(MAYA[1])).exists()


def test_erasure_is_audited_without_the_name(app, admin, story):
    pid = person_id(app, MAYA[1])
    erase(admin, app)
    with app.app_context(), tenant_scope("acme"):
        entry = AuditEntry.get(AuditEntry.action == "erased a person")
        assert entry.actor == "hr@acme.example" and f"#{pid}" in entry.detail and "Maya" not in entry.detail


def test_erasure_asks_for_the_name_first(app, admin, story):
    pid = person_id(app, MAYA[1])
    page = admin.get(f"/t/acme/admin/people/{pid}/erase").get_data(as_text=True)
    assert "cannot be undone" in page and "Type their name" in page
    response = erase(admin, app, confirm="Maya")
    assert response.status_code == 422 and 'id="confirm-error"' in response.get_data(as_text=True)
    with app.app_context(), tenant_scope("acme"):
        assert User.get_by_id(pid).erased is None and User.get_by_id(pid).name == MAYA[0]
    assert erase(admin, app, confirm="  maya   CHEN ").status_code == 302


def test_a_participant_cannot_erase_anyone(app, maya, story):
    pid = person_id(app, ROBERT[1])
    assert maya.get(f"/t/acme/admin/people/{pid}/erase").status_code == 403
    response = maya.post(f"/t/acme/admin/people/{pid}/erase", data={"confirm": ROBERT[0]})
    assert response.status_code in (400, 403)
    with app.app_context(), tenant_scope("acme"):
        assert User.get_by_id(pid).erased is None


def test_another_organisations_admin_cannot_erase_here(app, story):
    from tests.pair_space.conftest import as_user

    otto = as_user(app, "hr@other.example", slug="other")
    pid = person_id(app, MAYA[1])
    assert otto.get(f"/t/acme/admin/people/{pid}/erase").status_code in (302, 403)
    # and the same number in their own organisation is their own person, untouched by acme
    olga = person_id(app, "olga@other.example", slug="other")
    admin = as_user(app, "hr@acme.example")
    assert admin.get(f"/t/other/admin/people/{olga}/erase").status_code in (302, 403)
    with app.app_context(), tenant_scope("other"):
        assert User.get_by_id(olga).erased is None


def test_an_erased_person_leaves_the_people_list(app, admin, story):
    pid = person_id(app, MAYA[1])
    erase(admin, app)
    page = admin.get("/t/acme/admin/people").get_data(as_text=True)
    assert "Former participant" not in page and MAYA[0] not in page
    assert admin.get(f"/t/acme/admin/people/{pid}").status_code == 404


def test_an_erased_person_leaves_the_open_proposal_and_every_shortlist(app, admin, story):
    import json

    from tenants.pairing.models import PairingProposal, ShortlistOffer

    ivy, robert = person_id(app, "ivy@acme.example"), person_id(app, ROBERT[1])
    with app.app_context(), tenant_scope("acme"):
        draft = PairingProposal.create(created_by="hr@acme.example", mode="best_total")
        draft.write([{"mentor_id": ivy, "mentee_id": robert, "score": 7.0}], [])
        earlier = PairingProposal.create(created_by="hr@acme.example", mode="best_total", status="superseded")
        earlier.write([], [{"person_id": ivy, "name": "Ivy Third", "role": "mentor", "rule": "no_partners",
                            "reason": "nobody fits"}])
        ShortlistOffer.create(mentee=robert, candidates=json.dumps([{"mentor_id": ivy, "score": 7.0, "reason": "x"}]))
    assert erase(admin, app, email="ivy@acme.example", confirm="Ivy Third").status_code == 302
    with app.app_context(), tenant_scope("acme"):
        draft = PairingProposal.get_by_id(draft.id)
        assert draft.read("pairs") == [] and draft.total == 0
        assert [(u["person_id"], u["reason"]) for u in draft.read("unmatched")] == [
            (robert, "Their proposed partner left the programme.")]
        assert ShortlistOffer.get(ShortlistOffer.mentee == robert).offers == []
        assert PairingProposal.get_by_id(earlier.id).read("unmatched") == []  # her name is gone from the history


def test_their_certificate_files_codes_and_every_cohort_zip_go(app, admin, story):
    from saas.certificates import CertificateCode
    from tenants import platform
    from tenants.certificates.codes import code_digest
    from tenants.certificates.models import CertificateBatch

    with app.test_request_context(), tenant_scope("acme"):
        certificate = Certificate.get()
        certificate.file = "maya.pdf"
        certificate.save()
        (platform.files("certificates") / "maya.pdf").write_bytes(b"%PDF Maya Chen")
        (platform.files("certificate-zips") / "all.zip").write_bytes(b"PK Maya Chen")
        CertificateBatch.create(requested_by="hr@acme.example", status="done", file="all.zip")
        platform.publish_code(certificate.code)
        folder = platform.files("certificates").parent
    with app.app_context():
        assert CertificateCode.select().where(CertificateCode.digest == code_digest(certificate.code)).exists()
    erase(admin, app)
    assert not (folder / "certificates" / "maya.pdf").exists() and not (folder / "certificate-zips" / "all.zip").exists()
    with app.app_context():
        assert not CertificateCode.select().where(CertificateCode.digest == code_digest(certificate.code)).exists()
    assert admin.get(f"/verify/{certificate.code}").status_code == 404


def test_a_name_in_any_script_is_swept_as_typed_and_as_json_escapes_it(app, admin, story):
    import json

    from tenants.people.models import ImportBatch

    with app.app_context(), tenant_scope("acme"):
        User.create(email="chloe@acme.example", name="Chloé Dubois-王", role="mentee")
        ImportBatch.create(created_by="hr@acme.example", filename="people.csv",
                           rows=json.dumps([{"name": "Chloé Dubois-王", "email": "chloe@acme.example"}]))
    assert "chlo\\u00e9 dubois-\\u738b" in every_text(app)
    assert erase(admin, app, email="chloe@acme.example", confirm="chloé dubois-王").status_code == 302
    after = every_text(app)
    assert "chloé dubois-王" not in after and "chlo\\u00e9 dubois-\\u738b" not in after and "chloe@acme" not in after


def test_every_table_that_points_at_a_person_is_one_erasure_knows():
    """A new model with a foreign key to User must be looked at by tenants.privacy.erasure (then
    added here): what it holds about the person either goes, or stays as anonymised history."""
    import tenants.product  # noqa: F401  (every capability's models)
    from tenants.models import every_model

    pointing = {model.__name__ for model in every_model()
                for field in model._meta.refs if field.rel_model is User and model is not User}
    assert pointing == {"Profile", "ProfileSkill", "AvailabilityWindow", "Goal", "ReminderSent", "PairDecision",
                        "Pairing", "ShortlistOffer", "Certificate", "ProposedPair", "NotPaired"}


def test_erasure_removes_the_named_programme_reports_that_hold_the_name(app, admin, story):
    from tenants.reports.models import ProgrammeReport

    for anonymised in ("", "y"):
        post_form(admin, "/t/acme/admin/reports", {"anonymised": anonymised} if anonymised else {})
    with app.app_context(), tenant_scope("acme"):
        named, anonymous = ProgrammeReport.select().order_by(ProgrammeReport.anonymised)
    assert admin.get(f"/t/acme/admin/reports/{named.id}/download").status_code == 200
    erase(admin, app)
    assert admin.get(f"/t/acme/admin/reports/{named.id}/download").status_code == 404  # its file is gone
    assert admin.get(f"/t/acme/admin/reports/{anonymous.id}/download").status_code == 200  # names nobody
