"""The people list runs as many queries for 200 participants as for 20."""
from tests.factories import queries_for


def test_the_people_list_runs_the_same_queries_at_20_and_200_participants(small_and_large):
    counts = {slug: len(queries_for(admin, f"/t/{slug}/admin/people")) for slug, (admin, _, _) in small_and_large.items()}
    assert counts["large"] == counts["small"], counts
