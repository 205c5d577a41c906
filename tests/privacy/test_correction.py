"""The programme manager corrects a person's name and email; audited without the old values."""
from saas.tenancy import tenant_scope
from tenants.audit import AuditEntry
from tenants.people.models import User
from tests.factories import post_form, sign_in
from tests.pair_space.conftest import as_user
from tests.privacy.conftest import MAYA, ROBERT, person_id


def correct(client, pid, name, email, slug="acme"):
    return post_form(client, f"/t/{slug}/admin/people/{pid}/correct", {"name": name, "email": email})


def test_a_corrected_name_and_email_are_saved_and_audited(app, admin, story):
    pid = person_id(app, MAYA[1])
    assert correct(admin, pid, "Maya Chen-Li", "Maya.Li@acme.example").status_code == 302
    with app.app_context(), tenant_scope("acme"):
        maya = User.get_by_id(pid)
        assert (maya.name, maya.email) == ("Maya Chen-Li", "maya.li@acme.example")
        entry = AuditEntry.get(AuditEntry.action == "corrected personal data")
        assert entry.detail == f"person #{pid}: name and email" and entry.actor == "hr@acme.example"
    assert sign_in(app.test_client(), "/t/acme/login", "maya.li@acme.example").status_code == 302


def test_bad_corrections_are_explained_next_to_the_field(app, admin, story):
    pid = person_id(app, MAYA[1])
    taken = correct(admin, pid, "Maya", ROBERT[1])
    assert taken.status_code == 422 and "Someone else in the programme has this email" in taken.get_data(as_text=True)
    bad = correct(admin, pid, "", "not an email")
    body = bad.get_data(as_text=True)
    assert bad.status_code == 422 and 'id="name-error"' in body and 'id="email-error"' in body
    nul = correct(admin, pid, "Maya\x00Chen", "maya@acme.example")
    assert nul.status_code == 422 and 'id="name-error"' in nul.get_data(as_text=True)
    with app.app_context(), tenant_scope("acme"):
        assert User.get_by_id(pid).name == MAYA[0]


def test_only_this_organisations_programme_manager_corrects(app, maya, story):
    pid = person_id(app, ROBERT[1])
    assert maya.get(f"/t/acme/admin/people/{pid}/correct").status_code == 403
    otto = as_user(app, "hr@other.example", slug="other")
    assert otto.get(f"/t/acme/admin/people/{pid}/correct").status_code in (302, 403)
    with app.app_context(), tenant_scope("acme"):
        assert User.get_by_id(pid).name == ROBERT[0]


def test_the_person_page_links_to_the_personal_data_actions(app, admin, story):
    pid = person_id(app, MAYA[1])
    page = admin.get(f"/t/acme/admin/people/{pid}").get_data(as_text=True)
    for action in ("correct", "data.json", "erase"):
        assert f"/t/acme/admin/people/{pid}/{action}" in page
