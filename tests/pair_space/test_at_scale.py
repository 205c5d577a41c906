"""A participant's home page and their pair space run as many queries in a programme of 200 as
in one of 20."""
from tests.factories import queries_for


def test_the_participant_home_runs_the_same_queries_at_20_and_200_participants(small_and_large):
    counts = {slug: len(queries_for(partner, f"/t/{slug}/")) for slug, (_, partner, _) in small_and_large.items()}
    assert counts["large"] == counts["small"], counts


def test_the_pair_space_runs_the_same_queries_at_20_and_200_participants(small_and_large):
    counts = {slug: len(queries_for(partner, f"/t/{slug}/pairs/{pairing}/"))
              for slug, (_, partner, pairing) in small_and_large.items()}
    assert counts["large"] == counts["small"], counts
