"""Slowing password guessers down without letting a stranger lock the owner out.

Failed sign-ins are counted three ways (rows of LoginFailure, keyed by the account's realm
and email, so unknown accounts count exactly like real ones and the answer reveals nothing):

- per account and *place*: the place is the device when it carries our device cookie for
  this account, otherwise the client address. Five failures are free; then that place waits
  1 minute before its next try, and each further failure doubles the wait, up to an hour. A
  guesser gets about 30 tries a day per address; the owner's own typos cost them a minute.
- per address, over all accounts: 20 failures in 15 minutes (someone trying many accounts)
  and that address waits until the oldest of them is 15 minutes old;
- per account, from everywhere: 50 failures in 15 minutes (many addresses at once) and the
  account only takes tries from places it knows.

A place the account knows — a device that signed in to it before (a signed cookie that
names the account) or an address it signed in from within 90 days — is exempt from the
address and account limits. So a stranger's failures never hold back the owner at their
usual device or address; only failures from the owner's own place count against it.
A password reset works throughout, and its link signs the person in.
"""
import datetime
import secrets
from typing import NamedTuple

from flask import after_this_request, current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from saas.control import KnownAddress, LoginFailure, now
from tenants.audit import client_address
from tenants.signed_links import fingerprint

FREE_TRIES = 5
FIRST_WAIT = datetime.timedelta(minutes=1)
LONGEST_WAIT = datetime.timedelta(hours=1)
PLACE_MEMORY = datetime.timedelta(days=1)  # failures from one place are forgotten after this
WIDE_WINDOW = datetime.timedelta(minutes=15)
ADDRESS_LIMIT = 20
ACCOUNT_LIMIT = 50
KNOWN_ADDRESS_DAYS = 90
DEVICE_COOKIE = "mentorup_device"
DEVICE_DAYS = 180
DEVICE_ACCOUNTS = 10  # a shared computer remembers the last ten accounts signed in on it


class Refusal(NamedTuple):
    """Why a sign-in must wait, in words for the person, and for how many seconds."""
    message: str
    seconds: int


# --- the device cookie ---------------------------------------------------------------------

def _serializer():
    return URLSafeTimedSerializer(current_app.secret_key, salt="device")


def _device():
    """(device id, [account fingerprints]) from this browser's device cookie, or (None, [])."""
    cookie = request.cookies.get(DEVICE_COOKIE)
    if not cookie:
        return None, []
    try:
        data = _serializer().loads(cookie, max_age=DEVICE_DAYS * 86400)
        return str(data["id"]), list(data["accounts"])
    except (BadSignature, KeyError, TypeError):
        return None, []


def _remember_device(account):
    device, accounts = _device()
    device = device or secrets.token_hex(16)
    mine = fingerprint(account)
    accounts = ([known for known in accounts if known != mine] + [mine])[-DEVICE_ACCOUNTS:]
    value = _serializer().dumps({"id": device, "accounts": accounts})

    @after_this_request
    def set_cookie(response):
        response.set_cookie(DEVICE_COOKIE, value, max_age=DEVICE_DAYS * 86400, httponly=True, samesite="Lax",
                            secure=current_app.config["SESSION_COOKIE_SECURE"])
        return response


def known_device(account):
    """This browser's device id, if it signed in to `account` before."""
    device, accounts = _device()
    return device if device and fingerprint(account) in accounts else None


def known_address(account):
    since = now() - datetime.timedelta(days=KNOWN_ADDRESS_DAYS)
    return KnownAddress.select().where(KnownAddress.account == account, KnownAddress.address == client_address(),
                                       KnownAddress.last_sign_in > since).exists()


# --- counting ------------------------------------------------------------------------------

def _keys(account):
    device = known_device(account)
    place = f"device:{device}" if device else f"address:{client_address()}"
    return {"place": f"place:{account}|{place}", "address": f"address:{client_address()}",
            "account": f"account:{account}"}, bool(device)


def _failures(key, since):
    return [row.at for row in LoginFailure.select(LoginFailure.at)
            .where(LoginFailure.key == key, LoginFailure.at > since).order_by(LoginFailure.at)]


def _wait_words(seconds):
    minutes = max(1, -(-seconds // 60))
    return "a minute" if minutes == 1 else f"{minutes} minutes"


def _refusal(seconds, message):
    return Refusal(message.format(wait=_wait_words(seconds)), seconds)


def refusal(account):
    """A Refusal if a sign-in to `account` (realm key and email) must wait now, else None.
    Asked before the password is checked, so a guesser learns nothing while waiting."""
    keys, on_known_device = _keys(account)
    at = now()
    tries = _failures(keys["place"], at - PLACE_MEMORY)
    if len(tries) >= FREE_TRIES:
        wait = min(LONGEST_WAIT, FIRST_WAIT * 2 ** (len(tries) - FREE_TRIES))
        left = (tries[-1] + wait - at).total_seconds()
        if left > 0:
            return _refusal(int(left), "Too many failed sign-ins for this account from here. "
                                       "Wait {wait} and try again, or reset your password.")
    if on_known_device or known_address(account):
        return None
    for kind, limit, message in (
            ("address", ADDRESS_LIMIT, "Too many failed sign-ins from your address. Wait {wait} and try again."),
            ("account", ACCOUNT_LIMIT, "Too many failed sign-ins for this account from elsewhere: for now it "
                                       "only takes sign-ins from a device or address it used before. Wait {wait}, "
                                       "or reset your password (the emailed link signs you in).")):
        recent = _failures(keys[kind], at - WIDE_WINDOW)
        if len(recent) >= limit:
            return _refusal(int((recent[-limit] + WIDE_WINDOW - at).total_seconds()), message)
    return None


def failed(account):
    """Count a wrong password (or an unknown account) for `account` from here."""
    keys, _ = _keys(account)
    LoginFailure.delete().where(LoginFailure.at < now() - PLACE_MEMORY).execute()
    LoginFailure.insert_many([{"key": key, "at": now()} for key in keys.values()]).execute()


def signed_in(account):
    """The owner got in from here: forget this place's failures, and know the place from now on."""
    keys, _ = _keys(account)
    LoginFailure.delete().where(LoginFailure.key == keys["place"]).execute()
    forgotten = now() - datetime.timedelta(days=KNOWN_ADDRESS_DAYS)
    KnownAddress.delete().where(KnownAddress.account == account, KnownAddress.last_sign_in < forgotten).execute()
    if client_address():
        (KnownAddress.insert(account=account, address=client_address(), last_sign_in=now())
         .on_conflict(conflict_target=[KnownAddress.account, KnownAddress.address],
                      update={KnownAddress.last_sign_in: now()}).execute())
    _remember_device(account)
