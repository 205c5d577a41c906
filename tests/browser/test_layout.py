"""Layout that only a browser can check: measured boxes at the sizes people use."""
import io

from PIL import Image
from playwright.sync_api import expect

from saas.tenancy import tenant_scope
from tests.browser.test_tenant_sign_in import sign_in
from tests.factories import make_tenant, password_hash

LAPTOP = {"width": 1366, "height": 768}


def wide_logo():
    buffer = io.BytesIO()
    Image.new("RGB", (600, 100), "#8b1f3a").save(buffer, "PNG")
    return buffer.getvalue()


def branded_tenant(app, people=13):
    """`orbit`, a tenant with a wide logo (6:1), a long name and `people` participants, all trained."""
    from saas.branding import save_logo
    from saas.control import Tenant
    from saas.tenancy import tenants_changed
    from tenants.models import now
    from tenants.people.models import User

    make_tenant(app, "orbit", [("hr@orbit.example", "Hana HR", "admin")])
    with app.app_context():
        tenant = Tenant.get(Tenant.slug == "orbit")
        tenant.name = "Orbit Bank International Holdings"
        tenant.save()
        save_logo(tenant, "png", wide_logo())
        tenants_changed()
        with tenant_scope("orbit"):
            for n in range(people):
                User.create(email=f"p{n}@orbit.example", name=f"Person {n}", role="mentor", password_hash=password_hash(),
                            invited=now(), accepted=now(), profile_completed=now(), trained=now())


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def test_a_branded_tenants_navigation_fits_one_line_at_1366_px_and_keeps_the_logos_shape(page, app, live_server):
    branded_tenant(app)
    page.set_viewport_size(LAPTOP)
    sign_in(page, "orbit", "hr@orbit.example")
    expect(page.get_by_role("heading", name="Welcome, Hana HR")).to_be_visible()
    logo, nav, bar = box(page, ".brand-logo"), box(page, ".topbar nav"), box(page, ".topbar-inner")
    assert abs(logo["width"] / logo["height"] - 6) < 0.1, f"the logo is squeezed: {logo}"
    assert nav["y"] < logo["y"] + logo["height"], f"the navigation wrapped below the logo: {nav} vs {logo}"
    assert bar["height"] < 80, f"the header takes {bar['height']} px"
    assert page.problems == []


def test_the_funnels_last_label_is_not_clipped(page, app, live_server):
    branded_tenant(app)
    page.set_viewport_size(LAPTOP)
    sign_in(page, "orbit", "hr@orbit.example")
    expect(page.get_by_role("heading", name="Welcome, Hana HR")).to_be_visible()
    page.goto("/t/orbit/admin/people")
    funnel, label = box(page, "svg.funnel"), page.locator(".funnel-count").last
    expect(label).to_have_text("13 · 100%")
    shown = label.bounding_box()
    assert shown["x"] + shown["width"] <= funnel["x"] + funnel["width"], f"clipped: {shown} beyond {funnel}"


def test_two_cards_side_by_side_start_level_and_apart(page, app, live_server):
    branded_tenant(app)
    page.set_viewport_size(LAPTOP)
    sign_in(page, "orbit", "hr@orbit.example")
    expect(page.get_by_role("heading", name="Welcome, Hana HR")).to_be_visible()
    page.goto("/t/orbit/admin/people")
    first, second = (page.locator(".grid > .card").nth(n).bounding_box() for n in (0, 1))
    assert second["x"] > first["x"] + first["width"], "the two cards are not side by side"
    assert abs(second["y"] - first["y"]) < 1, f"the second card sits {second['y'] - first['y']} px lower"
    assert second["x"] - (first["x"] + first["width"]) >= 24, "the cards sit too close together"
