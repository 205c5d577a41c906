"""Every address of the URL map, on both planes and as each kind of visitor, with its URL values,
query strings and form fields fuzzed (huge and unicode text, NUL, ids past 64 bits, digits of
other scripts): never a 5xx. Runs on SQLite and PostgreSQL like every app test."""
import io
import re
from html.parser import HTMLParser
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from werkzeug.exceptions import HTTPException
from werkzeug.routing.converters import AnyConverter, IntegerConverter

from saas.tenancy import SlugConverter, tenant_scope
from tenants.onboarding.steps import STEPS
from tests.factories import add_staff, declared_png, make_consultancy, make_tenant, password_hash, post_form, ready, sign_in
from tests.pair_space.conftest import make_pairing

# Left out: what ends the visit for every later request of the run (signing out, suspending or
# deleting the tenant), not what answers it.
ENDS_THE_VISIT = {"tenant_auth.logout", "console_auth.logout", "console.change_status", "console.delete_tenant",
                  "console.leave_tenant"}
# The names query strings are read under anywhere in the app.
QUERY_NAMES = ["page", "cohort", "swap", "department", "status", "role", "phase", "risk", "q", "sort", "next",
               "code", "edit", "session_id", "name", "slug", "edited", "tenant", "person", "action"]

OTHER_DIGITS = st.sampled_from(["²", "٣", "१२", "１２", "߃", "፲", "𝟗"])
PAST_64_BITS = st.integers(2**63 - 2, 2**80)
NASTY = st.sampled_from(["", " ", "\0", "a\0b", "x" * 20_000, "😀" * 500, "'; DROP TABLE users;--", "<script>",
                         "%", "../..", "\u202e", "9" * 40, "-1", "1e9", "NaN", "00:00", "25:99", "#ffffff",
                         "mentor", "mentee", "yes", "on"])
TEXT = st.one_of(NASTY, st.text(max_size=30), OTHER_DIGITS, st.integers(-2**70, 2**70).map(str),
                 PAST_64_BITS.map(str), st.integers(0, 9).map(str))
FILES = st.one_of(st.binary(max_size=200), st.just(declared_png(20000, 20000)), st.just(
    b'<svg xmlns="http://www.w3.org/2000/svg">' + b"<g>" * 5000 + b"</g>" * 5000 + b"</svg>"))
# Mostly addresses that exist, so that the fuzzed fields reach the code behind them.
IDS = st.one_of(st.integers(1, 4), st.integers(1, 4), st.integers(0, 9), PAST_64_BITS, OTHER_DIGITS)
SLUGS = st.one_of(st.just("acme"), st.just("acme"), st.just("acme"), TEXT)
WORDS = [step.name for step in STEPS]  # the one string in addresses: onboarding steps


@pytest.fixture
def visitors(app):
    """A test client per kind of visitor: anonymous, participant, programme manager, consultant.
    Tenant `acme` (its consultancy's) has a published pairing, so pair pages have something to show,
    and a draft proposal pairing two more, so the board shows every form it has."""
    with app.app_context():
        firm = make_consultancy("Acme Advisory", "owner@acme.example")
        add_staff(firm, "consultant@acme.example")
    make_tenant(app, "acme", [("hr@acme.example", "Hana HR", "admin"), ("maya@acme.example", "Maya Chen", "mentor"),
                              ("robert@acme.example", "Robert Okafor", "mentee")], consultancy=firm)
    from tenants.people.models import User
    with app.app_context(), tenant_scope("acme"):
        for email, name, role in [("ivy@acme.example", "Ivy Third", "mentor"), ("grace@acme.example", "Grace Lee", "mentee")]:
            User.create(email=email, name=name, role=role, password_hash=password_hash())
        ready("ivy@acme.example", 2, ["AI tools"], ["Strategic thinking"], "Digital")
        ready("grace@acme.example", 8, ["Strategic thinking"], ["AI tools"], "Board")
        ready("maya@acme.example", 2, ["AI tools"], ["Strategic thinking"], "Digital")
        ready("robert@acme.example", 8, ["Strategic thinking"], ["AI tools"], "Board")
        make_pairing("maya@acme.example", "robert@acme.example")
    signed_in = {"anonymous": app.test_client()}
    for kind, login, email in [("participant", "/t/acme/login", "maya@acme.example"),
                               ("manager", "/t/acme/login", "hr@acme.example"),
                               ("consultant", "/console/login", "consultant@acme.example")]:
        signed_in[kind] = app.test_client()
        assert sign_in(signed_in[kind], login, email).status_code == 302
    assert post_form(signed_in["manager"], "/t/acme/admin/pairing", {"mode": "best_total"},
                     "/t/acme/admin/pairing/proposals").status_code == 302
    return signed_in


class Field:
    """A form field as pages show it: is it a file, and the values the page offers or fills in."""

    def __init__(self):
        self.is_file, self.values = False, set()


class Forms(HTMLParser):
    """The fields of each form on a page, by where it posts (action or hx-post)."""

    def __init__(self):
        super().__init__()
        self.forms, self.current, self.select = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.current = (attrs.get("hx-post") or attrs.get("action") or "", {})
            self.forms.append(self.current)
        elif tag in ("input", "select", "textarea", "button") and self.current and attrs.get("name"):
            field = self.current[1].setdefault(attrs["name"], Field())
            field.is_file |= attrs.get("type") == "file"
            if attrs.get("value"):
                field.values.add(attrs["value"])
            self.select = field if tag == "select" else None
        elif tag == "option" and self.select and attrs.get("value"):
            self.select.values.add(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None


def path_of(rule, values):
    """The rule's address with `values` put in, quoted as a browser would (NUL included)."""
    return re.sub(r"<(?:[^:<>]+:)?(\w+)>", lambda m: quote(str(values[m.group(1)]), safe=""), rule.rule)


def plain_addresses(rule):
    """Addresses of `rule` that exist (or may): one for each word an address may hold."""
    words = WORDS if any(not isinstance(c, (SlugConverter, AnyConverter, IntegerConverter))
                         for c in rule._converters.values()) else WORDS[:1]
    for word in words:
        values = {}
        for name, converter in rule._converters.items():
            if isinstance(converter, SlugConverter):
                values[name] = "acme"
            elif isinstance(converter, AnyConverter):
                values[name] = sorted(converter.items)[0]
            else:
                values[name] = 1 if isinstance(converter, IntegerConverter) else word
        yield path_of(rule, values)


def forms_by_endpoint(app, visitors):
    """The fields each POST endpoint is sent (name: Field), and which visitors see its
    form, read off every page each visitor is shown."""
    adapter = app.url_map.bind("localhost")
    fields, seen_by = {}, {}
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in ("static", "outbox.message"):
            continue
        for address in plain_addresses(rule):
            for kind, client in visitors.items():
                page = client.get(address)
                if not page.content_type.startswith("text/html"):
                    continue
                parser = Forms()
                parser.feed(page.get_data(as_text=True))
                for action, names in parser.forms:
                    try:
                        endpoint, _ = adapter.match(action.split("?")[0] or address, "POST")
                    except HTTPException:
                        continue
                    for name, field in names.items():
                        known = fields.setdefault(endpoint, {}).setdefault(name, Field())
                        known.is_file |= field.is_file
                        known.values |= field.values
                    seen_by.setdefault(endpoint, set()).add(kind)
    return fields, seen_by


def fuzzed_values(data, rule):
    values = {}
    for name, converter in rule._converters.items():
        if isinstance(converter, SlugConverter):
            values[name] = data.draw(SLUGS)
        elif isinstance(converter, AnyConverter):
            values[name] = data.draw(st.sampled_from(sorted(converter.items)))
        elif isinstance(converter, IntegerConverter):
            values[name] = data.draw(IDS)
        else:
            values[name] = data.draw(st.one_of(st.sampled_from(WORDS), TEXT).filter(lambda text: text not in ("", ".", "..")))
    return values


def test_no_address_answers_a_fuzzed_request_with_a_5xx(app, visitors):
    import collections, sys, time
    t0 = time.time()
    fields, seen_by = forms_by_endpoint(app, visitors)
    print("harvest", time.time() - t0, file=sys.stderr)
    STATS = collections.Counter()
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint not in ENDS_THE_VISIT | {"static"}]
    tokens = {kind: csrf(client) for kind, client in visitors.items()}

    # No shrinking: the app keeps what earlier requests changed, so a replay would not be the same run.
    @settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), database=None,
              phases=[Phase.generate], report_multiple_bugs=False)
    @given(st.data())
    def every_address(data):
        for rule in rules:
            kind = data.draw(st.one_of(st.sampled_from(sorted(seen_by.get(rule.endpoint, visitors))),
                                       st.sampled_from(sorted(visitors))))
            path = path_of(rule, fuzzed_values(data, rule))
            query = urlencode({name: data.draw(TEXT) for name in data.draw(st.sets(st.sampled_from(QUERY_NAMES),
                                                                                   max_size=3))})
            for method in sorted(rule.methods & {"GET", "POST"}):
                form = {name: tokens[kind] for name in fields.get(rule.endpoint, {}) if name.endswith("csrf_token")}
                form.setdefault("csrf_token", tokens[kind])
                for name, field in fields.get(rule.endpoint, {}).items():
                    if name.endswith("csrf_token"):  # a prefixed form's is "offer-csrf_token"
                        continue
                    offered = st.sampled_from(sorted(field.values)) if field.values else TEXT
                    form[name] = ((io.BytesIO(data.draw(FILES)), "upload.png") if field.is_file
                                  else data.draw(st.one_of(offered, TEXT)))
                response = (visitors[kind].get(f"{path}?{query}") if method == "GET"
                            else visitors[kind].post(f"{path}?{query}", data=form))
                STATS[(rule.endpoint, method, kind, response.status_code)] += 1
                assert response.status_code < 500, f"{method} {path[:200]}?{query[:200]} as {kind} with {repr(form)[:500]}"

    t0 = time.time()
    try:
        every_address()
    finally:
        print("examples", time.time() - t0, file=sys.stderr)
        for k, v in sorted(STATS.items()): print(k, v, file=sys.stderr)


def csrf(client):
    """The visitor's CSRF token (one a session), so that forms get past it to their fields."""
    for page in ("/t/acme/login", "/t/acme/", "/console/login", "/console/"):
        found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get(page).get_data(as_text=True))
        if found:
            return found.group(1)
    raise AssertionError("no CSRF token on any page")
