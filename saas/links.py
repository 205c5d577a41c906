"""The addresses in emails: BASE_URL followed by a route, built the same way in a request, a job
or a command. Never from the request's own host: a job has no request, and a request's Host
header is whatever the client sent."""
from urllib.parse import urlsplit

from flask import current_app

from tenants.scope import current_tenant, in_tenant_scope


def link(endpoint, **values):
    """The absolute address of `endpoint` under BASE_URL; in a tenant's scope, of that tenant."""
    app = current_app
    if "tenant" not in values and in_tenant_scope() and app.url_map.is_endpoint_expecting(endpoint, "tenant"):
        values["tenant"] = current_tenant().slug
    base = urlsplit(app.config["BASE_URL"])
    adapter = app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme)
    return adapter.build(endpoint, values, force_external=True)
