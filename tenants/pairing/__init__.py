"""The admin's pairing board on the tenant's data: proposals, pins and forbids, shortlists,
published pairings. The matching itself is tenants.matching, which knows nothing of Flask."""
