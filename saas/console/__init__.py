"""The consultancy console: staff sign up, provision client tenants, and watch them all.

`bp` serves /console/...; each module below adds the routes of one part of the console.
"""
from saas.console import audit_log, clients, portfolio, signup, staff  # noqa: F401,E402  (routes)
from saas.console.access import bp

__all__ = ["bp", "signup"]
