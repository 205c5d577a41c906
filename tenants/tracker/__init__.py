"""The phase tracker in the product: each pairing's reading (phase, since, reasons, flags, next
steps) stored and kept current from its events, its journey of phase changes, what the partners
see of it, the programme manager's phase dashboard, alerts and daily digest, and the tenant's
own phase rules. The rules themselves are the pure engine's (tenants.phases)."""
