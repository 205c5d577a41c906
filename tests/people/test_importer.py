"""Bulk import of participants: a nasty file reads right, every problem is named by line, and
adding everyone is all or nothing."""
import csv
import io
import time

import pytest

from saas.tenancy import tenant_scope
from tenants.csv_export import to_csv
from tenants.people import importer
from tenants.people.importer import (
    Existing,
    ImportProblem,
    Participant,
    check_rows,
    commit_rows,
    read_csv,
    template_csv,
)
from tenants.people.models import User
from tenants.program.models import Cohort

HEADER = "name,email,role,department,manager_email,cohort,job_title\n"
FORMULA = '=HYPERLINK("http://evil.example","click")'

# Saved by Excel on a machine whose decimal mark is a comma: BOM, semicolons, CRLF, a department
# typed with Alt+Enter (quoted, two lines), blank rows, and names from everywhere.
NASTY = ("\ufeff Job_Title ;NAME;Email;Role;Department;Manager Email;Phone\r\n"
         "Analyst;Zoë Ñúñez;Zoe.Nunez@Example.COM;Mentor;Marketing;;+44 20 7946 0000\r\n"
         "\r\n"
         'Director;李雷;li.lei@example.cn;MENTEE;"Finance\r\n(Shanghai office)";;\r\n'
         ";;;;;;\r\n"
         "Graduate;  Nguyễn Thị Minh ;minh@example.vn;mentor;IT;li.lei@example.cn;\r\n")


def preview_of(text, existing=None):
    return check_rows(read_csv(text.encode()), existing or Existing())


def messages(preview, line, column):
    return [error.message for error in preview.errors if (error.line, error.column) == (line, column)]


def refusal(data):
    with pytest.raises(ImportProblem) as refused:
        read_csv(data)
    return str(refused.value)


# --- reading the file ---------------------------------------------------------------------------

def test_a_nasty_excel_file_reads_with_the_lines_a_person_would_count():
    sheet = read_csv(NASTY.encode("utf-8"))
    assert [line for line, _ in sheet.rows] == [2, 4, 7]
    assert sheet.rows[1][1]["department"] == "Finance\r\n(Shanghai office)"
    assert sheet.warnings == ["These columns are not imported: “Phone”. "
                              "MentorUp reads name, email, role, department, manager_email, cohort, job_title."]


def test_rows_are_cleaned_up_and_unicode_names_kept():
    preview = check_rows(read_csv(NASTY.encode("utf-8")), Existing())
    assert preview.errors == [] and preview.ready and preview.total == 3
    assert preview.rows == [
        Participant(2, "Zoë Ñúñez", "zoe.nunez@example.com", "mentor", "Marketing", "Analyst"),
        Participant(4, "李雷", "li.lei@example.cn", "mentee", "Finance (Shanghai office)", "Director"),
        Participant(7, "Nguyễn Thị Minh", "minh@example.vn", "mentor", "IT", "Graduate", "li.lei@example.cn"),
    ]


def test_line_numbers_stay_right_after_a_cell_with_line_breaks():
    preview = preview_of(HEADER + 'Ana Lima,ana@example.com,mentor,"Sales\nNorth\nand East",,,\n'
                                  "Ben Cho,not-an-email,mentee,,,,\n")
    assert messages(preview, 5, "email") == ["“not-an-email” is not an email address (like name@example.com)."]


def test_names_typed_on_a_mac_compare_equal_to_names_typed_on_windows():
    decomposed = "Zoe\u0308 Nu\u0301n\u0303ez"
    preview = preview_of(HEADER + f"{decomposed},zoe@example.com,mentor,,,,\n")
    assert preview.rows[0].name == "Zoë Núñez" and len(preview.rows[0].name) == 9


@pytest.mark.parametrize("encoding", ["utf-16", "cp1252", "utf-8"])
def test_files_saved_by_older_spreadsheets_are_read(encoding):
    sheet = read_csv((HEADER + "Zoë Ñúñez,zoe@example.com,mentor,Ventas,,,\n").encode(encoding))
    assert sheet.rows[0][1]["name"] == "Zoë Ñúñez"
    assert ("read as Western European" in " ".join(sheet.warnings)) == (encoding == "cp1252")


def test_bytes_no_encoding_can_read_never_crash_the_reader():
    sheet = read_csv(HEADER.encode() + b"Ana \x81\x8d,ana@example.com,mentor,,,,\n")
    assert sheet.rows[0][1]["name"].startswith("Ana ")


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_the_delimiter_is_found(delimiter):
    text = HEADER.replace(",", delimiter) + delimiter.join(["Ana, Lima" if delimiter != "," else '"Ana, Lima"',
                                                            "ana@example.com", "mentor", "", "", "", ""]) + "\n"
    assert read_csv(text.encode()).rows[0][1]["name"] == "Ana, Lima"


def test_columns_may_come_in_any_order_and_case():
    sheet = read_csv(b"ROLE , Email,  name \nmentee,ana@example.com,Ana Lima\n")
    assert sheet.rows == [(2, {"role": "mentee", "email": "ana@example.com", "name": "Ana Lima"})]
    assert sheet.warnings == []


def test_missing_columns_are_named():
    message = refusal(b"name,e-mail address,department\nAna,ana@example.com,Sales\n")
    assert "Missing: email, role." in message


def test_a_file_without_a_header_row_is_explained():
    assert "looks like a person" in refusal(b"Ana Lima,ana@example.com,mentor\n")


def test_a_column_given_twice_is_refused():
    assert "“email” appears twice" in refusal(b"name,email,Email,role\nAna,a@example.com,b@example.com,mentor\n")


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"\r\n\r\n  \r\n", b",,,\r\n,,,\r\n"])
def test_an_empty_file_is_refused(data):
    assert refusal(data).startswith("The file is empty.")


def test_a_header_without_people_is_refused():
    assert "nobody under them" in refusal(HEADER.encode() + b",,,,,,\n")


@pytest.mark.parametrize("data, kind", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "a PNG image"),
    (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml", "an Excel workbook (.xlsx)"),
    (bytes(range(256)) * 4, "not a CSV file"),
])
def test_a_binary_file_is_refused_with_how_to_save_it_as_csv(data, kind):
    message = refusal(data)
    assert kind in message and "Save as › CSV" in message


def test_a_file_over_5_mb_is_refused_before_it_is_read():
    data = HEADER.encode() + b"Ana Lima,ana@example.com,mentor,,,,\n" * 150_000
    assert len(data) > 5 * 1024 * 1024
    assert "the limit is 5 MB" in refusal(data)


def test_a_file_of_more_than_20000_people_is_refused():
    rows = "".join(f"P {n},p{n}@example.com,mentor\n" for n in range(20_001))
    assert "more than 20,000 people" in refusal(("name,email,role\n" + rows).encode())


def test_a_quote_never_closed_names_the_line_it_opens_on():
    message = refusal((HEADER + "Ana,ana@example.com,mentor,,,,\n" + 'Ben,ben@example.com,mentee,"Sales,,,\n'
                       "Cy,cy@example.com,mentor,,,,\n").encode())
    assert message.startswith("Line 3: a quote mark")


def test_ten_thousand_people_read_and_check_without_quadratic_work():
    rows = "".join(f"Person {n},person{n}@example.com,{'mentor' if n % 2 else 'mentee'},Dept {n % 12},"
                   f"{'person%d@example.com' % (n // 10) if n >= 10 else 'ceo@example.com'},,Title\n"
                   for n in range(10_000))
    started = time.perf_counter()
    preview = check_rows(read_csv((HEADER + rows).encode()), Existing())
    elapsed = time.perf_counter() - started
    assert preview.errors == [] and len(preview.rows) == 10_000 and preview.rows[-1].line == 10_001
    assert elapsed < 10, elapsed  # about 0.4 s: a guard against work per pair of rows; bench/onboarding.py times it


# --- checking the rows --------------------------------------------------------------------------

def test_text_a_spreadsheet_would_run_is_kept_as_typed():
    preview = preview_of(HEADER + f'"{FORMULA.replace(chr(34), chr(34) * 2)}",eve@example.com,mentor,'
                                  "@SUM(A1),,,-1+1\n")
    assert preview.errors == []
    assert (preview.rows[0].name, preview.rows[0].department, preview.rows[0].job_title) == (FORMULA, "@SUM(A1)",
                                                                                            "-1+1")


def test_a_second_row_with_the_same_email_names_the_first():
    preview = preview_of(HEADER + "Ana Lima,ana@example.com,mentor,,,,\nBen Cho,ben@example.com,mentee,,,,\n"
                                  "Ana L.,ANA@example.com ,mentee,,,,\n")
    assert messages(preview, 4, "email") == ["ana@example.com is also on line 2: each person can be in the file once."]
    assert [person.line for person in preview.rows] == [2, 3] and not preview.ready


def test_an_email_already_in_the_tenant_is_an_error():
    preview = preview_of(HEADER + "Ana Lima,ana@example.com,mentor,,,,\n", Existing(names={"ana@example.com": "Ana"}))
    assert messages(preview, 2, "email") == ["Ana is already on MentorUp with ana@example.com."]
    assert preview.rows == []


def test_an_unknown_cohort_says_which_cohorts_exist():
    existing = Existing(cohorts=["Autumn 2025", "Pilot"])
    preview = preview_of(HEADER + "Ana Lima,ana@example.com,mentor,,,Spring 2025,\n"
                                  "Ben Cho,ben@example.com,mentee,,,pilot,\n", existing)
    assert messages(preview, 2, "cohort") == ["There is no cohort “Spring 2025”. The cohorts are: Autumn 2025, Pilot."]
    assert preview.rows[0].cohort == "Pilot"
    assert "there are no cohorts yet" in preview_of(HEADER + "Ana,ana@example.com,mentor,,,Pilot,\n").errors[0].message


def test_a_role_other_than_mentor_or_mentee_says_which_are_allowed():
    preview = preview_of(HEADER + "Ana,ana@example.com,junior,,,,\nBen,ben@example.com,Admin,,,,\n"
                                  "Cy,cy@example.com, MENTEE ,,,,\nDee,dee@example.com,,,,,\n")
    assert messages(preview, 2, "role") == ["The role must be “mentor” or “mentee”, not “junior”."]
    assert messages(preview, 3, "role") == ["The role must be “mentor” or “mentee”, not “Admin”."]
    assert messages(preview, 5, "role") == ["Add a role: “mentor” or “mentee”."]
    assert [(person.line, person.role) for person in preview.rows] == [(4, "mentee")]


def test_each_problem_of_a_row_is_reported():
    long_name = "N" * 121
    preview = preview_of(HEADER + f",,mentor,,,,\n{long_name},a@b,mentor,{'D' * 121},boss at example,,{'T' * 121}\n"
                                  f"Ana,{'a' * 250}@example.com,mentor,,,,\n")
    assert [(e.line, e.column) for e in preview.errors] == [
        (2, "name"), (2, "email"), (3, "name"), (3, "email"), (3, "department"), (3, "manager_email"),
        (3, "job_title"), (4, "email")]
    assert messages(preview, 3, "name") == ["This is 121 characters long; keep it to 120."]
    assert messages(preview, 4, "email") == ["An email address cannot be longer than 254 characters."]


def test_nobody_can_be_their_own_manager():
    preview = preview_of(HEADER + "Ana,ana@example.com,mentor,,ANA@example.com,,\n")
    assert messages(preview, 2, "manager_email") == [
        "This is the person's own email: nobody can be their own manager."]


def test_a_management_loop_of_two_is_spelled_out_on_both_rows():
    preview = preview_of(HEADER + "Ana,ana@x.example,mentor,,ben@y.example,,\n"
                                  "Ben,ben@y.example,mentee,,ana@x.example,,\n")
    assert messages(preview, 2, "manager_email") == [
        "This makes a management loop: ana@x.example → ben@y.example → ana@x.example. Check who reports to whom."]
    assert "ben@y.example → ana@x.example → ben@y.example" in messages(preview, 3, "manager_email")[0]


def test_a_management_loop_of_three_is_found_but_a_chain_is_fine():
    preview = preview_of(HEADER + "Ana,ana@example.com,mentor,,ben@example.com,,\n"
                                  "Ben,ben@example.com,mentor,,cy@example.com,,\n"
                                  "Cy,cy@example.com,mentee,,ana@example.com,,\n"
                                  "Dee,dee@example.com,mentor,,ana@example.com,,\n"
                                  "Eve,eve@example.com,mentor,,dee@example.com,,\n")
    assert {error.line for error in preview.errors} == {2, 3, 4}
    assert "cy@example.com → ana@example.com → ben@example.com → cy@example.com" in messages(
        preview, 4, "manager_email")[0]
    assert [person.email for person in preview.rows] == ["dee@example.com", "eve@example.com"]


def test_a_management_loop_through_people_already_in_the_tenant_is_found():
    existing = Existing(names={"boss@example.com": "Bo Boss"}, managers={"boss@example.com": "ana@example.com"})
    preview = preview_of(HEADER + "Ana,ana@example.com,mentor,,boss@example.com,,\n", existing)
    assert "ana@example.com → boss@example.com → ana@example.com" in messages(preview, 2, "manager_email")[0]


def test_the_template_is_a_file_that_imports_cleanly():
    preview = check_rows(read_csv(template_csv().encode()), Existing())
    assert preview.ready and [person.role for person in preview.rows] == ["mentor", "mentee"]


# --- in a tenant: checking against its people, and adding everyone -----------------------------

@pytest.fixture
def pilot_cohort(app, acme):
    """A cohort "Pilot 2025" in tenant `acme` (see conftest.py: Hana the admin, Maya, Robert)."""
    with app.app_context(), tenant_scope(acme):
        return Cohort.create(name="Pilot 2025").id


def test_the_check_reads_people_and_cohorts_from_the_tenant(app, pilot_cohort):
    with app.app_context(), tenant_scope("acme"):
        maya = User.get(User.email == "maya@acme.example")
        maya.manager_email = "ana@example.com"
        maya.save()
        text = (HEADER + "Maya C,MAYA@acme.example,mentor,,,,\n"
                         "Ana,ana@example.com,mentee,,maya@acme.example,pilot 2025,\n")
        preview = check_rows(read_csv(text.encode()))
    assert messages(preview, 2, "email") == ["Maya Chen is already on MentorUp with maya@acme.example."]
    assert messages(preview, 3, "manager_email") == [
        "This makes a management loop: ana@example.com → maya@acme.example → ana@example.com. "
        "Check who reports to whom."]
    assert messages(preview, 3, "cohort") == []


def test_everyone_is_added_invited_with_managers_linked_and_cohorts_set(app, pilot_cohort):
    text = (HEADER + "Ana Lima,ana@example.com,mentor,Sales,ben@example.com,Pilot 2025,Analyst\n"
                     "Ben Cho,ben@example.com,mentee,Sales,maya@acme.example,,Head of Sales\n"
                     "Cy Diaz,cy@example.com,mentor,IT,ana@example.com,,\n"
                     "Dee Eze,dee@example.com,mentor,IT,outside@elsewhere.example,,\n"
                     "李雷,li@example.cn,mentee,,,,\n")
    calls = []
    with app.app_context(), tenant_scope("acme"):
        preview = check_rows(read_csv(text.encode()))
        assert preview.ready
        ids = commit_rows(preview.rows, progress=lambda done, total: calls.append((done, total)), batch_size=2)
        people = {user.email: user for user in User.select().where(User.id.in_(ids))}
        assert ids == [people[p.email].id for p in preview.rows]
        ana, ben, cy, dee, li = (people[p.email] for p in preview.rows)
        assert (ana.manager_id, ben.manager.email, cy.manager_id, dee.manager_id) == (
            ben.id, "maya@acme.example", ana.id, None)
        assert (ana.manager_email, ben.manager_email, dee.manager_email) == ("", "", "outside@elsewhere.example")
        assert ana.cohort.name == "Pilot 2025" and li.cohort is None and li.name == "李雷"
        assert {(u.role, u.password_hash, u.invited is not None, u.status) for u in (ana, li)} == {
            ("mentor", None, True, "invited"), ("mentee", None, True, "invited")}
        assert User.select().count() == 3 + 5
    assert calls == [(2, 5), (4, 5), (5, 5)]
    with app.app_context(), tenant_scope("other"):
        assert User.select().count() == 2


def test_a_failure_half_way_leaves_nobody_added(app, pilot_cohort, monkeypatch):
    rows = "".join(f"Person {n},p{n}@example.com,mentor,,p{n + 1}@example.com,,\n" for n in range(12))
    insert_batch, batches = importer.insert_batch, []

    def second_batch_fails(batch, *args):
        batches.append(batch)
        if len(batches) == 2:
            raise RuntimeError("the database went away")
        return insert_batch(batch, *args)
    monkeypatch.setattr(importer, "insert_batch", second_batch_fails)
    with app.app_context(), tenant_scope("acme"):
        preview = check_rows(read_csv((HEADER + rows).encode()))
        with pytest.raises(RuntimeError):
            commit_rows(preview.rows, batch_size=5)
        assert len(batches) == 2
        assert [u.email for u in User.select().order_by(User.id)] == [
            "hr@acme.example", "maya@acme.example", "robert@acme.example"]


def test_someone_added_since_the_preview_stops_the_import_and_nothing_is_written(app, pilot_cohort):
    with app.app_context(), tenant_scope("acme"):
        preview = check_rows(read_csv((HEADER + "Ana,ana@example.com,mentor,,,,\nBen,ben@example.com,mentee,,,,\n")
                                      .encode()))
        User.create(email="ben@example.com", name="Ben", role="mentee")
        with pytest.raises(ImportProblem, match="added to MentorUp since the file was checked"):
            commit_rows(preview.rows)
        assert not User.select().where(User.email == "ana@example.com").exists()


def test_an_imported_formula_is_neutralised_when_exported_again(app, pilot_cohort):
    text = HEADER + f'"{FORMULA.replace(chr(34), chr(34) * 2)}",eve@example.com,mentor,+Sales,,,@Lead\n'
    with app.app_context(), tenant_scope("acme"):
        commit_rows(check_rows(read_csv(text.encode())).rows)
        eve = User.get(User.email == "eve@example.com")
        assert eve.name == FORMULA
        exported = to_csv(["name", "email", "department", "job_title"],
                          [{"name": eve.name, "email": eve.email, "department": eve.department,
                            "job_title": eve.job_title}])
    row = next(csv.DictReader(io.StringIO(exported)))
    assert row["name"] == "'" + FORMULA and row["department"] == "'+Sales" and row["job_title"] == "'@Lead"
