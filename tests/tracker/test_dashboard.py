"""The programme manager's phases page, a pairing's drill-down and the CSV file: what they show,
the filters, who may open them, and that none of them shows what the partners wrote."""
import csv
import io
import re

import pytest

from tenants.people.models import User
from tenants.program.models import Cohort
from tests.pair_space.test_confidentiality import SECRETS, written  # noqa: F401  (the partners' private text)
from tests.tracker.conftest import as_user, in_tenant

PAGES = ["/admin/phases", "/admin/phases/pairs/{ivy}", "/admin/phases.csv"]


def names_listed(page):
    """The pairs of the list, in its order."""
    return re.findall(r'/admin/phases/pairs/\d+">([^<]+) &amp; ', page.get_data(as_text=True))


def test_the_dashboard_shows_the_distribution_the_time_to_each_phase_and_the_most_at_risk_first(hana, pairs):
    page = hana.get("/t/acme/admin/phases")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "HX-Request" in page.headers["Vary"]
    assert 'aria-label="Pairings per phase: 2 in role-taking, 1 in role-making, 0 in routinization"' in html
    assert re.search(r"<td>role-making</td><td data-label=\"Median\">61 days</td><td data-label=\"Reached\">1</td>", html)
    assert names_listed(page) == ["Ivy Third", "Sam Stone", "Maya Chen"]  # red, then amber, then none
    assert "No meeting held in the 70 days since the start on" in html
    assert "<strong>1</strong> at risk</a>" in html and "<strong>1</strong> to watch</a>" in html
    assert " style=" not in html and "<script>" not in html  # charts in presentation attributes only


def test_filters_narrow_the_list_by_cohort_department_phase_and_flags(app, hana, pairs):
    with in_tenant(app):
        spring = Cohort.get(Cohort.name == "Spring").id
    assert names_listed(hana.get(f"/t/acme/admin/phases?cohort={spring}")) == ["Ivy Third"]
    assert names_listed(hana.get("/t/acme/admin/phases?department=Board")) == ["Sam Stone", "Maya Chen"]
    assert names_listed(hana.get("/t/acme/admin/phases?phase=role-making")) == ["Maya Chen"]
    assert names_listed(hana.get("/t/acme/admin/phases?risk=amber")) == ["Sam Stone"]
    assert names_listed(hana.get("/t/acme/admin/phases?phase=nonsense&cohort=x")) == ["Ivy Third", "Sam Stone", "Maya Chen"]
    assert "No pairing matches these filters." in hana.get("/t/acme/admin/phases?status=ended").get_data(as_text=True)


def test_a_pairing_not_read_yet_is_listed_last_and_said_so(app, hana, pairs):
    from tenants.tracker.models import PhaseReading

    with in_tenant(app):
        PhaseReading.delete().where(PhaseReading.pairing == pairs["ivy"]).execute()
    page = hana.get("/t/acme/admin/phases")
    html = page.get_data(as_text=True)
    assert names_listed(page) == ["Sam Stone", "Maya Chen", "Ivy Third"]
    assert "1 pairing not read yet: tonight's recompute reads it." in html.replace("&#39;", "'")
    assert "Not read yet: tonight's recompute reads it." in hana.get(
        f"/t/acme/admin/phases/pairs/{pairs['ivy']}").get_data(as_text=True).replace("&#39;", "'")


def test_a_filter_changed_with_htmx_gets_the_results_only(hana, pairs):
    page = hana.get("/t/acme/admin/phases?department=Legal", headers={"HX-Request": "true"})
    html = page.get_data(as_text=True)
    assert "<html" not in html and 'id="f-cohort"' not in html
    assert names_listed(page) == ["Ivy Third"]
    assert "Pairings per phase: 1 in role-taking, 0 in role-making, 0 in routinization" in html


def test_a_pairings_drill_down_shows_its_metadata_journey_and_flags(hana, pairs):
    maya = hana.get(f"/t/acme/admin/phases/pairs/{pairs['maya']}").get_data(as_text=True)
    assert "Maya Chen &amp; Robert Okafor" in maya and "Digital" in maya and "Board" in maya
    assert re.search(r'aria-label="Journey: role-taking from [^,]+, role-making from ', maya)
    assert "Entered role-making on" in maya and "No flag on its latest reading." in maya
    ivy = hana.get(f"/t/acme/admin/phases/pairs/{pairs['ivy']}").get_data(as_text=True)
    assert "Spring" in ivy and "Neglect · red" in ivy and "No meeting held in the 70 days" in ivy
    assert "signed by the mentor" in ivy or "Not written yet." in ivy
    assert hana.get("/t/acme/admin/phases/pairs/999").status_code == 404


def test_the_csv_has_a_row_a_pairing_and_no_cell_runs_as_a_formula(app, hana, pairs):
    with in_tenant(app):
        User.update(name='=HYPERLINK("http://evil.example","Vera")').where(User.email == "vera@acme.example").execute()
    response = hana.get("/t/acme/admin/phases.csv")
    assert response.headers["Content-Type"].startswith("text/csv")
    assert response.headers["Content-Disposition"] == "attachment; filename=phases.csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [row["mentor"] for row in rows] == ["Ivy Third", "Sam Stone", "Maya Chen"]
    assert rows[0]["mentee"] == "'=HYPERLINK(\"http://evil.example\",\"Vera\")"
    assert (rows[0]["phase"], rows[0]["red_flags"], rows[0]["flags"]) == ("role-taking", "1",
                                                                          "Neglect (red); Stalled learning (amber)")
    assert rows[2]["phase"] == "role-making" and rows[2]["days_in_phase"] == "9"
    only_red = list(csv.DictReader(io.StringIO(hana.get("/t/acme/admin/phases.csv?risk=red").get_data(as_text=True))))
    assert [row["mentor"] for row in only_red] == ["Ivy Third"]


def test_the_pages_never_show_what_the_partners_wrote(app, written):
    hana = as_user(app, "hr@acme.example")
    pairing = written["pairing_id"]
    pages = {url: hana.get(url) for url in ("/t/acme/admin/phases", f"/t/acme/admin/phases/pairs/{pairing}",
                                            "/t/acme/admin/phases.csv")}
    for url, page in pages.items():
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        for what, secret in SECRETS.items():
            assert secret not in text, f"{url} shows the {what}"
    drill = pages[f"/t/acme/admin/phases/pairs/{pairing}"].get_data(as_text=True)
    assert "A working session" in drill and "Feedback on something" in drill  # what kind of offer, not its text
    assert "declined" in drill and "cancelled" in drill and "signed by the mentor" in drill


@pytest.mark.parametrize("path", PAGES)
def test_participants_get_403(app, pairs, path):
    assert as_user(app, "maya@acme.example").get("/t/acme" + path.format(**pairs)).status_code == 403


@pytest.mark.parametrize("path", PAGES)
def test_another_tenants_admin_is_sent_to_this_tenants_sign_in_and_sees_nothing(app, pairs, path):
    otto = as_user(app, "hr@other.example", "other")
    page = otto.get("/t/acme" + path.format(**pairs))
    assert page.status_code == 302 and page.headers["Location"].startswith("/t/acme/login")
    assert "Ivy Third" not in page.get_data(as_text=True)
    own = otto.get("/t/other/admin/phases").get_data(as_text=True)
    assert "Ivy Third" not in own and "No pairing matches these filters." in own
    assert otto.get(f"/t/other/admin/phases/pairs/{pairs['ivy']}").status_code == 404


def test_the_manager_finds_the_phases_in_the_menu_and_on_the_home_checklist(hana, pairs):
    home = hana.get("/t/acme/").get_data(as_text=True)
    assert 'href="/t/acme/admin/phases">Phases</a>' in home
    assert "Keep every pair on track" in home and "1 at risk · 2 in role-taking · 1 in role-making · 0 in routinization" in home


@pytest.mark.parametrize("cohort", ["²", "٣", "9" * 30])
def test_a_cohort_filter_in_other_digits_is_left_out(hana, pairs, cohort):
    response = hana.get(f"/t/acme/admin/phases?cohort={cohort}")
    assert response.status_code == 200
    assert names_listed(response) == ["Ivy Third", "Sam Stone", "Maya Chen"]
