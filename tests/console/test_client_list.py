"""The console's client list at scale: every sort pages in the right order, the search finds a
name or web address by any part of it, and its index follows renames."""
import re

import pytest

from peewee import JOIN

from saas.control import Tenant, TenantRollup, control_db
from tests.factories import make_tenant


def names_on(owner, path):
    page = owner.get(path, headers={"HX-Request": "true"}).get_data(as_text=True)
    return re.findall(r'<a href="/console/tenants/[^"]+">([^<]+)</a>', page)


@pytest.fixture
def many(app, firms):
    """130 client rows of Acme's (control rows only: the list never opens a tenant), with roll-ups;
    every seventh suspended, one deleted."""
    with app.app_context(), control_db.atomic():
        for n in range(130):
            tenant = Tenant.create(slug=f"firm-{n:03d}", name=f"Firm {(n * 37) % 130:03d} Holdings",
                                   consultancy=firms["acme"], status="suspended" if n % 7 == 0 else "active")
            if n % 5:
                TenantRollup.create(tenant=tenant, participants=(n * 11) % 40)
        Tenant.update(status="deleted").where(Tenant.slug == "firm-001").execute()
    return firms


def expected(app, firm, key):
    with app.app_context():
        rows = list(Tenant.select(Tenant, TenantRollup)
                    .join(TenantRollup, JOIN.LEFT_OUTER, on=(TenantRollup.tenant == Tenant.id))
                    .where(Tenant.consultancy == firm, Tenant.status != "deleted"))
    return [row.name for row in sorted(rows, key=key)]


@pytest.mark.parametrize("sort", ["name", "newest", "status", "participants"])
def test_every_sort_pages_through_every_client_once_in_order(app, owner, many, sort):
    def participants(row):
        return -(row.tenantrollup.participants if row.tenantrollup else -1)
    keys = {"name": lambda r: (r.name, r.id), "newest": lambda r: (-r.created.timestamp(), -r.id),
            "status": lambda r: (r.status, r.name, r.id), "participants": lambda r: (participants(r), r.name, r.id)}
    shown = [name for number in (1, 2, 3) for name in names_on(owner, f"/console/?sort={sort}&page={number}")]
    assert shown == expected(app, many["acme"], keys[sort])
    assert len(shown) == 130  # 129 of the rows above and acme-client; the deleted one is not listed


@pytest.mark.parametrize("text, found", [
    ("holdings", 129), ("HOLD", 129), ("m 042 h", 1), ("Firm 042", 1), ("firm-04", 10), ("ACME-cli", 1),
    ("42", 2), ("zz", 0), ('"', 0), ('m" OR "x', 0), ("%", 0), ("_", 0)])
def test_the_search_finds_any_part_of_a_name_or_web_address(owner, many, text, found):
    response = owner.get("/console/", query_string={"q": text}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert (body.count('<a href="/console/tenants/') == min(found, 50)) and (found <= 50 or f"· {found} clients" in body)


def test_a_renamed_client_is_found_by_its_new_name_only(app, owner, firms):
    make_tenant(app, "renamed", consultancy=firms["acme"])
    with app.app_context():
        tenant = Tenant.get(Tenant.slug == "renamed")
        for name in ("Wombat Partners", "Quokka Capital"):
            tenant.name = name
            tenant.save()
    assert names_on(owner, "/console/?q=quokka") == ["Quokka Capital"]
    assert names_on(owner, "/console/?q=wombat") == []
