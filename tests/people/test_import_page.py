"""The admin's CSV upload: preview with problems by line, then an all-or-nothing import."""
import io
import re

import pytest

from saas.control import OutboxMessage
from saas.tenancy import tenant_scope
from tenants.people.models import User
from tests.factories import csrf_token

GOOD = ("name,email,role,department,manager_email\n"
        "Zoë Ñúñez,zoe@acme.example,mentor,Digital,robert@acme.example\n"
        "李雷,li.lei@acme.example,mentee,Board,\n")


def upload(client, content, filename="people.csv"):
    data = {"csrf_token": csrf_token(client, "/t/acme/admin/people/import"),
            "file": (io.BytesIO(content if isinstance(content, bytes) else content.encode()), filename)}
    return client.post("/t/acme/admin/people/import", data=data, content_type="multipart/form-data")


def confirm(client, page):
    action = re.search(r'action="(/t/acme/admin/people/import/\d+)"', page.get_data(as_text=True)).group(1)
    return client.post(action, data={"csrf_token": csrf_token(client, "/t/acme/admin/people/import")})


def emails(app):
    with app.app_context(), tenant_scope("acme"):
        return {u.email for u in User.select()}


def test_a_good_file_is_previewed_then_imported_with_invitations(app, admin):
    page = upload(admin, GOOD)
    assert page.status_code == 200 and "All 2 rows are ready" in page.get_data(as_text=True)
    assert "zoe@acme.example" not in emails(app)  # nothing before confirming
    assert confirm(admin, page).headers["Location"] == "/t/acme/admin/people"
    assert {"zoe@acme.example", "li.lei@acme.example"} <= emails(app)
    with app.app_context():
        assert OutboxMessage.select().where(OutboxMessage.to == "zoe@acme.example").exists()
    with app.app_context(), tenant_scope("acme"):
        assert User.get(User.email == "zoe@acme.example").manager.email == "robert@acme.example"


def test_problems_are_listed_by_line_and_nobody_is_added(app, admin):
    bad = GOOD + "No Email,,mentor,,\nMax,maya@acme.example,boss,,\n"
    page = upload(admin, bad)
    body = page.get_data(as_text=True)
    assert page.status_code == 422 and "Nobody was added" in body
    assert "<td>4</td><td>email</td>" in body and "<td>5</td>" in body
    assert "import/1\"" not in body and "zoe@acme.example" not in emails(app)


@pytest.mark.parametrize("content, filename, message", [
    (b"", "empty.csv", "The file is empty"),
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "photo.csv", "PNG image"),
    (b"x" * (5 * 1024 * 1024 + 10), "huge.csv", "the limit is 5 MB"),
])
def test_files_that_cannot_be_read_are_refused_with_a_message(admin, content, filename, message):
    page = upload(admin, content, filename)
    assert page.status_code == 422 and message in page.get_data(as_text=True)


def test_confirming_twice_adds_nobody_twice(app, admin):
    page = upload(admin, GOOD)
    confirm(admin, page)
    again = confirm(admin, page)
    assert again.status_code == 302
    with app.app_context(), tenant_scope("acme"):
        assert User.select().where(User.email == "zoe@acme.example").count() == 1


def test_a_large_file_is_imported_by_a_job_with_progress(app, admin):
    rows = "".join(f"Person {n},p{n}@acme.example,{'mentor' if n % 2 else 'mentee'},Ops,\n" for n in range(520))
    page = upload(admin, "name,email,role,department,manager_email\n" + rows)
    assert "added in the background" in page.get_data(as_text=True)
    status = confirm(admin, page)
    assert re.match(r"/t/acme/admin/people/import/\d+$", status.headers["Location"])
    done = admin.get(status.headers["Location"]).get_data(as_text=True)
    assert "Done: 520 people added" in done
    assert len(emails(app)) == 3 + 520


def test_the_template_downloads(admin):
    response = admin.get("/t/acme/admin/people/import/template.csv")
    assert response.get_data(as_text=True).startswith("name,email,role")


def test_another_tenants_import_is_out_of_reach(app, admin):
    for path in ("/t/other/admin/people/import", "/t/other/admin/people/import/template.csv",
                 "/t/other/admin/people/import/1"):
        assert admin.get(path).headers["Location"].startswith("/t/other/login")
    token = csrf_token(admin, "/t/acme/admin/people/import")
    response = admin.post("/t/other/admin/people/import", data={"csrf_token": token,
                          "file": (io.BytesIO(GOOD.encode()), "p.csv")}, content_type="multipart/form-data")
    assert response.status_code == 302
    with app.app_context(), tenant_scope("other"):
        assert User.select().count() == 2
