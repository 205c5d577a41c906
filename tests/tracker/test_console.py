"""The consultancy console's client list and client page show each tenant's phase mix and its
pairings at risk, from the roll-up the product's headline numbers feed."""
from saas.control import Tenant, TenantRollup
from saas.rollups import refresh_rollup
from tests.factories import make_consultancy, sign_in
from tests.tracker.conftest import in_tenant, write


def rollup(app):
    with app.app_context():
        return TenantRollup.get(TenantRollup.tenant == Tenant.get(Tenant.slug == "acme"))


def test_the_roll_up_counts_active_pairings_per_phase_and_those_at_risk_and_follows_a_change(app, pairs):
    from tenants.pairing.models import Pairing

    with app.app_context():
        assert refresh_rollup("acme")["phases"] == {"role-taking": 2, "role-making": 1, "routinization": 0}
    assert (rollup(app).phase_counts(), rollup(app).at_risk) == ({"role-taking": 2, "role-making": 1,
                                                                   "routinization": 0}, 1)
    with in_tenant(app):  # Sam's second offer left waiting: a red flag, and the roll-up follows
        write(Pairing.get_by_id(pairs["sam"]), [(2, "offer_made", "mentor", {"offer": 9006})])
    assert rollup(app).at_risk == 2


def test_the_client_list_and_the_client_page_show_the_phase_mix_and_the_pairings_at_risk(app, client, pairs):
    with app.app_context():
        firm = make_consultancy("Kite Partners", "kim@kite.example")
        Tenant.update(consultancy=firm).where(Tenant.slug == "acme").execute()
        refresh_rollup("acme")
    assert sign_in(client, "/console/login", "kim@kite.example").status_code == 302
    clients = client.get("/console/").get_data(as_text=True)
    assert "not tracked yet" not in clients and '<th scope="col">At risk</th>' in clients
    assert 'aria-label="2 in role-taking, 1 in role-making, 0 in routinization"' in clients
    assert '<td data-label="At risk"><strong class="danger">1</strong></td>' in clients
    page = client.get("/console/tenants/acme").get_data(as_text=True)
    assert "<strong>1</strong> at risk (a red flag)" in page
    assert 'aria-label="Pairings per phase: 2 in role-taking, 1 in role-making, 0 in routinization"' in page
