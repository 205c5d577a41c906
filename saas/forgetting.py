"""The platform's part of erasing a tenant's person: the control database forgets its copies of
them — mail to them (and this tenant's mail naming them), their failed and known sign-ins, and
the tenant's lines of the platform audit log that spell them."""
import re

from peewee import fn

from saas.control import AuditEntry, KnownAddress, LoginFailure, OutboxMessage, OutgoingMail, control_db
from tenants.privacy.erasure import ERASED_NAME


def forget(slug, email, name):
    account = f"tenant:{slug}:{email}"  # as saas.auth.lockout_key spells a tenant account
    spelled = re.compile("|".join(rf"(?<!\w){re.escape(text)}(?!\w)" for text in (email, name)), re.IGNORECASE)
    with control_db.atomic():
        for mail in (OutgoingMail, OutboxMessage):
            mail.delete().where(fn.LOWER(mail.to) == email.lower()).execute()
            # the tenant's mail to others that names them (an introduction, say) carries the tenant's links
            naming = mail.select().where(mail.body.contains(f"/t/{slug}/"),
                                         mail.body.contains(name) | mail.subject.contains(name))
            for message in naming:
                mail.update(subject=spelled.sub(ERASED_NAME, message.subject),
                            body=spelled.sub(ERASED_NAME, message.body)).where(mail.id == message.id).execute()
        LoginFailure.delete().where((LoginFailure.key == f"account:{account}") |
                                    LoginFailure.key.startswith(f"place:{account}|")).execute()
        KnownAddress.delete().where(KnownAddress.account == account).execute()
        for entry in AuditEntry.select().where(AuditEntry.tenant_slug == slug, AuditEntry.detail.contains(email) |
                                               AuditEntry.detail.contains(name) | AuditEntry.actor.contains(email)):
            AuditEntry.update(actor=spelled.sub(ERASED_NAME, entry.actor),
                              detail=spelled.sub(ERASED_NAME, entry.detail)).where(AuditEntry.id == entry.id).execute()
