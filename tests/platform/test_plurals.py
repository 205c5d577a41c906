"""Counts are written with the right noun: "1 pair", "2 pairs", "1 person" (one filter, `plural`)."""
from saas.tenancy import tenant_scope


def test_the_plural_filter_counts_in_words_people_use(app):
    said = app.jinja_env.from_string('{{ 1 | plural("pair") }}; {{ 2 | plural("pair") }}; {{ 0 | plural("senior") }}; '
                                     '{{ 1 | plural("person", "people") }}; {{ 3 | plural("person", "people") }}')
    assert said.render() == "1 pair; 2 pairs; 0 seniors; 1 person; 3 people"


def test_a_cohort_of_one_is_one_person(app, admin):
    from tenants.people.models import User
    from tenants.program.models import Cohort

    with app.app_context(), tenant_scope("acme"):
        cohort = Cohort.create(name="Spring")
        User.update(cohort=cohort).where(User.email == "maya@acme.example").execute()
    page = admin.get("/t/acme/admin/program").get_data(as_text=True)
    assert "Spring <span class=\"muted small\">· 1 person</span>" in page and "1 people" not in page
