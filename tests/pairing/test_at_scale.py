"""The pairing board runs as many queries for 200 participants as for 20 (with an open draft,
published pairings, a pin and a forbid), and shows its long lists a page at a time."""
import re

from saas.tenancy import tenant_scope
from tenants.pairing.models import Pairing, PairingProposal
from tenants.people.models import User
from tests.factories import make_tenant, password_hash, queries_for, sign_in


def test_the_board_runs_the_same_queries_at_20_and_200_participants(small_and_large):
    counts = {slug: len(queries_for(admin, f"/t/{slug}/admin/pairing")) for slug, (admin, _, _) in small_and_large.items()}
    assert counts["large"] == counts["small"], counts


def sixty_pairs(app):
    """Tenant `big`: 60 proposed pairs in an open draft and 60 published pairings (written as rows)."""
    make_tenant(app, "big", [("hr@big.example", "Hana HR", "admin")])
    with app.app_context(), tenant_scope("big"):
        User.insert_many([{"email": f"{role}{n}@big.example", "name": f"{role.title()} {n:03d}", "role": role,
                           "password_hash": password_hash()} for n in range(120) for role in ("mentor", "mentee")]).execute()
        ids = {email: user_id for user_id, email in User.select(User.id, User.email).tuples()}
        proposal = PairingProposal.create(created_by="hr@big.example", mode="best_total", status="draft")
        proposal.write([{"mentor_id": ids[f"mentor{n}@big.example"], "mentee_id": ids[f"mentee{n}@big.example"],
                         "score": 50.0, "breakdown": {"skills": 50.0}, "reason": "shared topics", "reasons": [],
                         "pinned": False, "broken_rules": []} for n in range(60)], [])
        Pairing.insert_many([{"mentor": ids[f"mentor{n}@big.example"], "mentee": ids[f"mentee{n}@big.example"]}
                             for n in range(60, 120)]).execute()


def test_the_board_shows_its_proposed_pairs_and_its_pairings_25_a_page(app, client):
    sixty_pairs(app)
    sign_in(client, "/t/big/login", "hr@big.example")
    first = client.get("/t/big/admin/pairing").get_data(as_text=True)
    assert "Proposal:\n      60 pairs" in first and "60 active, the newest first." in first
    assert len(re.findall(r'<tr id="pair-', first)) == 25 and len(re.findall(r"/pairings/\d+/end", first)) == 25
    assert first.count("Page 1 of 3") == 2
    assert 'href="/t/big/admin/pairing?pairs=2#proposal"' in first and 'href="/t/big/admin/pairing?pairings=2#pairings"' in first
    last = client.get("/t/big/admin/pairing?pairs=3&pairings=3").get_data(as_text=True)
    assert len(re.findall(r'<tr id="pair-', last)) == 10 and len(re.findall(r"/pairings/\d+/end", last)) == 10
    assert "Mentor 059" in last and "Mentor 059" not in first  # the proposal's order
    assert "Mentor 119" in first and "Mentor 119" not in last  # the newest pairings first
    assert 'href="/t/big/admin/pairing?pairings=3&amp;pairs=2#proposal"' in last  # the other list stays on its page
