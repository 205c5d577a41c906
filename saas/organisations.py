"""Finding a client organisation from what its people know: its exact name, its web address,
or the domain of their work email. Never a list: at most one organisation, and only on an
exact match, so that nobody can browse who the clients are.
"""
import re
import unicodedata

import peewee

from saas.control import Tenant, TenantDomain
from saas.tenancy import SLUG_PATTERN

# Domains anyone can have an address at: they never point to one organisation.
PUBLIC_MAIL_DOMAINS = {
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com", "yahoo.com",
    "ymail.com", "icloud.com", "me.com", "mac.com", "aol.com", "proton.me", "protonmail.com", "gmx.com",
    "gmx.de", "gmx.net", "web.de", "mail.com", "yandex.com", "yandex.ru", "zoho.com", "fastmail.com",
    "tutanota.com", "qq.com", "163.com", "hey.com", "orange.fr", "free.fr", "t-online.de", "btinternet.com",
}
SLUG = re.compile(SLUG_PATTERN + "$")
DOMAIN = re.compile(r"^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def slug_from_name(name):
    """The web address a name reads as: "Zürich Ré AG" -> "zurich-re-ag" (may be empty)."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:36].strip("-")


def domain_of(text):
    """The email domain in `text` ("maya@acme.example" or "acme.example"), or None."""
    domain = text.strip().lower().rsplit("@", 1)[-1].strip(".")
    return domain if DOMAIN.match(domain) else None


def remember_domain(tenant, email):
    """Let the people of `tenant` find it by the domain of `email` (a work address, not a
    public mail service), unless another organisation has that domain already."""
    domain = domain_of(email)
    if domain is None or domain in PUBLIC_MAIL_DOMAINS:
        return None
    gone = Tenant.select(Tenant.id).where(Tenant.status == "deleted")
    TenantDomain.delete().where(TenantDomain.domain == domain, TenantDomain.tenant.in_(gone)).execute()
    return TenantDomain.insert(tenant=tenant, domain=domain).on_conflict_ignore().execute()


def find_organisation(text):
    """The one active organisation that `text` names exactly, or None.

    `text` may be the organisation's name (in any case and spacing), its web address
    (the slug), a work email or its domain.
    """
    text = " ".join((text or "").split())[:254]
    if not text:
        return None
    active = Tenant.select().where(Tenant.status == "active")
    domain = domain_of(text) if "@" in text or " " not in text else None
    if domain:
        found = active.join(TenantDomain).where(TenantDomain.domain == domain).first()
        if found or "@" in text:
            return found
    same_name = peewee.fn.LOWER(Tenant.name) == text.lower()
    if SLUG.match(text.lower()):
        same_name |= Tenant.slug == text.lower()
    matches = list(active.where(same_name).limit(2))
    return matches[0] if len(matches) == 1 else None
