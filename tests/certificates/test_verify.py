"""The public check, /verify/<code>: anyone, signed in or not, learns whose certificate it is and
whether it stands, with the signing certificate's fingerprint; anything that is not an issued
code is a plain 404 page."""
import pytest

from tenants.certificates.codes import new_code
from tenants.certificates.signing import fingerprint
from tests.certificates.conftest import certificate_id, issued
from tests.factories import csrf_token
from tests.pair_space.conftest import as_user


def code_of(app, email):
    return [code for holder, _, code, _ in issued(app) if holder == email][0]


def test_a_valid_certificate_says_so_to_anyone(app, earned):
    from saas.certificates import signing_identity

    response = app.test_client().get(f"/verify/{code_of(app, 'maya@acme.example')}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Valid certificate" in page
    for words in ("Maya Chen", "Reverse mentor", "Reverse mentoring", "Acme", code_of(app, "maya@acme.example")):
        assert words in page
    with app.app_context():
        assert fingerprint(signing_identity()) in page
    assert "Robert Okafor" not in page  # the partner is not named to strangers
    assert response.headers["X-Robots-Tag"] == "noindex" and response.headers["Referrer-Policy"] == "no-referrer"


def test_a_revoked_certificate_says_when_but_not_why(app, earned):
    admin = as_user(app, "hr@acme.example")
    number = certificate_id(app, "robert@acme.example")
    token = csrf_token(admin, "/t/acme/admin/certificates")
    admin.post(f"/t/acme/admin/certificates/{number}/revoke", data={f"c{number}-reason": "A private matter.",
                                                                     "csrf_token": token})
    page = app.test_client().get(f"/verify/{code_of(app, 'robert@acme.example')}").get_data(as_text=True)
    assert "Revoked certificate" in page and "revoked this certificate on" in page
    assert "A private matter." not in page and "Valid certificate" not in page
    assert "Valid certificate" in app.test_client().get(f"/verify/{code_of(app, 'maya@acme.example')}").get_data(
        as_text=True)


def test_a_code_typed_loosely_leads_to_its_page(app, earned):
    code = code_of(app, "maya@acme.example")
    loose = code.replace("-", "").lower()
    moved = app.test_client().get(f"/verify/{loose}")
    assert moved.status_code == 301 and moved.headers["Location"].endswith(f"/verify/{code}")
    typed = app.test_client().get("/verify", query_string={"code": f" {loose} "})
    assert typed.status_code == 302 and typed.headers["Location"].endswith(f"/verify/{code}")


@pytest.mark.parametrize("typed", ["unknown", "malformed", "10,000 characters", "path", "markup"])
def test_anything_but_an_issued_code_is_a_plain_404(app, earned, typed):
    path = {"unknown": new_code(), "malformed": "K7QM-2XRD-9FHT-W4PU", "10,000 characters": "K" * 10_000,
            "path": "../../t/acme/admin", "markup": "<script>alert(1)</script>"}[typed]
    response = app.test_client().get(f"/verify/{path}")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "No such certificate" in page and "No certificate has this code." in page
    assert "Traceback" not in page and "<script>alert" not in page and "K" * 100 not in page


def test_the_form_refuses_what_cannot_be_a_code(app):
    response = app.test_client().get("/verify", query_string={"code": "12345"})
    assert response.status_code == 422 and "A code has 16 letters and digits" in response.get_data(as_text=True)
    page = app.test_client().get("/verify").get_data(as_text=True)
    assert "Check a certificate" in page and 'name="code"' in page


def test_the_code_of_a_deleted_tenant_is_unknown(app, earned):
    from saas.provisioning import delete_tenant

    code = code_of(app, "maya@acme.example")
    with app.app_context():
        delete_tenant("acme")
    assert app.test_client().get(f"/verify/{code}").status_code == 404


def test_a_suspended_tenants_certificates_still_check(app, earned):
    from saas.provisioning import set_status

    code = code_of(app, "maya@acme.example")
    with app.app_context():
        set_status("acme", "suspended")
    assert "Valid certificate" in app.test_client().get(f"/verify/{code}").get_data(as_text=True)


def test_each_tenants_codes_lead_to_that_tenant(app, earned):
    """The code alone finds its tenant: the platform keeps digests of codes, not the codes."""
    from saas.certificates import CertificateCode
    from tenants.certificates.codes import code_digest

    with app.app_context():
        rows = {(row.digest, row.tenant_slug) for row in CertificateCode.select()}
    assert rows == {(code_digest(code), "acme") for _, _, code, _ in issued(app)}
    assert not any(code in digest for _, _, code, _ in issued(app) for digest, _ in rows)
