"""The tenant's phase rules on the programme settings page: a field for every rule of the engine,
refusals of Rules.from_overrides() next to their field (422, nothing saved), and saved rules
stored as overrides and applied to every pairing at once."""
import html
import json
import re

from tenants.phases import Rules
from tenants.program.models import current_program
from tenants.tracker.forms import said
from tests.factories import post_form
from tests.tracker.conftest import as_user, in_tenant, reading_of

SETTINGS, SAVE = "/t/acme/admin/program", "/t/acme/admin/program/phase-rules"


def rules_posted(**changes):
    """Every field of the form as the page shows it at the starting values, with `changes`."""
    return {**{spec.name: said(spec.default) for spec in Rules.explained()}, **changes}


def stored(app):
    with in_tenant(app):
        return json.loads(current_program().phase_rules or "{}")


def test_the_settings_page_has_a_field_for_every_rule_with_its_meaning(hana):
    page = html.unescape(hana.get(SETTINGS).get_data(as_text=True))
    for spec in Rules.explained():
        assert spec.meaning in page and f'name="{spec.name}" type="text" value="{said(spec.default)}"' in page
    assert "See and change the rules (all at their starting values)" in page


def test_a_refusal_is_said_next_to_its_field_and_nothing_is_saved(app, hana):
    answer = post_form(hana, SETTINGS, rules_posted(neglect_amber_days="-1", routinization_pulse="lots"), SAVE)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert re.search(r'id="neglect_amber_days-error">The phase rule neglect_amber_days must be from 0 to 3650, not -1\.', page)
    assert re.search(r'id="routinization_pulse-error">The phase rule routinization_pulse must be a number, not', page)
    assert 'value="lots"' in page  # what was typed stays
    assert stored(app) == {}


def test_rules_that_only_fit_together_are_judged_together(app, hana):
    alone = post_form(hana, SETTINGS, rules_posted(neglect_amber_days="70"), SAVE)
    assert alone.status_code == 422
    assert 'id="neglect_amber_days-error">The phase rule neglect_red_days must be at least neglect_amber_days.' \
        in alone.get_data(as_text=True)
    together = post_form(hana, SETTINGS, rules_posted(neglect_amber_days="70", neglect_red_days="80"), SAVE)
    assert together.status_code == 302 and together.headers["Location"].endswith("/admin/program#phase-rules")
    assert stored(app) == {"neglect_amber_days": 70, "neglect_red_days": 80}


def test_saved_rules_are_stored_as_overrides_and_every_pairing_is_read_again(app, hana, pairs):
    assert reading_of(app, pairs["ivy"]).reds == 1  # neglect is red after 60 days
    saved = post_form(hana, SETTINGS, rules_posted(neglect_red_days="90", routinization_pulse="3.8"), SAVE)
    assert saved.status_code == 302
    assert stored(app) == {"neglect_red_days": 90, "routinization_pulse": 3.8}
    ivy = reading_of(app, pairs["ivy"])
    assert (ivy.reds, ivy.read("flags")[0][:2]) == (0, ["neglect", "amber"])
    page = hana.get(SETTINGS).get_data(as_text=True)
    assert "Phase rules saved. Every pairing was read again with them." in page
    assert "(2 changed from the starting values)" in page and 'name="routinization_pulse" type="text" value="3.8"' in page
    with in_tenant(app):
        from tenants.audit import AuditEntry

        assert AuditEntry.select().where(AuditEntry.action == "changed the phase rules").count() == 1


def test_participants_and_other_tenants_cannot_change_the_rules(app, pairs):
    maya = as_user(app, "maya@acme.example")
    assert post_form(maya, "/t/acme/", rules_posted(neglect_red_days="90"), SAVE).status_code == 403
    otto = as_user(app, "hr@other.example", "other")
    refused = post_form(otto, "/t/other/admin/program", rules_posted(neglect_red_days="90"), SAVE)
    assert refused.status_code == 302 and refused.headers["Location"].startswith("/t/acme/login")
    assert stored(app) == {}
