"""Who is really asking: the client's address behind the proxies we trust (TRUSTED_PROXIES).

Anyone can send an X-Forwarded-For header, so it is read only when the settings say which
proxies stand in front of the app. Audit logs, rate limits and the sign-in lockout all read
the address that results (`tenants.audit.client_address()`).
"""
import ipaddress

from werkzeug.middleware.proxy_fix import ProxyFix

MAX_PROXIES = 10


class ProxySettingError(ValueError):
    """TRUSTED_PROXIES cannot be read; the message says how to write it."""


def trusted_proxies(setting):
    """TRUSTED_PROXIES as 0 (trust no header), a count of proxies, or a list of networks.

    "" -> 0; "2" -> 2 (two proxies each append to X-Forwarded-For);
    "10.0.0.0/8, 192.168.1.5" -> [IPv4Network('10.0.0.0/8'), IPv4Network('192.168.1.5/32')].
    """
    setting = (setting or "").strip()
    if not setting:
        return 0
    if setting.isascii() and setting.isdigit():
        count = int(setting)
        if not 0 <= count <= MAX_PROXIES:
            raise ProxySettingError(f"TRUSTED_PROXIES is a count of proxies from 0 to {MAX_PROXIES}, not {setting}")
        return count
    try:
        return [ipaddress.ip_network(part.strip(), strict=False) for part in setting.split(",") if part.strip()]
    except ValueError:
        raise ProxySettingError("TRUSTED_PROXIES is a count of proxies (e.g. 1) or a comma-separated list "
                                f"of networks (e.g. 10.0.0.0/8, 192.168.1.5), not {setting!r}")


class TrustedNetworks:
    """WSGI middleware: when the request comes from a trusted network, the client is the
    right-most X-Forwarded-For entry that is not itself in a trusted network."""

    def __init__(self, wsgi_app, networks):
        self.wsgi_app, self.networks = wsgi_app, networks

    def trusted(self, address):
        try:
            ip = ipaddress.ip_address(address.strip())
        except ValueError:
            return False
        return any(ip in network for network in self.networks)

    def __call__(self, environ, start_response):
        peer = environ.get("REMOTE_ADDR", "")
        if self.trusted(peer):
            hops = [hop.strip() for hop in environ.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
            client = peer
            for hop in reversed(hops):
                client = hop
                if not self.trusted(hop):
                    break
            if client != peer and valid_address(client):
                environ["mentorup.proxy_peer"] = peer
                environ["REMOTE_ADDR"] = client
        return self.wsgi_app(environ, start_response)


def valid_address(text):
    try:
        ipaddress.ip_address(text)
        return True
    except ValueError:
        return False


def init_app(app):
    trusted = trusted_proxies(app.config.get("TRUSTED_PROXIES", ""))
    if isinstance(trusted, list):
        app.wsgi_app = TrustedNetworks(app.wsgi_app, trusted)
    elif trusted:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=trusted, x_proto=trusted)
