"""The platform's part in certificates: the key that signs them, the files it keeps for each
tenant, the directory that leads a code to the tenant that issued it, and the public pages
/verify and /verify/<code>, which anyone may use without signing in."""
import threading
from pathlib import Path

import peewee
from flask import Blueprint, current_app, redirect, request, url_for

from saas.branding import BrandingError, checked_logo, logo_folder
from saas.config import ConfigError
from saas.control import ControlModel, Tenant
from saas.links import link
from saas.tenancy import TenantUnavailable, tenant_scope
from tenants.certificates.codes import code_digest, read_code
from tenants.certificates.signing import SigningError, identity_from_files, identity_in
from tenants.certificates.verification import public_record
from tenants.models import now
from tenants.rendering import render
from tenants.scope import current_tenant

FILES = "tenant-files"  # the instance folder's subfolder of each tenant's own files

bp = Blueprint("verify", __name__)
_identity_lock = threading.Lock()


class CertificateCode(ControlModel):
    """Which tenant issued a code. Only the code's digest is kept: this table reveals no code."""
    digest = peewee.CharField(unique=True)
    tenant_slug = peewee.CharField(index=True)
    created = peewee.DateTimeField(default=now)


# --- services handed to the product ---------------------------------------------------------

def signing_identity():
    """The identity that signs certificates: CERT_SIGNING_KEY and CERT_SIGNING_CERT when set,
    otherwise the platform's own, made in the instance folder on first use. Loaded once."""
    app = current_app._get_current_object()
    with _identity_lock:
        if "certificate_identity" not in app.extensions:
            key, cert = app.config["CERT_SIGNING_KEY"], app.config["CERT_SIGNING_CERT"]
            app.extensions["certificate_identity"] = (identity_from_files(key, cert) if key
                                                      else identity_in(app.instance_path))
        return app.extensions["certificate_identity"]


def tenant_logo():
    """The logo of the tenant in scope as ("png" | "svg", bytes), or None. It was checked when it
    was uploaded, and is checked again here: WeasyPrint decodes what it is given in full, so a
    file stored before today's limits (or changed on disk since) must never reach it."""
    tenant = Tenant.get_or_none(Tenant.slug == current_tenant().slug)
    if tenant is None or not tenant.logo:
        return None
    try:
        return checked_logo((logo_folder() / tenant.logo).read_bytes())
    except (FileNotFoundError, BrandingError):
        return None


def tenant_files(kind):
    """The folder of this tenant's files of one kind (e.g. "certificates"), made on first use;
    it goes when the tenant is deleted."""
    folder = files_of(current_tenant().slug) / kind
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def files_of(slug):
    return Path(current_app.instance_path) / FILES / slug


def publish_code(code):
    """Let /verify/<code> find the tenant in scope."""
    CertificateCode.create(digest=code_digest(code), tenant_slug=current_tenant().slug)


def withdraw_code(code):
    CertificateCode.delete().where(CertificateCode.digest == code_digest(code)).execute()


def verify_link(code):
    """The absolute address of a code's verify page (under BASE_URL, like every emailed link)."""
    return link("verify.certificate", typed=code)


def check_signing_settings(app):
    """At start: an organisation's own key and certificate must load, or the app does not start."""
    key, cert = app.config["CERT_SIGNING_KEY"], app.config["CERT_SIGNING_CERT"]
    if bool(key) != bool(cert):
        raise ConfigError("CERT_SIGNING_KEY and CERT_SIGNING_CERT go together: set both, or neither "
                          "(then a key is made in the instance folder)")
    if key:
        with app.app_context():
            try:
                signing_identity()
            except SigningError as error:
                raise ConfigError(str(error)) from None


# --- the public pages -----------------------------------------------------------------------

def lookup(code):
    """What the verify page shows of `code`'s certificate, or None when no tenant issued it."""
    found = CertificateCode.get_or_none(CertificateCode.digest == code_digest(code))
    if found is None:
        return None
    try:
        with tenant_scope(found.tenant_slug, include_suspended=True):
            return public_record(code)
    except TenantUnavailable:  # the tenant was deleted, and its certificates with it
        return None


def public_page(template, status=200, **context):
    body, status, headers = render(template, status=status, **context)
    # Names are on this page: keep it out of search engines and the code out of other sites' logs,
    # and let a revocation show at once.
    return body, status, {**headers, "X-Robots-Tag": "noindex", "Referrer-Policy": "no-referrer",
                          "Cache-Control": "no-cache"}


@bp.route("/verify")
def form():
    typed = request.args.get("code")
    if typed is None:
        return public_page("verify/form.html")
    code = read_code(typed)
    if code is None:
        return public_page("verify/form.html", typed=typed[:64], status=422,
                           problem="A code has 16 letters and digits, like K7QM-2XRD-9FHT-W4PZ. Check what you typed.")
    return redirect(url_for(".certificate", typed=code))


@bp.route("/verify/<path:typed>")
def certificate(typed):
    code = read_code(typed)
    record = code and lookup(code)
    if not record:
        return public_page("verify/form.html", unknown=True, status=404)
    if typed != code:
        return redirect(url_for(".certificate", typed=code), 301)
    return public_page("verify/certificate.html", record=record)
