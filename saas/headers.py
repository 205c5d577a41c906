"""Security headers on every response: only our own scripts and styles run, no other site
may frame a page, and in production browsers keep to HTTPS."""

# Scripts and styles come from our own static folder only (htmx included, with its indicator
# styles in static/css): no inline script, style attribute or event handler runs. Images
# are ours too (tenant logos, favicon). No site may put our pages in a frame, so nobody can
# overlay the console's "delete" or "enter" buttons with something else to click.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
])
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",  # frame-ancestors, for browsers that predate it
    "X-Content-Type-Options": "nosniff",
    # Links in emails carry tokens in their paths: other sites never see our addresses.
    "Referrer-Policy": "same-origin",
}
HSTS = "max-age=31536000; includeSubDomains"


def init_app(app):
    production = app.config["ENV"] == "production"

    @app.after_request
    def add_security_headers(response):
        # setdefault: a response with a stricter policy of its own (a tenant's logo) keeps it.
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if production:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response
