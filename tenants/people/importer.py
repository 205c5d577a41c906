"""Bulk import of participants from a CSV file: read it, check every row, then add everyone at once.

The admin's upload page shows the preview (ready rows, problems by line, warnings) and commits
it in one transaction: either everyone in it is added, or nobody is.
"""
import codecs
import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field

import peewee

from tenants.csv_export import to_csv
from tenants.emails import email_problem
from tenants.models import now
from tenants.people.models import User, management_loops
from tenants.people.seats import SeatLimitReached, check_room_for
from tenants.program.models import Cohort
from tenants.scope import database

COLUMNS = ("name", "email", "role", "department", "manager_email", "cohort", "job_title")
REQUIRED = ("name", "email", "role")
IMPORTED_ROLES = ("mentor", "mentee")  # admins are never made by an upload
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_TEXT = 120  # names, departments, job titles: as on the profile pages
DELIMITERS = (",", ";", "\t")  # comma first: it wins a tie
SAVE_AS_CSV = "In your spreadsheet, choose File › Save as › CSV UTF-8, and upload that file."
# How other files start, so that the admin learns what they uploaded instead of "bad CSV".
SIGNATURES = {b"PK\x03\x04": "an Excel workbook (.xlsx) or another zipped file",
              b"\xd0\xcf\x11\xe0": "an old Excel workbook (.xls) or Word document",
              b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image",
              b"%PDF": "a PDF document", b"{\\rtf": "a Rich Text document"}
# The columns an import writes, in plain SQL: building 55,000 values as ORM nodes took 2 of the
# 2.3 seconds that adding 5,000 people took (bench/onboarding.py).
INSERTED = (User.email, User.name, User.role, User.department, User.job_title, User.job_level, User.manager,
            User.manager_email, User.cohort, User.created, User.invited)
TEMPLATE_PEOPLE = [
    {"name": "Aisha Bello", "email": "aisha.bello@example.com", "role": "mentor", "department": "Digital Marketing",
     "manager_email": "olivia.martin@example.com", "cohort": "", "job_title": "Marketing Graduate"},
    {"name": "Kenji Watanabe", "email": "kenji.watanabe@example.com", "role": "mentee", "department": "Finance",
     "manager_email": "", "cohort": "", "job_title": "Finance Director"},
]


class ImportProblem(ValueError):
    """The file as a whole cannot be imported; the message tells the admin what to do."""


@dataclass(frozen=True)
class RowError:
    line: int  # as a text editor counts: the header is line 1
    column: str
    message: str


@dataclass(frozen=True, slots=True)
class Participant:
    """One person from the file, cleaned up and ready to be added."""
    line: int
    name: str
    email: str
    role: str
    department: str = ""
    job_title: str = ""
    manager_email: str = ""
    cohort: str = ""  # the cohort's name as the tenant spells it


@dataclass
class Sheet:
    """An uploaded file as read: each non-blank row with the line it starts on, and warnings."""
    rows: list  # (line, {column: text as typed})
    warnings: list = field(default_factory=list)


@dataclass
class Existing:
    """What the tenant already has that the rows are checked against."""
    names: dict = field(default_factory=dict)  # email -> name
    managers: dict = field(default_factory=dict)  # email -> their manager's email
    cohorts: list = field(default_factory=list)


@dataclass
class ImportPreview:
    rows: list  # the Participants without problems, in file order
    errors: list  # RowErrors, by line
    warnings: list
    total: int  # non-blank rows in the file

    @property
    def ready(self):
        """Everyone in the file can be added."""
        return bool(self.rows) and not self.errors


# --- reading the file ---------------------------------------------------------------------------

def read_csv(data):
    """The rows of an uploaded CSV file; raises ImportProblem when it cannot be read at all."""
    if len(data) > MAX_BYTES:
        raise ImportProblem(f"The file is {len(data) / 1024 / 1024:.1f} MB; the limit is 5 MB. "
                            "Split it into smaller files.")
    text, warnings = decode(data)
    records = records_in(text, sniff_delimiter(text))
    _, header = next(records, (None, None))
    if header is None:
        raise ImportProblem("The file is empty. Fill in the template, one person per row, and upload it again.")
    positions, ignored = read_header(header)
    if ignored:
        warnings.append("These columns are not imported: " + ", ".join(f"“{name}”" for name in ignored) +
                        ". MentorUp reads " + ", ".join(COLUMNS) + ".")
    rows = []
    for line, cells in records:
        if len(rows) == MAX_ROWS:
            raise ImportProblem(f"The file has more than {MAX_ROWS:,} people. Split it into smaller files.")
        rows.append((line, {column: cells[at] if at < len(cells) else "" for column, at in positions.items()}))
    if not rows:
        raise ImportProblem("The file has column names but nobody under them: add one person per row.")
    return Sheet(rows, warnings)


def decode(data):
    """The file's text, and a warning if it had to be guessed.

    Spreadsheets save UTF-8 (with or without a byte-order mark), UTF-16 with a mark ("Unicode
    text"), or, in older Excel, Windows-1252; that last one decodes any bytes, so it comes last.
    """
    for signature, kind in SIGNATURES.items():
        if data.startswith(signature):
            raise ImportProblem(f"This is {kind}, not a CSV file. {SAVE_AS_CSV}")
    for mark, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                           (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(mark):
            text = data[len(mark):].decode(encoding, errors="replace")
            warnings = ["Some characters could not be read and show as “�”: check those rows."] \
                if "\ufffd" in text else []
            break
    else:
        try:
            text, warnings = data.decode("utf-8"), []
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
            warnings = ["The file is not saved as UTF-8, so it was read as Western European (Windows-1252): "
                        "check that accented names look right."]
    if "\x00" in text or looks_binary(text[:4096]):
        raise ImportProblem(f"This is not a CSV file. {SAVE_AS_CSV}")
    return text, warnings


def looks_binary(sample):
    """Many control characters: a binary file that happened to decode (any bytes do in Windows-1252)."""
    control = sum(1 for char in sample if char < " " and char not in "\t\r\n")
    return control > len(sample) // 20


def sniff_delimiter(text):
    """Comma, semicolon (Excel where the decimal mark is a comma) or tab: the one that splits
    the header into the most column names we know."""
    first = next((line for line in text[:65536].splitlines() if line.strip()), "")

    def fit(delimiter):
        cells = next(csv.reader([first], delimiter=delimiter), [])
        return sum(column_key(cell) in COLUMNS for cell in cells), len(cells)
    return max(DELIMITERS, key=fit)


def records_in(text, delimiter):
    """(line, cells) for every non-blank record; a record may span lines inside quotes, and is
    numbered by the line it starts on."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise ImportProblem(f"Line {line}: {quoting_problem(error)}") from None
        if any(cell.strip() for cell in cells):
            yield line, cells


def quoting_problem(error):
    reason = str(error)
    if "end of data" in reason:
        return "a quote mark (\") opens a cell that is never closed. Close it, or remove the quote mark."
    if "expected after" in reason:
        return "a cell has text after its closing quote mark. Put the whole cell inside the quotes."
    if "field larger" in reason:
        return "a cell is far too long. Check the quote marks around it."
    return f"this line cannot be read as CSV ({reason})."


def column_key(heading):
    """A heading as we compare it: "Manager Email " and "manager-email" are manager_email."""
    return re.sub(r"[\s\-]+", "_", heading.strip().lower())


def read_header(header):
    """Where each known column is, and the headings we do not read."""
    positions, ignored = {}, []
    for at, heading in enumerate(header):
        key = column_key(heading)
        if key in positions:
            raise ImportProblem(f"The column “{key}” appears twice in the first row. Keep one of them.")
        if key in COLUMNS:
            positions[key] = at
        elif key:
            ignored.append(heading.strip())
    missing = [column for column in REQUIRED if column not in positions]
    if missing:
        looks_like_a_person = any("@" in heading for heading in header)
        raise ImportProblem(
            "The first row must name the columns" +
            (", but it looks like a person. Add a row of column names above it" if looks_like_a_person else "") +
            ". Missing: " + ", ".join(missing) + f". Required: {', '.join(REQUIRED)}; optional: " +
            ", ".join(c for c in COLUMNS if c not in REQUIRED) + ". The template shows the layout.")
    return positions, ignored


# --- checking the rows --------------------------------------------------------------------------

def read_existing():
    """The tenant's people (emails, names, managers) and cohorts, as the checks need them."""
    manager = User.alias()
    people = (User.select(User.email, User.name, manager.email, User.manager_email)
              .join(manager, peewee.JOIN.LEFT_OUTER, on=(User.manager == manager.id)).tuples())
    existing = Existing(cohorts=[name for (name,) in Cohort.select(Cohort.name).order_by(Cohort.name).tuples()])
    for email, name, manager_email, outside_manager in people:
        existing.names[email] = name
        if manager_email or outside_manager:
            existing.managers[email] = manager_email or outside_manager
    return existing


def check_rows(sheet, existing=None):
    """Every row of `sheet` checked against the others and against the tenant (read from its
    database unless `existing` is given): the rows ready to add, and each problem by line."""
    if existing is None:
        existing = read_existing()
    cohorts = {name.casefold(): name for name in existing.cohorts}
    cohorts.update({name: name for name in existing.cohorts})  # an exact match wins over one in another case
    errors, people, first_line, in_chart = [], [], {}, []
    for line, values in sheet.rows:
        person, problems = check_row(line, values, existing, cohorts)
        columns = {problem.column for problem in problems}
        if person.email and "email" not in columns:
            if person.email in first_line:
                problems.append(RowError(line, "email", f"{person.email} is also on line {first_line[person.email]}: "
                                                        "each person can be in the file once."))
            else:
                first_line[person.email] = line
                if person.manager_email and "manager_email" not in columns:
                    in_chart.append(person)
        errors += problems
        people.append(person)
    errors += loop_errors(in_chart, existing)
    bad_lines = {error.line for error in errors}
    order = {column: n for n, column in enumerate(COLUMNS)}
    return ImportPreview(rows=[person for person in people if person.line not in bad_lines],
                         errors=sorted(errors, key=lambda e: (e.line, order.get(e.column, 0))),
                         warnings=list(sheet.warnings), total=len(sheet.rows))


def check_row(line, values, existing, cohorts):
    """One row, cleaned up, and what is wrong with it on its own."""
    text = {column: clean(values.get(column, "")) for column in COLUMNS}
    email, manager_email = text["email"].lower(), text["manager_email"].lower()
    role, cohort = text["role"].lower(), text["cohort"]
    problems = []

    def problem(column, message):
        problems.append(RowError(line, column, message))

    if not text["name"]:
        problem("name", "Add the person's name.")
    for column in ("name", "department", "job_title"):
        if len(text[column]) > MAX_TEXT:
            problem(column, f"This is {len(text[column])} characters long; keep it to {MAX_TEXT}.")
    if not email:
        problem("email", "Add the person's email address.")
    elif wrong := email_problem(email):
        problem("email", wrong)
    elif email in existing.names:
        problem("email", f"{existing.names[email]} is already on MentorUp with {email}.")
    if not role:
        problem("role", "Add a role: “mentor” or “mentee”.")
    elif role not in IMPORTED_ROLES:
        problem("role", f"The role must be “mentor” or “mentee”, not “{text['role']}”.")
    if manager_email:
        if wrong := email_problem(manager_email):
            problem("manager_email", wrong)
        elif manager_email == email:
            problem("manager_email", "This is the person's own email: nobody can be their own manager.")
    if cohort:
        if cohort in cohorts or cohort.casefold() in cohorts:
            cohort = cohorts.get(cohort) or cohorts[cohort.casefold()]
        elif cohorts:
            problem("cohort", f"There is no cohort “{cohort}”. The cohorts are: " +
                    ", ".join(existing.cohorts) + ".")
        else:
            problem("cohort", f"There is no cohort “{cohort}”: there are no cohorts yet. "
                              "Create it first, or leave the cell empty.")
    person = Participant(line=line, name=text["name"], email=email, role=role, department=text["department"],
                         job_title=text["job_title"], manager_email=manager_email, cohort=cohort)
    return person, problems


def clean(value):
    """Trimmed, runs of spaces and line breaks made one space, and in one Unicode form (NFC), so
    that "Zoë" typed on a Mac and on Windows is the same name. Otherwise as typed."""
    return unicodedata.normalize("NFC", " ".join(value.split()))


def loop_errors(people, existing):
    """A problem on each of `people` (newcomers with a manager) who would be in a management
    loop, through the file or the tenant's people, with the loop spelled out."""
    newcomers = {person.email: person for person in people}
    manager_of = {**existing.managers, **{email: person.manager_email for email, person in newcomers.items()}}
    return [RowError(newcomers[email].line, "manager_email",
                     "This makes a management loop: " + " → ".join(loop) + ". Check who reports to whom.")
            for email, loop in management_loops(manager_of).items() if email in newcomers]


# --- adding everyone ----------------------------------------------------------------------------

def commit_rows(rows, progress=lambda done, total: None, batch_size=500):
    """Add `rows` (Participants) as invited users in one transaction: everyone, or nobody if
    anything fails. Returns the new users' ids, in the order of `rows`.

    `progress(done, total)` is called after each batch, inside the transaction: whatever it
    writes to this tenant's database is seen by others only once everyone is added. A batch
    sends 11 values a person, and SQLite takes at most 32,766 in one statement: keep
    batch_size under 2,900.
    """
    invited = now()
    with User.alone():  # the seats it counts stay free until it commits: another import or invitation waits
        check_seats(len(rows))
        ids = dict(User.select(User.email, User.id).tuples())
        taken = [person.email for person in rows if person.email in ids]
        if taken:
            raise ImportProblem(f"{len(taken)} of these people were added to MentorUp since the file was checked "
                                f"(the first is {taken[0]}). Upload the file again to check it.")
        cohorts = dict(Cohort.select(Cohort.name, Cohort.id).tuples())
        gone = sorted({p.cohort for p in rows if p.cohort and p.cohort not in cohorts})
        if gone:
            raise ImportProblem(f"The cohort “{gone[0]}” was removed since the file was checked. "
                                "Upload the file again to check it.")
        in_file = {person.email for person in rows}
        created = []
        for start in range(0, len(rows), batch_size):
            batch = rows[start:start + batch_size]
            ids.update(insert_batch(batch, ids, in_file, cohorts, invited))
            created += [ids[person.email] for person in batch]
            progress(len(created), len(rows))
        link_managers([(ids[p.email], ids[p.manager_email]) for p in rows if p.manager_email in in_file], batch_size)
    return created


def check_seats(adding):
    """Raise ImportProblem when the file's people would use more seats than the tenant may."""
    try:
        check_room_for(adding)
    except SeatLimitReached as full:
        raise ImportProblem(f"{full} Nobody was added.") from None


def insert_batch(batch, ids, in_file, cohorts, invited):
    """Insert one batch; their ids by email. A manager who is a tenant user is linked rather than
    kept as an email: now if they are already in, by link_managers if they come with the file."""
    values = []
    for p in batch:
        values += (p.email, p.name, p.role, p.department, p.job_title, 0, ids.get(p.manager_email),
                   "" if p.manager_email in ids or p.manager_email in in_file else p.manager_email,
                   cohorts.get(p.cohort), invited, invited)
    columns = ", ".join(f'"{field.column_name}"' for field in INSERTED)
    one = "(" + ", ".join([database.param] * len(INSERTED)) + ")"
    database.execute_sql(f'INSERT INTO "{User._meta.table_name}" ({columns}) VALUES ' + ", ".join([one] * len(batch)),
                         values)
    return dict(database.execute_sql(f'SELECT "email", "id" FROM "{User._meta.table_name}" WHERE "email" IN '
                                     f"({', '.join([database.param] * len(batch))})",
                                     [p.email for p in batch]).fetchall())


def link_managers(links, batch_size):
    """Point people at managers from the same file: one UPDATE … CASE per batch of links."""
    for start in range(0, len(links), batch_size):
        chunk = links[start:start + batch_size]
        database.execute_sql(
            f'UPDATE "{User._meta.table_name}" SET "manager_id" = CASE "id" '
            + " ".join([f"WHEN {database.param} THEN {database.param}"] * len(chunk))
            + f' END WHERE "id" IN ({", ".join([database.param] * len(chunk))})',
            [n for link in chunk for n in link] + [person for person, _ in chunk])


def template_csv():
    """The CSV an admin downloads to fill in: the columns, and two people as examples."""
    return to_csv(list(COLUMNS), TEMPLATE_PEOPLE)
