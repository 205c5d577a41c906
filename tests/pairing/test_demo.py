"""Every demo tenant's board has something to show: an open proposal with pairs, and swaps."""
import pytest

from saas import demo
from saas.tenancy import tenant_scope
from tenants.pairing import board
from tests.factories import sign_in


@pytest.fixture
def database_url():
    """SQLite only: the demo is the same data on either database, and takes a few seconds to load."""
    return ""


def test_each_demo_board_offers_pairs_and_the_swap_finder_finds_swaps(app):
    client = app.test_client()
    with app.app_context():
        demo.load()
    for slug, _, domain, *_ in demo.CLIENTS:
        with app.app_context(), tenant_scope(slug):
            draft = board.current_draft()
            pairs = draft.read("pairs")
            swaps = {pair["mentee_id"]: board.swap_partners(draft, pair["mentee_id"]) for pair in pairs}
        assert len(pairs) >= 2, slug
        assert any(swaps.values()), slug
        sign_in(client, f"/t/{slug}/login", demo.email_of(demo.ADMINS[slug], domain), demo.PASSWORD)
        page = client.get(f"/t/{slug}/admin/pairing").get_data(as_text=True)
        assert "Nobody more can be paired" not in page and "Swap mentors…" in page, slug
        mentee = next(m for m, found in swaps.items() if found)
        offered = client.get(f"/t/{slug}/admin/pairing?swap={mentee}").get_data(as_text=True)
        assert f'id="swap-{mentee}"' in offered and "Swap mentors with" in offered, slug
