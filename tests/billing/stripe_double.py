"""A Stripe double for the billing tests: an HTTP server on loopback that the real `stripe`
client talks to, keeping Stripe's state in memory and answering with Stripe's own shapes.

Stripe cannot be reached from the test machines, so the product's billing code is pointed at
this server instead. Every response is built from Stripe's published fixture objects
(stripe_fixtures.json, MIT), speaks the API version of the installed client
(`stripe.api_version`), and refuses what Stripe refuses, with Stripe's error JSON.

Usage::

    with StripeDouble() as stripe_double:      # or the `stripe_double` fixture (conftest.py)
        client = stripe_double.client()         # a stripe.StripeClient aimed at the double
        session = client.v1.checkout.sessions.create({...})
        events = stripe_double.complete_checkout(session.id)
        payload, headers = stripe_double.webhook(events[0])
        app_client.post("/billing/webhook", data=payload, headers=headers)

Pointing code at it
    .url              "http://127.0.0.1:<port>", the API base
    .base_addresses   {"api": url, "files": url, "connect": url, "meter_events": url}, for
                      stripe.StripeClient(base_addresses=...): every Stripe host goes to the
                      double, so nothing can reach the real Stripe
    .secret_key       "sk_test_…": a request without `Authorization: Bearer <it>` gets 401
    .webhook_secret   "whsec_…": the signing secret .webhook() signs with
    .client(max_network_retries=0, timeout=5.0) -> stripe.StripeClient

Endpoints (Stripe's form encoding, `expand[]`, lists newest first with limit / starting_after /
ending_before; a parameter the double does not implement is refused the way Stripe refuses an
unknown one, and the message lists what the double implements):
    POST   /v1/products                  id, name, active, description, metadata
    GET    /v1/products                  active, ids
    GET    /v1/products/search           query: AND of name / description / active /
                                         metadata['key'] with : (equals) or ~ (contains)
    GET    /v1/products/{id}
    POST   /v1/prices                    currency, unit_amount, product, recurring[interval],
                                         recurring[interval_count], lookup_key,
                                         transfer_lookup_key, nickname, active, metadata
    GET    /v1/prices                    active, currency, lookup_keys, product, type
    GET    /v1/prices/{id}
    POST   /v1/prices/{id}               active, lookup_key, transfer_lookup_key, nickname, metadata
    POST   /v1/customers                 email, name, description, metadata
    GET    /v1/customers/{id}
    POST   /v1/customers/{id}            email, name, description, metadata
    POST   /v1/checkout/sessions         mode, line_items[i][price|quantity], customer,
                                         customer_email, client_reference_id, metadata,
                                         subscription_data[metadata|trial_period_days],
                                         success_url, cancel_url
    GET    /v1/checkout/sessions/{id}
    POST   /v1/billing_portal/sessions   customer, return_url
    GET    /v1/subscriptions             customer, price, status (default: all but canceled)
    GET    /v1/subscriptions/{id}
    POST   /v1/subscriptions/{id}        items[i][id|quantity], proration_behavior,
                                         cancel_at_period_end, metadata, cancellation_details
    DELETE /v1/subscriptions/{id}        cancellation_details (cancels at once)
    POST   /v1/subscription_items/{id}   quantity, proration_behavior, metadata
    GET    /v1/invoices                  customer, subscription, status
    GET    /v1/invoices/{id}
    POST   /v1/invoices/create_preview   subscription, customer (the upcoming invoice)
    GET    /v1/events/{id}
Every POST honours `Idempotency-Key`: the same key and request replay the first answer
(`Idempotent-Replayed: true`) and change nothing; the same key with other parameters is an
`idempotency_error`. Quantity changes follow Stripe's proration: `create_prorations` (the
default) leaves pending invoice items for the next invoice, `always_invoice` bills them at
once, `none` does neither; a trialing subscription is never prorated. Shapes of the current
API worth knowing: an invoice names its subscription under
`parent.subscription_details.subscription` (no top-level `subscription`), the billing period
lives on each item (`items.data[0].current_period_end`), and a subscription item may have
quantity 0 as on Stripe (Checkout line items need at least 1).

State drivers: each changes the state as Stripe would and returns the events Stripe sends, in
the order Stripe creates them (Stripe does not promise to deliver them in that order). Events
are dicts shaped as Stripe posts them; an update carries `data.previous_attributes`. A driver
asked for what Stripe could not do (renew a canceled subscription, pay without an open
invoice) raises ValueError.
    complete_checkout(session_id) -> [events]             (an open subscription-mode session)
        the customer pays on the Checkout page: [customer.created when the session had no
        customer], customer.subscription.created (active, or trialing when
        subscription_data[trial_period_days] was given), invoice.created, invoice.finalized,
        invoice.paid, invoice.payment_succeeded, checkout.session.completed
    advance_period(sub_id) -> [events]                    (active or trialing)
        the period ends and the clock moves to its end. With cancel_at_period_end:
        customer.subscription.deleted. Otherwise the subscription renews (a trial becomes
        active) and the renewal is paid:
        customer.subscription.updated, invoice.created, invoice.finalized, invoice.paid,
        invoice.payment_succeeded
    fail_payment(sub_id) -> [events]                      (active, trialing or past_due)
        the next payment attempt fails. Without an open invoice the subscription first renews
        as above (customer.subscription.updated, invoice.created, invoice.finalized); then
        invoice.payment_failed and, when it was not yet past_due,
        customer.subscription.updated to past_due
    pay(sub_id) -> [events]                               (with an open invoice)
        the open invoice is paid (a retry succeeds, or the customer fixed their card):
        invoice.paid, invoice.payment_succeeded, customer.subscription.updated back to active
        when it was past_due or unpaid
    mark_unpaid(sub_id) -> [events]                       (past_due)
        Stripe gave up retrying a past_due subscription: customer.subscription.updated to unpaid
    cancel(sub_id, reason="cancellation_requested") -> [events]      (not yet canceled)
        the subscription ends now (portal, dashboard or dunning): customer.subscription.deleted;
        `reason` is Stripe's cancellation_details.reason
API calls that change something also record the event Stripe would send (product.created,
price.created|updated, customer.created|updated, customer.subscription.updated|deleted,
invoiceitem.created, invoice.*), with the request's id and idempotency key.

Inspecting and breaking it
    .requests        every request received, oldest first: ApiRequest(method, path, params,
                     idempotency_key, status, response), params parsed into dicts and lists
    .events          every event so far, oldest first
    .get(object_id) -> dict          the object as Stripe holds it now (unexpanded)
    .stored(object_name) -> [dict]   every object of a type ("subscription", "invoice", ...)
    .now             the double's clock in Unix seconds: objects and events are stamped
                     with it, advance_period moves it; set it freely
    .down = True     every request answers 500 `api_error`, so the client retries and then
                     raises stripe.APIError; nothing is carried out
    .latency = s     every answer leaves s seconds after the request was carried out, so a
                     client with a shorter timeout raises stripe.APIConnectionError after its
                     retries, while its idempotency key made the work happen once
    .stop()          closes the port: connections are refused (stripe.APIConnectionError)
stripe-python sleeps at least half a second before each retry: give test clients one retry.

Webhooks
    sign(payload, secret, timestamp=None) -> the Stripe-Signature header, by the stripe
        library's own WebhookSignature
    event_payload(event) -> bytes, the body Stripe posts
    stripe_double.webhook(event, timestamp=None) -> (payload, headers) signed with
        .webhook_secret, ready to post
"""

from __future__ import annotations

import calendar
import copy
import datetime as dt
import json
import re
import secrets
import string
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import stripe
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule
from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

FIXTURES = json.loads(Path(__file__).with_name("stripe_fixtures.json").read_text())["resources"]
API_VERSION = stripe.api_version
EXPANDABLE = {"customer", "default_price", "invoice", "latest_invoice", "product", "subscription"}
INTERVALS = ("day", "month", "week", "year")
PRORATION_BEHAVIORS = ("always_invoice", "create_prorations", "none")
SUBSCRIPTION_STATUSES = ("active", "all", "canceled", "ended", "incomplete", "incomplete_expired",
                         "past_due", "paused", "trialing", "unpaid")
INVOICE_STATUSES = ("draft", "open", "paid", "uncollectible", "void")
# Stripe retries a failed renewal on its own schedule; three days is its first Smart Retry.
RETRY_AFTER = 3 * 86400


# --- Webhooks -----------------------------------------------------------------------------

def event_payload(event: dict) -> bytes:
    """The body Stripe posts for `event`."""
    return json.dumps(event, indent=2).encode("utf-8")


def sign(payload: bytes, secret: str, timestamp: int | None = None) -> str:
    """The Stripe-Signature header for `payload`, computed by the stripe library's own scheme."""
    return stripe.WebhookSignature.generate_signature_header(payload.decode("utf-8"), secret, timestamp)


# --- Stripe's shapes, ids and refusals ----------------------------------------------------

def fixture(resource: str, /, **fields) -> dict:
    """A fresh copy of Stripe's example `resource` object with `fields` replaced."""
    shape = copy.deepcopy(FIXTURES[resource])
    unknown = set(fields) - set(shape)
    if unknown:
        raise KeyError(f"Stripe's {resource} has no field {sorted(unknown)}")
    shape.update(fields)
    return shape


def random_text(length: int) -> str:
    return "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(length))


def new_id(prefix: str, length: int = 24) -> str:
    return f"{prefix}_{random_text(length)}"


class StripeError(Exception):
    """A refusal, answered with Stripe's error JSON."""

    def __init__(self, message, param=None, *, status=400, type="invalid_request_error", code=None):
        super().__init__(message)
        error = {"type": type, "message": message, "param": param, "code": code}
        self.status = status
        self.body = {"error": {key: value for key, value in error.items() if value is not None}}


def missing(param):
    return StripeError(f"Missing required param: {param}.", param, code="parameter_missing")


def no_such(kind, object_id, param):
    """Stripe answers 404 for the object named in the URL, 400 for one named in a parameter."""
    return StripeError(f"No such {kind}: '{object_id}'", param, status=404 if param == "id" else 400,
                       code="resource_missing")


# --- Parameters ---------------------------------------------------------------------------

def parse_form(pairs) -> dict:
    """Stripe's form encoding (`a[b][0][c]=v`, `expand[]=v`) as nested dicts and lists."""
    root: dict = {}
    for key, value in pairs:
        name, _, rest = key.partition("[")
        path = [name] + (rest.rstrip("]").split("][") if rest else [])
        node = root
        for part in path[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise StripeError(f"Invalid hash: {key} mixes a value and a hash", name)
        node[path[-1] or str(len(node))] = value
    return _with_lists(root)


def _with_lists(node):
    if not isinstance(node, dict):
        return node
    node = {key: _with_lists(value) for key, value in node.items()}
    if node and all(key.isdigit() for key in node):
        return [node[key] for key in sorted(node, key=int)]
    return node


def accept(params: dict, *names: str, prefix: str = "") -> None:
    """Refuse every parameter but `names` (and `expand` at the top), as Stripe refuses unknown ones."""
    allowed = set(names) | ({"expand"} if not prefix else set())
    for name in params:
        if name not in allowed:
            label = f"{prefix}[{name}]" if prefix else name
            raise StripeError(f"Received unknown parameter: {label} (the Stripe double implements: "
                              f"{', '.join(sorted(allowed))})", label, code="parameter_unknown")


def integer(value, param, *, minimum=None, maximum=None) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise StripeError(f"Invalid integer: {value}", param, code="parameter_invalid_integer") from None
    if minimum is not None and number < minimum:
        raise StripeError(f"This value must be greater than or equal to {minimum}.", param)
    if maximum is not None and number > maximum:
        raise StripeError(f"This value must be less than or equal to {maximum}.", param)
    return number


def boolean(value, param) -> bool:
    if value not in ("true", "false"):
        raise StripeError(f"Invalid boolean: {value}", param)
    return value == "true"


def choice(value, options, param) -> str:
    if value not in options:
        raise StripeError(f"Invalid {param}: must be one of {', '.join(options[:-1])}, or {options[-1]}", param)
    return value


def hash_of(value, param) -> dict:
    if not isinstance(value, dict):
        raise StripeError(f"Invalid object: {param} must be a hash", param)
    return value


def array_of(value, param) -> list:
    if not isinstance(value, list):
        raise StripeError(f"Invalid array: {param} must be an array", param)
    return value


def url(value, param) -> str:
    if not re.match(r"https?://[^\s/]+", value or ""):
        raise StripeError("Not a valid URL", param, code="url_invalid")
    return value


def email(value, param="email"):
    if value is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise StripeError(f"Invalid email address: {value}", param, code="email_invalid")
    return value


def merged_metadata(current: dict, value, param="metadata") -> dict:
    """Stripe merges metadata keys; an empty value unsets a key, an empty string clears all."""
    if value == "":
        return {}
    return {key: text for key, text in {**current, **hash_of(value, param)}.items() if text != ""}


# --- Periods, plans, searches: pieces of Stripe's rules --------------------------------

def add_interval(timestamp: int, interval: str, count: int) -> int:
    moment = dt.datetime.fromtimestamp(timestamp, dt.UTC)
    if interval in ("day", "week"):
        return int((moment + dt.timedelta(days=count * (7 if interval == "week" else 1))).timestamp())
    months = moment.month - 1 + count * (12 if interval == "year" else 1)
    year, month = moment.year + months // 12, months % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return int(moment.replace(year=year, month=month, day=day).timestamp())


def period_end_after(anchor: int, start: int, recurring: dict) -> int:
    """The first period boundary after `start`, counted from the billing anchor so that a
    subscription started on the 31st renews on the last day of short months and the 31st again."""
    periods = 1
    while (end := add_interval(anchor, recurring["interval"], recurring["interval_count"] * periods)) <= start:
        periods += 1
    return end


def search_clause(text: str):
    """One clause of Stripe's search query language, as a test on a product."""
    match = re.fullmatch(r"(-?)(name|description|active|metadata\['([^']+)'\])([:~])(?:'([^']*)'|\"([^\"]*)\")",
                         text.strip())
    if not match:
        raise StripeError(f"The Stripe double cannot search for {text!r}: it implements AND of "
                          "name, description, active and metadata['key'] with : or ~.", "query")
    negate, field, metadata_key, operator, single, double = match.groups()
    wanted = (single if single is not None else double).lower()

    def test(product):
        value = product["metadata"].get(metadata_key) if metadata_key else product[field]
        value = "" if value is None else str(value).lower()
        found = wanted in value if operator == "~" else value == wanted
        return found != bool(negate)
    return test


def refuse_changes_if_canceled(subscription: dict, params: dict) -> None:
    if subscription["status"] == "canceled" and set(params) - {"metadata", "cancellation_details", "expand"}:
        raise StripeError("A canceled subscription can only update its cancellation_details and metadata.")


def plan_of(price: dict) -> dict:
    """The legacy plan Stripe still shows beside each subscription item's price."""
    return fixture(
        "plan", id=price["id"], active=price["active"], amount=price["unit_amount"],
        amount_decimal=price["unit_amount_decimal"], created=price["created"], currency=price["currency"],
        interval=price["recurring"]["interval"], interval_count=price["recurring"]["interval_count"],
        metadata=price["metadata"], nickname=price["nickname"], product=price["product"], transform_usage=None)


def items_of(subscription: dict) -> list[dict]:
    """The subscription's items: the stored ones, which its `items` list holds by reference."""
    return subscription["items"]["data"]


def period_of(subscription: dict) -> tuple[int, int]:
    item = items_of(subscription)[0]
    return item["current_period_start"], item["current_period_end"]


@dataclass(frozen=True)
class ApiRequest:
    """One request the double received, and what it answered."""

    method: str
    path: str
    params: dict
    idempotency_key: str | None
    status: int
    response: dict


class _QuietHandler(WSGIRequestHandler):
    def log(self, type, message, *args):
        """The request log is `StripeDouble.requests`; stderr stays clean."""


class StripeDouble:
    """Stripe's API on loopback, with drivers for what happens on Stripe's side."""

    def __init__(self):
        self.secret_key = new_id("sk_test")
        self.webhook_secret = new_id("whsec", 32)
        self.now = int(time.time())
        self.down = False
        self.latency = 0.0
        self.requests: list[ApiRequest] = []
        self._objects: dict[str, dict] = {}
        self._events: list[dict] = []
        self._checkout_orders: dict[str, dict] = {}
        self._idempotent: dict[str, tuple] = {}
        self._request_context = {"id": None, "idempotency_key": None}
        self._portal_configuration = new_id("bpc")
        self._lock = threading.RLock()
        self._server = None
        self._routes = Map([
            Rule("/v1/products", methods=["POST"], endpoint=self._create_product),
            Rule("/v1/products", methods=["GET"], endpoint=self._list_products),
            Rule("/v1/products/search", methods=["GET"], endpoint=self._search_products),
            Rule("/v1/products/<id>", methods=["GET"], endpoint=self._retrieve("product")),
            Rule("/v1/prices", methods=["POST"], endpoint=self._create_price),
            Rule("/v1/prices", methods=["GET"], endpoint=self._list_prices),
            Rule("/v1/prices/<id>", methods=["GET"], endpoint=self._retrieve("price")),
            Rule("/v1/prices/<id>", methods=["POST"], endpoint=self._update_price),
            Rule("/v1/customers", methods=["POST"], endpoint=self._create_customer),
            Rule("/v1/customers/<id>", methods=["GET"], endpoint=self._retrieve("customer")),
            Rule("/v1/customers/<id>", methods=["POST"], endpoint=self._update_customer),
            Rule("/v1/checkout/sessions", methods=["POST"], endpoint=self._create_checkout_session),
            Rule("/v1/checkout/sessions/<id>", methods=["GET"], endpoint=self._retrieve("checkout.session")),
            Rule("/v1/billing_portal/sessions", methods=["POST"], endpoint=self._create_portal_session),
            Rule("/v1/subscriptions", methods=["GET"], endpoint=self._list_subscriptions),
            Rule("/v1/subscriptions/<id>", methods=["GET"], endpoint=self._retrieve("subscription")),
            Rule("/v1/subscriptions/<id>", methods=["POST"], endpoint=self._update_subscription),
            Rule("/v1/subscriptions/<id>", methods=["DELETE"], endpoint=self._cancel_subscription),
            Rule("/v1/subscription_items/<id>", methods=["POST"], endpoint=self._update_subscription_item),
            Rule("/v1/invoices", methods=["GET"], endpoint=self._list_invoices),
            Rule("/v1/invoices/create_preview", methods=["POST"], endpoint=self._preview_invoice),
            Rule("/v1/invoices/<id>", methods=["GET"], endpoint=self._retrieve("invoice")),
            Rule("/v1/events/<id>", methods=["GET"], endpoint=self._retrieve("event")),
        ])

    # --- Starting, stopping, pointing a client at it ---------------------------------------

    def start(self) -> StripeDouble:
        self._server = make_server("127.0.0.1", 0, self._answer, threaded=True, request_handler=_QuietHandler)
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                         name="stripe-double", daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> StripeDouble:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}"

    @property
    def base_addresses(self) -> dict:
        return {"api": self.url, "files": self.url, "connect": self.url, "meter_events": self.url}

    def client(self, *, max_network_retries: int = 0, timeout: float = 5.0) -> stripe.StripeClient:
        """A real stripe client aimed at the double, with stripe-python's own retries and timeout."""
        return stripe.StripeClient(self.secret_key, base_addresses=self.base_addresses,
                                   max_network_retries=max_network_retries,
                                   http_client=stripe.RequestsClient(timeout=timeout))

    def webhook(self, event: dict, timestamp: int | None = None) -> tuple[bytes, dict]:
        """`event` as Stripe posts it: the body and its headers, signed with .webhook_secret."""
        payload = event_payload(event)
        return payload, {"Content-Type": "application/json",
                         "Stripe-Signature": sign(payload, self.webhook_secret, timestamp)}

    # --- Inspecting ------------------------------------------------------------------------

    @property
    def events(self) -> list[dict]:
        with self._lock:
            return copy.deepcopy(self._events)

    def get(self, object_id: str) -> dict:
        with self._lock:
            return copy.deepcopy(self._objects[object_id])

    def stored(self, object_name: str) -> list[dict]:
        with self._lock:
            return copy.deepcopy(self._all(object_name))

    # --- HTTP ------------------------------------------------------------------------------

    def _answer(self, environ, start_response):
        request = Request(environ)
        key = request.headers.get("Idempotency-Key") if request.method == "POST" else None
        request_id = new_id("req", 14)
        with self._lock:
            params, status, body, replayed = self._carry_out(request, request_id, key)
            self.requests.append(ApiRequest(request.method, request.path, params, key, status, body))
        if self.latency:
            time.sleep(self.latency)
        headers = {"Request-Id": request_id, "Stripe-Version": API_VERSION}
        if replayed:
            headers["Idempotent-Replayed"] = "true"
        return Response(json.dumps(body), status, headers, mimetype="application/json")(environ, start_response)

    def _carry_out(self, request, request_id, key) -> tuple[dict, int, dict, bool]:
        """(params, status, body, replayed) for one request, under the lock."""
        params = {}
        try:
            params = parse_form((request.form if request.method == "POST" else request.args).items(multi=True))
            if self.down:
                raise StripeError("An unknown error occurred", status=500, type="api_error")
            self._authorize(request.headers.get("Authorization", ""))
            try:
                handler, path_args = self._routes.bind_to_environ(request.environ).match()
            except HTTPException:
                raise StripeError(f"Unrecognized request URL ({request.method}: {request.path}). Please see "
                                  "https://stripe.com/docs or we can help at https://support.stripe.com/.",
                                  status=404) from None
            fingerprint = (request.method, request.path, params)
            if key in self._idempotent:
                first, status, body = self._idempotent[key]
                if first != fingerprint:
                    raise StripeError(
                        "Keys for idempotent requests can only be used with the same parameters they were "
                        f"first used with. Try using a key other than '{key}' if you meant to execute a "
                        "different request.", type="idempotency_error")
                return params, status, copy.deepcopy(body), True
            # Stripe carries out a request whole or not at all: a refusal midway leaves no trace.
            saved = copy.deepcopy((self._objects, self._events))
            self._request_context = {"id": request_id, "idempotency_key": key}
            try:
                body = self._render(handler(params, **path_args), params.get("expand", []))
            except StripeError:
                self._objects, self._events = saved
                raise
            finally:
                self._request_context = {"id": None, "idempotency_key": None}
            # Like Stripe, only a request that was carried out is saved for replay: a refused
            # one may be sent again, corrected, under the same key.
            if key:
                self._idempotent[key] = (fingerprint, 200, copy.deepcopy(body))
            return params, 200, body, False
        except StripeError as refusal:
            return params, refusal.status, refusal.body, False

    def _authorize(self, header: str) -> None:
        if not header.startswith("Bearer "):
            raise StripeError("You did not provide an API key. You need to provide your API key in the "
                              "Authorization header, using Bearer auth (e.g. 'Authorization: Bearer "
                              "YOUR_SECRET_KEY').", status=401)
        given = header.removeprefix("Bearer ")
        if given != self.secret_key:
            raise StripeError(f"Invalid API Key provided: {given[:8]}****{given[-4:]}", status=401)

    def _render(self, obj: dict, expand) -> dict:
        """A copy of `obj` with the `expand[]` paths replaced by the objects they name."""
        obj = copy.deepcopy(obj)
        for path in array_of(expand, "expand"):
            self._expand(obj, path.split("."), path)
        return obj

    def _expand(self, node, path: list[str], whole: str) -> None:
        if isinstance(node, list):
            for element in node:
                self._expand(element, path, whole)
            return
        head, rest = path[0], path[1:]
        if not isinstance(node, dict) or head not in node or (not rest and head not in EXPANDABLE):
            raise StripeError(f"This property cannot be expanded ({whole}).", "expand")
        if isinstance(node[head], str) and head in EXPANDABLE and node[head] in self._objects:
            node[head] = copy.deepcopy(self._objects[node[head]])
        if rest and node[head] is not None:
            self._expand(node[head], rest, whole)

    # --- Storage and events ----------------------------------------------------------------

    def _store(self, obj: dict) -> dict:
        self._objects[obj["id"]] = obj
        return obj

    def _all(self, object_name: str) -> list[dict]:
        return [obj for obj in self._objects.values() if obj["object"] == object_name]

    def _find(self, object_name: str, object_id, param: str) -> dict:
        obj = self._objects.get(object_id) if isinstance(object_id, str) else None
        if obj is None or obj["object"] != object_name:
            raise no_such(object_name.replace("_", " "), object_id, param)
        return obj

    def _retrieve(self, object_name: str):
        def retrieve(params, id):
            accept(params)
            return self._find(object_name, id, "id")
        return retrieve

    def _page(self, objects: list[dict], params: dict, url: str) -> dict:
        """Stripe's list object over `objects`, newest first, one page at a time."""
        limit = integer(params.get("limit", "10"), "limit", minimum=1, maximum=100)
        newest_first = objects[::-1]
        ids = [obj["id"] for obj in newest_first]
        for cursor in ("starting_after", "ending_before"):
            if cursor in params and params[cursor] not in ids:
                raise no_such(newest_first[0]["object"] if newest_first else "object", params[cursor], cursor)
        if "ending_before" in params:
            before = newest_first[:ids.index(params["ending_before"])]
            page, has_more = before[-limit:], len(before) > limit
        else:
            start = ids.index(params["starting_after"]) + 1 if "starting_after" in params else 0
            after = newest_first[start:]
            page, has_more = after[:limit], len(after) > limit
        return {"object": "list", "data": page, "has_more": has_more, "url": url}

    def _emit(self, event_type: str, obj: dict, before: dict | None = None) -> dict | None:
        """Record the event Stripe sends for `obj`; an update without a change sends none."""
        data = {"object": copy.deepcopy(obj)}
        if before is not None:
            data["previous_attributes"] = {key: before[key] for key in obj if obj[key] != before.get(key)}
            if not data["previous_attributes"]:
                return None
        event = fixture("event", id=new_id("evt"), api_version=API_VERSION, created=self.now, data=data,
                        livemode=False, pending_webhooks=1, request=dict(self._request_context),
                        type=event_type)
        self._events.append(self._store(event))
        return event

    # --- Products --------------------------------------------------------------------------

    def _create_product(self, params):
        accept(params, "id", "name", "active", "description", "metadata")
        if not params.get("name"):
            raise missing("name")
        if params.get("id") in self._objects:
            raise StripeError("Product already exists.", "id", code="resource_already_exists")
        product = fixture(
            "product", id=params.get("id") or new_id("prod", 14), name=params["name"],
            description=params.get("description"), active=boolean(params.get("active", "true"), "active"),
            metadata=merged_metadata({}, params.get("metadata", {})), created=self.now, updated=self.now,
            default_price=None, images=[], marketing_features=[], package_dimensions=None, shippable=None,
            type="service", unit_label=None, url=None)
        self._emit("product.created", self._store(product))
        return product

    def _list_products(self, params):
        accept(params, "active", "ids", "limit", "starting_after", "ending_before")
        products = self._all("product")
        if "active" in params:
            products = [p for p in products if p["active"] == boolean(params["active"], "active")]
        if "ids" in params:
            products = [p for p in products if p["id"] in array_of(params["ids"], "ids")]
        return self._page(products, params, "/v1/products")

    def _search_products(self, params):
        accept(params, "query", "limit")
        if not params.get("query"):
            raise missing("query")
        clauses = [search_clause(text) for text in re.split(r"\s+AND\s+", params["query"].strip())]
        found = [p for p in self._all("product") if all(clause(p) for clause in clauses)]
        limit = integer(params.get("limit", "10"), "limit", minimum=1, maximum=100)
        return {"object": "search_result", "data": found[::-1][:limit], "has_more": len(found) > limit,
                "next_page": None, "url": "/v1/products/search"}

    # --- Prices ----------------------------------------------------------------------------

    def _create_price(self, params):
        accept(params, "currency", "unit_amount", "product", "recurring", "lookup_key", "transfer_lookup_key",
               "nickname", "active", "metadata")
        if "currency" not in params:
            raise missing("currency")
        currency = params["currency"].lower()
        if not re.fullmatch(r"[a-z]{3}", currency):
            raise StripeError(f"Invalid currency: {currency}", "currency")
        if "product" not in params:
            raise StripeError("You must specify either `product` or `product_data` when creating a price.", "product")
        product = self._find("product", params["product"], "product")
        if "unit_amount" not in params:
            raise missing("unit_amount")
        unit_amount = integer(params["unit_amount"], "unit_amount", minimum=0)
        recurring = None
        if "recurring" in params:
            asked = hash_of(params["recurring"], "recurring")
            accept(asked, "interval", "interval_count", prefix="recurring")
            if "interval" not in asked:
                raise missing("recurring[interval]")
            recurring = {"interval": choice(asked["interval"], INTERVALS, "recurring[interval]"),
                         "interval_count": integer(asked.get("interval_count", "1"), "recurring[interval_count]",
                                                   minimum=1),
                         "meter": None, "trial_period_days": None, "usage_type": "licensed"}
        lookup_key = params.get("lookup_key") or None
        if lookup_key:
            self._claim_lookup_key(lookup_key, boolean(params.get("transfer_lookup_key", "false"),
                                                       "transfer_lookup_key"))
        price = fixture(
            "price", id=new_id("price"), active=boolean(params.get("active", "true"), "active"),
            currency=currency, unit_amount=unit_amount, unit_amount_decimal=str(unit_amount),
            product=product["id"], recurring=recurring, type="recurring" if recurring else "one_time",
            lookup_key=lookup_key, nickname=params.get("nickname"), created=self.now,
            metadata=merged_metadata({}, params.get("metadata", {})), custom_unit_amount=None,
            transform_quantity=None)
        self._emit("price.created", self._store(price))
        return price

    def _claim_lookup_key(self, lookup_key: str, transfer: bool) -> None:
        """Lookup keys are unique across the account's prices, archived ones included."""
        holder = next((p for p in self._all("price") if p["lookup_key"] == lookup_key), None)
        if holder and not transfer:
            raise StripeError(f"A price (`{holder['id']}`) already uses that lookup key.", "lookup_key")
        if holder:
            before = copy.deepcopy(holder)
            holder["lookup_key"] = None
            self._emit("price.updated", holder, before)

    def _update_price(self, params, id):
        accept(params, "active", "lookup_key", "transfer_lookup_key", "nickname", "metadata")
        price = self._find("price", id, "id")
        before = copy.deepcopy(price)
        if "active" in params:
            price["active"] = boolean(params["active"], "active")
        if "lookup_key" in params and params["lookup_key"] != price["lookup_key"]:
            if params["lookup_key"]:
                self._claim_lookup_key(params["lookup_key"], boolean(params.get("transfer_lookup_key", "false"),
                                                                     "transfer_lookup_key"))
            price["lookup_key"] = params["lookup_key"] or None
        if "nickname" in params:
            price["nickname"] = params["nickname"] or None
        if "metadata" in params:
            price["metadata"] = merged_metadata(price["metadata"], params["metadata"])
        self._emit("price.updated", price, before)
        return price

    def _list_prices(self, params):
        accept(params, "active", "currency", "lookup_keys", "product", "type", "limit", "starting_after",
               "ending_before")
        prices = self._all("price")
        if "active" in params:
            prices = [p for p in prices if p["active"] == boolean(params["active"], "active")]
        if "currency" in params:
            prices = [p for p in prices if p["currency"] == params["currency"].lower()]
        if "lookup_keys" in params:
            prices = [p for p in prices if p["lookup_key"] in array_of(params["lookup_keys"], "lookup_keys")]
        if "product" in params:
            prices = [p for p in prices if p["product"] == params["product"]]
        if "type" in params:
            prices = [p for p in prices if p["type"] == choice(params["type"], ("one_time", "recurring"), "type")]
        return self._page(prices, params, "/v1/prices")

    # --- Customers -------------------------------------------------------------------------

    def _create_customer(self, params):
        accept(params, "email", "name", "description", "metadata")
        customer = self._new_customer(email(params.get("email")), params.get("name"))
        customer["description"] = params.get("description")
        customer["metadata"] = merged_metadata({}, params.get("metadata", {}))
        self._emit("customer.created", customer)
        return customer

    def _new_customer(self, email, name=None) -> dict:
        return self._store(fixture(
            "customer", id=new_id("cus", 14), email=email, name=name, created=self.now, address=None,
            currency=None, discount=None, shipping=None, invoice_prefix=secrets.token_hex(4).upper(),
            next_invoice_sequence=1, metadata={}))

    def _update_customer(self, params, id):
        accept(params, "email", "name", "description", "metadata")
        customer = self._find("customer", id, "id")
        before = copy.deepcopy(customer)
        if "email" in params:
            customer["email"] = email(params["email"] or None)
        for field in ("name", "description"):
            if field in params:
                customer[field] = params[field] or None
        if "metadata" in params:
            customer["metadata"] = merged_metadata(customer["metadata"], params["metadata"])
        self._emit("customer.updated", customer, before)
        return customer

    # --- Checkout and the customer portal --------------------------------------------------

    def _create_checkout_session(self, params):
        accept(params, "mode", "line_items", "customer", "customer_email", "client_reference_id", "metadata",
               "subscription_data", "success_url", "cancel_url")
        if "mode" not in params:
            raise missing("mode")
        mode = choice(params["mode"], ("payment", "setup", "subscription"), "mode")
        if "success_url" not in params:
            raise missing("success_url")
        url(params["success_url"], "success_url")
        if "cancel_url" in params:
            url(params["cancel_url"], "cancel_url")
        if "customer" in params and "customer_email" in params:
            raise StripeError("You may only specify one of these parameters: customer, customer_email.", "customer")
        customer = self._find("customer", params["customer"], "customer") if "customer" in params else None
        items = self._checkout_items(params, mode)
        subscription_data = hash_of(params.get("subscription_data", {}), "subscription_data")
        accept(subscription_data, "metadata", "trial_period_days", prefix="subscription_data")
        if subscription_data and mode != "subscription":
            raise StripeError("You can only specify `subscription_data` in `subscription` mode.", "subscription_data")
        trial_days = subscription_data.get("trial_period_days")
        if trial_days is not None:
            trial_days = integer(trial_days, "subscription_data[trial_period_days]", minimum=1, maximum=730)
        amount = sum(price["unit_amount"] * quantity for price, quantity in items)
        session = self._store(fixture(
            "checkout.session", id=new_id("cs_test", 58), mode=mode, status="open", payment_status="unpaid",
            customer=customer and customer["id"],
            customer_email=email(params.get("customer_email"), "customer_email"),
            client_reference_id=params.get("client_reference_id"),
            metadata=merged_metadata({}, params.get("metadata", {})),
            success_url=params["success_url"], cancel_url=params.get("cancel_url"),
            currency=items[0][0]["currency"] if items else None, amount_subtotal=amount, amount_total=amount,
            created=self.now, expires_at=self.now + 86400, subscription=None, invoice=None, payment_intent=None,
            customer_details=None, customer_creation=None, after_expiration=None, consent=None,
            consent_collection=None, collected_information=None, currency_conversion=None, invoice_creation=None,
            shipping_address_collection=None, shipping_cost=None, discounts=[],
            custom_text={"after_submit": None, "shipping_address": None, "submit": None,
                         "terms_of_service_acceptance": None},
            total_details={"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0},
            automatic_tax={"enabled": False, "liability": None, "provider": None, "status": None},
            payment_method_configuration_details=None, saved_payment_method_options=None, permissions=None,
            adaptive_pricing={"enabled": False}, managed_payments={"enabled": False}, wallet_options=None))
        session["url"] = "https://checkout.stripe.com/c/pay/" + session["id"]
        self._checkout_orders[session["id"]] = {
            "items": [(price["id"], quantity) for price, quantity in items],
            "metadata": merged_metadata({}, subscription_data.get("metadata", {}), "subscription_data[metadata]"),
            "trial_days": trial_days}
        return session

    def _checkout_items(self, params, mode) -> list[tuple[dict, int]]:
        if mode != "setup" and not params.get("line_items"):
            raise missing("line_items")
        items = []
        for index, item in enumerate(array_of(params.get("line_items", []), "line_items")):
            label = f"line_items[{index}]"
            accept(hash_of(item, label), "price", "quantity", prefix=label)
            if "price" not in item:
                raise missing(f"{label}[price]")
            price = self._find("price", item["price"], f"{label}[price]")
            if not price["active"]:
                raise StripeError("The price specified is inactive. This field only accepts active prices.",
                                  f"{label}[price]")
            if "quantity" not in item:
                raise missing(f"{label}[quantity]")
            items.append((price, integer(item["quantity"], f"{label}[quantity]", minimum=1)))
        recurring = [price for price, _ in items if price["recurring"]]
        if mode == "subscription" and not recurring:
            raise StripeError("You must provide at least one recurring price in `subscription` mode when using "
                              "prices.", "line_items")
        if mode == "payment" and recurring:
            raise StripeError("You specified `payment` mode but passed a recurring price. Either switch to "
                              "`subscription` mode or use only one-time prices.", "line_items")
        if mode == "setup" and items:
            raise StripeError("You cannot pass `line_items` in `setup` mode.", "line_items")
        return items

    def _create_portal_session(self, params):
        accept(params, "customer", "return_url")
        if "customer" not in params:
            raise missing("customer")
        customer = self._find("customer", params["customer"], "customer")
        return self._store(fixture(
            "billing_portal.session", id=new_id("bps"), customer=customer["id"], created=self.now,
            configuration=self._portal_configuration, flow=None, livemode=False, locale=None,
            return_url=params.get("return_url") and url(params["return_url"], "return_url"),
            url="https://billing.stripe.com/p/session/test_" + random_text(40)))

    # --- Subscriptions ---------------------------------------------------------------------

    def _new_subscription(self, customer: dict, items: list[tuple[str, int]], metadata: dict,
                          trial_days: int | None) -> dict:
        subscription_id = new_id("sub")
        trial_end = self.now + trial_days * 86400 if trial_days else None
        anchor = trial_end or self.now
        subscription = fixture(
            "subscription", id=subscription_id, customer=customer["id"],
            status="trialing" if trial_end else "active", metadata=metadata, created=self.now,
            start_date=self.now, billing_cycle_anchor=anchor, billing_cycle_anchor_config=None,
            trial_start=trial_end and self.now, trial_end=trial_end, cancel_at=None, canceled_at=None,
            ended_at=None, cancel_at_period_end=False,
            cancellation_details={"comment": None, "feedback": None, "reason": None},
            currency=self._objects[items[0][0]]["currency"], latest_invoice=None, discounts=[],
            default_payment_method=new_id("pm"), pending_update=None, pause_collection=None,
            transfer_data=None, next_pending_invoice_item_invoice=None, pending_invoice_item_interval=None,
            billing_thresholds=None, billing_schedules=[], managed_payments={"enabled": False},
            automatic_tax={"disabled_reason": None, "enabled": False, "liability": None},
            payment_settings={"payment_method_options": None, "payment_method_types": None,
                              "save_default_payment_method": "off"})
        data = []
        for price_id, quantity in items:
            price = self._objects[price_id]
            end = trial_end or period_end_after(anchor, self.now, price["recurring"])
            data.append(self._store(fixture(
                "subscription_item", id=new_id("si", 14), created=self.now, price=price,
                plan=plan_of(price), quantity=quantity, subscription=subscription_id, metadata={},
                current_period_start=self.now, current_period_end=end, billing_thresholds=None)))
        subscription["items"] = {"object": "list", "data": data, "has_more": False, "total_count": len(data),
                                 "url": f"/v1/subscription_items?subscription={subscription_id}"}
        return self._store(subscription)

    def _list_subscriptions(self, params):
        accept(params, "customer", "price", "status", "limit", "starting_after", "ending_before")
        subscriptions = self._all("subscription")
        status = choice(params["status"], SUBSCRIPTION_STATUSES, "status") if "status" in params else None
        if status is None:
            subscriptions = [s for s in subscriptions if s["status"] != "canceled"]
        elif status == "ended":
            subscriptions = [s for s in subscriptions if s["status"] in ("canceled", "incomplete_expired")]
        elif status != "all":
            subscriptions = [s for s in subscriptions if s["status"] == status]
        if "customer" in params:
            subscriptions = [s for s in subscriptions if s["customer"] == params["customer"]]
        if "price" in params:
            subscriptions = [s for s in subscriptions
                             if any(item["price"]["id"] == params["price"] for item in items_of(s))]
        return self._page(subscriptions, params, "/v1/subscriptions")

    def _update_subscription(self, params, id):
        accept(params, "items", "proration_behavior", "cancel_at_period_end", "metadata", "cancellation_details")
        subscription = self._find("subscription", id, "id")
        refuse_changes_if_canceled(subscription, params)
        before = copy.deepcopy(subscription)
        proration = choice(params.get("proration_behavior", "create_prorations"), PRORATION_BEHAVIORS,
                           "proration_behavior")
        for index, change in enumerate(array_of(params.get("items", []), "items")):
            label = f"items[{index}]"
            accept(hash_of(change, label), "id", "quantity", prefix=label)
            if "id" not in change:
                raise missing(f"{label}[id]")
            item = next((i for i in items_of(subscription) if i["id"] == change["id"]), None)
            if item is None:
                raise no_such("subscription item", change["id"], f"{label}[id]")
            if "quantity" in change:
                self._set_quantity(subscription, item, integer(change["quantity"], f"{label}[quantity]",
                                                               minimum=0), proration)
        if "cancel_at_period_end" in params:
            ending = boolean(params["cancel_at_period_end"], "cancel_at_period_end")
            subscription.update(cancel_at_period_end=ending, cancel_at=period_of(subscription)[1] if ending else None,
                                canceled_at=self.now if ending else None)
            subscription["cancellation_details"]["reason"] = "cancellation_requested" if ending else None
        if "cancellation_details" in params:
            self._note_cancellation(subscription, params["cancellation_details"])
        if "metadata" in params:
            subscription["metadata"] = merged_metadata(subscription["metadata"], params["metadata"])
        self._updated(subscription, before, proration)
        return subscription

    def _note_cancellation(self, subscription, details) -> None:
        accept(hash_of(details, "cancellation_details"), "comment", "feedback", prefix="cancellation_details")
        subscription["cancellation_details"].update(details)

    def _update_subscription_item(self, params, id):
        accept(params, "quantity", "proration_behavior", "metadata")
        item = self._find("subscription_item", id, "id")
        subscription = self._objects[item["subscription"]]
        refuse_changes_if_canceled(subscription, {"items": params})
        before = copy.deepcopy(subscription)
        proration = choice(params.get("proration_behavior", "create_prorations"), PRORATION_BEHAVIORS,
                           "proration_behavior")
        if "quantity" in params:
            self._set_quantity(subscription, item, integer(params["quantity"], "quantity", minimum=0), proration)
        if "metadata" in params:
            item["metadata"] = merged_metadata(item["metadata"], params["metadata"])
        self._updated(subscription, before, proration)
        return item

    def _updated(self, subscription: dict, before: dict, proration: str) -> None:
        """The event for a change made through the API, and the invoice `always_invoice` asks for."""
        self._emit("customer.subscription.updated", subscription, before)
        if proration == "always_invoice" and self._pending_prorations(subscription):
            self._charge(self._invoice(subscription, "subscription_update", (self.now, self.now)), succeeds=True)

    def _set_quantity(self, subscription: dict, item: dict, quantity: int, proration: str) -> None:
        """Stripe prorates a change of quantity as two pending invoice items: a credit for the unused
        time at the old quantity and a charge for the rest of the period at the new one."""
        old = item["quantity"]
        if quantity == old:
            return
        start, end = period_of(subscription)
        if proration != "none" and subscription["status"] != "trialing" and start <= self.now < end:
            share = (end - self.now) / (end - start)
            day = dt.datetime.fromtimestamp(self.now, dt.UTC).strftime("%d %b %Y")
            for direction, count, words in ((-1, old, "Unused time on"), (1, quantity, "Remaining time on")):
                amount = direction * round(item["price"]["unit_amount"] * count * share)
                self._pending_proration(subscription, item, amount, count,
                                        f"{words} {count} × {self._product_name(item)} after {day}")
        item["quantity"] = quantity

    def _pending_proration(self, subscription, item, amount, quantity, description) -> None:
        price = item["price"]
        invoice_item = self._store(fixture(
            "invoiceitem", id=new_id("ii"), amount=amount, currency=price["currency"],
            customer=subscription["customer"], date=self.now, description=description, discountable=False,
            invoice=None, period={"start": self.now, "end": period_of(subscription)[1]}, proration=True,
            quantity=quantity, quantity_decimal=str(quantity), metadata={}, net_amount=amount,
            parent={"type": "subscription_details",
                    "subscription_details": {"subscription": subscription["id"], "subscription_item": item["id"]}},
            pricing={"type": "price_details", "price_details": {"price": price["id"], "product": price["product"]},
                     "unit_amount_decimal": price["unit_amount_decimal"]}))
        self._emit("invoiceitem.created", invoice_item)

    def _cancel_subscription(self, params, id):
        accept(params, "cancellation_details")
        subscription = self._find("subscription", id, "id")
        if subscription["status"] == "canceled":
            # What Stripe answers: a canceled subscription is gone for every change but its notes.
            raise no_such("subscription", id, "id")
        if "cancellation_details" in params:
            self._note_cancellation(subscription, params["cancellation_details"])
        self._end(subscription, "cancellation_requested")
        return subscription

    def _end(self, subscription: dict, reason: str) -> None:
        subscription.update(status="canceled", canceled_at=subscription["canceled_at"] or self.now,
                            ended_at=self.now, cancel_at=None)
        subscription["cancellation_details"]["reason"] = reason
        self._emit("customer.subscription.deleted", subscription)

    # --- Invoices --------------------------------------------------------------------------

    def _new_invoice(self, subscription: dict, billing_reason: str, period: tuple[int, int], *,
                     preview: bool = False) -> dict:
        """A draft invoice: the pending prorations (taken by the invoice unless it is only a preview),
        then one line per item for its current period."""
        customer = self._objects[subscription["customer"]]
        invoice_id = new_id("upcoming_in") if preview else new_id("in")
        lines = []
        for pending in self._pending_prorations(subscription):
            lines.append(self._proration_line(invoice_id, subscription, pending))
            if not preview:
                pending["invoice"] = invoice_id
        if billing_reason != "subscription_update":
            lines += [self._item_line(invoice_id, subscription, item) for item in items_of(subscription)]
        total = sum(line["amount"] for line in lines)
        invoice = fixture(
            "invoice", id=invoice_id, customer=customer["id"], customer_email=customer["email"],
            customer_name=customer["name"], currency=subscription["currency"], created=self.now,
            period_start=period[0], period_end=period[1], status="draft", billing_reason=billing_reason,
            amount_due=max(total, 0), amount_paid=0, amount_remaining=max(total, 0), subtotal=total,
            subtotal_excluding_tax=total, total=total, total_excluding_tax=total, total_taxes=[],
            total_pretax_credit_amounts=[], total_discount_amounts=[], attempt_count=0, attempted=False,
            auto_advance=not preview, due_date=None, effective_at=None, next_payment_attempt=None, number=None,
            hosted_invoice_url=None, invoice_pdf=None, last_finalization_error=None, from_invoice=None,
            shipping_cost=None, shipping_details=None, amount_overpaid=0, webhooks_delivered_at=None,
            ending_balance=None, starting_balance=0, automatically_finalizes_at=None if preview else self.now + 3600,
            status_transitions={"finalized_at": None, "marked_uncollectible_at": None, "paid_at": None,
                                "voided_at": None},
            lines={"object": "list", "data": lines, "has_more": False, "url": f"/v1/invoices/{invoice_id}/lines"},
            parent={"type": "subscription_details", "quote_details": None,
                    "subscription_details": {"metadata": copy.deepcopy(subscription["metadata"]),
                                             "subscription": subscription["id"]}})
        # The current API names the subscription under `parent` only (2025-03-31.basil).
        del invoice["subscription"]
        if not preview:
            subscription["latest_invoice"] = invoice_id
            self._store(invoice)
        return invoice

    def _item_line(self, invoice_id, subscription, item) -> dict:
        price, quantity = item["price"], item["quantity"]
        trial = subscription["status"] == "trialing"
        amount = 0 if trial else price["unit_amount"] * quantity
        description = f"Trial period for {self._product_name(item)}" if trial else (
            f"{quantity} × {self._product_name(item)} (at {price['unit_amount'] / 100:.2f} "
            f"{price['currency'].upper()} / {price['recurring']['interval']})")
        return fixture(
            "line_item", id=new_id("il"), invoice=invoice_id, amount=amount, subtotal=amount,
            currency=price["currency"], quantity=quantity, quantity_decimal=str(quantity), description=description,
            period={"start": item["current_period_start"], "end": item["current_period_end"]},
            subscription=subscription["id"], metadata={}, discount_amounts=[], discounts=[], taxes=[],
            pretax_credit_amounts=[],
            parent={"type": "subscription_item_details", "invoice_item_details": None,
                    "subscription_item_details": {"invoice_item": None, "proration": False,
                                                  "proration_details": {"credited_items": None},
                                                  "subscription": subscription["id"],
                                                  "subscription_item": item["id"]}},
            pricing={"type": "price_details", "price_details": {"price": price["id"], "product": price["product"]},
                     "unit_amount_decimal": price["unit_amount_decimal"]})

    def _proration_line(self, invoice_id, subscription, pending) -> dict:
        return fixture(
            "line_item", id=new_id("il"), invoice=invoice_id, amount=pending["amount"], subtotal=pending["amount"],
            currency=pending["currency"], quantity=pending["quantity"], quantity_decimal=pending["quantity_decimal"],
            description=pending["description"], period=pending["period"], subscription=subscription["id"],
            metadata={}, discount_amounts=[], discounts=[], taxes=[], pretax_credit_amounts=[],
            parent={"type": "invoice_item_details", "subscription_item_details": None,
                    "invoice_item_details": {"invoice_item": pending["id"], "proration": True,
                                             "proration_details": {"credited_items": None},
                                             "subscription": subscription["id"]}},
            pricing=pending["pricing"])

    def _pending_prorations(self, subscription) -> list[dict]:
        return [ii for ii in self._all("invoiceitem") if ii["invoice"] is None
                and ii["parent"]["subscription_details"]["subscription"] == subscription["id"]]

    def _product_name(self, item) -> str:
        return self._objects[item["price"]["product"]]["name"]

    def _finalize(self, invoice: dict) -> None:
        customer = self._objects[invoice["customer"]]
        number = f"{customer['invoice_prefix']}-{customer['next_invoice_sequence']:04d}"
        customer["next_invoice_sequence"] += 1
        invoice.update(status="open", number=number, effective_at=self.now, automatically_finalizes_at=None,
                       hosted_invoice_url=f"https://invoice.stripe.com/i/acct_double/test_{invoice['id']}",
                       invoice_pdf=f"https://pay.stripe.com/invoice/acct_double/test_{invoice['id']}/pdf")
        invoice["status_transitions"]["finalized_at"] = self.now
        self._emit("invoice.finalized", invoice)

    def _charge(self, invoice: dict, succeeds: bool) -> None:
        """One payment attempt on an open invoice; nothing is charged for a zero amount."""
        charged = invoice["amount_due"] > 0
        invoice.update(attempted=True, attempt_count=invoice["attempt_count"] + charged)
        customer = self._objects[invoice["customer"]]
        if succeeds or not charged:
            invoice.update(status="paid", amount_paid=invoice["amount_due"], amount_remaining=0,
                           next_payment_attempt=None)
            invoice["status_transitions"]["paid_at"] = self.now
            customer["delinquent"] = False
            self._emit("invoice.paid", invoice)
            self._emit("invoice.payment_succeeded", invoice)
        else:
            invoice["next_payment_attempt"] = self.now + RETRY_AFTER
            customer["delinquent"] = True
            self._emit("invoice.payment_failed", invoice)

    def _invoice(self, subscription, billing_reason, period) -> dict:
        """A new invoice, created and finalized, ready to be charged."""
        invoice = self._new_invoice(subscription, billing_reason, period)
        self._emit("invoice.created", invoice)
        self._finalize(invoice)
        return invoice

    def _list_invoices(self, params):
        accept(params, "customer", "subscription", "status", "limit", "starting_after", "ending_before")
        invoices = self._all("invoice")
        if "customer" in params:
            invoices = [i for i in invoices if i["customer"] == params["customer"]]
        if "subscription" in params:
            invoices = [i for i in invoices
                        if i["parent"]["subscription_details"]["subscription"] == params["subscription"]]
        if "status" in params:
            invoices = [i for i in invoices if i["status"] == choice(params["status"], INVOICE_STATUSES, "status")]
        return self._page(invoices, params, "/v1/invoices")

    def _preview_invoice(self, params):
        accept(params, "subscription", "customer")
        if "subscription" not in params:
            raise StripeError("The Stripe double previews a subscription's next invoice only: pass `subscription`.",
                              "subscription")
        subscription = self._find("subscription", params["subscription"], "subscription")
        if params.get("customer", subscription["customer"]) != subscription["customer"]:
            raise StripeError(f"The subscription {subscription['id']} does not belong to customer "
                              f"{params['customer']}.", "customer")
        if subscription["status"] == "canceled" or subscription["cancel_at_period_end"]:
            raise StripeError(f"No upcoming invoices for customer: {subscription['customer']}", status=404,
                              code="invoice_upcoming_none")
        start, end = period_of(subscription)
        preview = copy.deepcopy(subscription)
        preview["status"] = "active"
        for item in items_of(preview):
            item["current_period_start"] = end
            item["current_period_end"] = period_end_after(preview["billing_cycle_anchor"], end,
                                                          item["price"]["recurring"])
        invoice = self._new_invoice(preview, "upcoming", (start, end), preview=True)
        invoice.update(created=end, next_payment_attempt=end)
        return invoice

    # --- State drivers: what happens on Stripe's side --------------------------------------

    def _subscription_in(self, subscription_id: str, *statuses: str) -> dict:
        subscription = self._objects.get(subscription_id)
        if subscription is None or subscription["object"] != "subscription":
            raise ValueError(f"the Stripe double holds no subscription {subscription_id!r}")
        if subscription["status"] not in statuses:
            raise ValueError(f"{subscription_id} is {subscription['status']}, not {' or '.join(statuses)}")
        return subscription

    def _events_since(self, count: int) -> list[dict]:
        return copy.deepcopy(self._events[count:])

    def complete_checkout(self, session_id: str) -> list[dict]:
        """The customer pays on Stripe's Checkout page; see the module's docstring for the events."""
        with self._lock:
            count = len(self._events)
            session = self._objects.get(session_id)
            if session is None or session["object"] != "checkout.session":
                raise ValueError(f"the Stripe double holds no checkout session {session_id!r}")
            if session["status"] != "open" or session["mode"] != "subscription":
                raise ValueError(f"{session_id} is a {session['status']} {session['mode']} session, "
                                 "not an open subscription one")
            if session["customer"]:
                customer = self._objects[session["customer"]]
            else:
                customer = self._new_customer(session["customer_email"] or "customer@example.com")
                self._emit("customer.created", customer)
            order = self._checkout_orders[session_id]
            subscription = self._new_subscription(customer, order["items"], order["metadata"], order["trial_days"])
            invoice = self._new_invoice(subscription, "subscription_create", (self.now, self.now))
            self._emit("customer.subscription.created", subscription)
            self._emit("invoice.created", invoice)
            self._finalize(invoice)
            self._charge(invoice, succeeds=True)
            session.update(status="complete", customer=customer["id"], subscription=subscription["id"],
                           invoice=invoice["id"],
                           payment_status="paid" if invoice["amount_due"] else "no_payment_required",
                           customer_details={"address": None, "business_name": None, "email": customer["email"],
                                             "individual_name": None, "name": customer["name"], "phone": None,
                                             "tax_exempt": "none", "tax_ids": []})
            self._emit("checkout.session.completed", session)
            return self._events_since(count)

    def advance_period(self, subscription_id: str) -> list[dict]:
        """The current period ends: the subscription renews and its renewal is paid, or it ends
        when it was set to cancel at period end. The clock moves to the period's end."""
        with self._lock:
            count = len(self._events)
            subscription = self._subscription_in(subscription_id, "active", "trialing")
            if subscription["cancel_at_period_end"]:
                self.now = max(self.now, period_of(subscription)[1])
                self._end(subscription, "cancellation_requested")
            else:
                self._charge(self._invoice(subscription, "subscription_cycle", self._renew(subscription)),
                             succeeds=True)
            return self._events_since(count)

    def fail_payment(self, subscription_id: str) -> list[dict]:
        """The next payment attempt fails: the open invoice's retry, or else the renewal's."""
        with self._lock:
            count = len(self._events)
            subscription = self._subscription_in(subscription_id, "active", "trialing", "past_due")
            invoice = self._open_invoice(subscription) or self._invoice(
                subscription, "subscription_cycle", self._renew(subscription))
            before = copy.deepcopy(subscription)
            self._charge(invoice, succeeds=False)
            subscription["status"] = "past_due"
            self._emit("customer.subscription.updated", subscription, before)
            return self._events_since(count)

    def pay(self, subscription_id: str) -> list[dict]:
        """The open invoice is paid: a retry succeeds or the customer fixed their card."""
        with self._lock:
            count = len(self._events)
            subscription = self._subscription_in(subscription_id, "active", "trialing", "past_due", "unpaid")
            invoice = self._open_invoice(subscription)
            if invoice is None:
                raise ValueError(f"{subscription_id} has no open invoice to pay")
            before = copy.deepcopy(subscription)
            self._charge(invoice, succeeds=True)
            if subscription["status"] in ("past_due", "unpaid"):
                subscription["status"] = "active"
            self._emit("customer.subscription.updated", subscription, before)
            return self._events_since(count)

    def mark_unpaid(self, subscription_id: str) -> list[dict]:
        """Stripe's retries ran out and its settings say to mark the subscription unpaid."""
        with self._lock:
            count = len(self._events)
            subscription = self._subscription_in(subscription_id, "past_due")
            before = copy.deepcopy(subscription)
            subscription["status"] = "unpaid"
            self._emit("customer.subscription.updated", subscription, before)
            return self._events_since(count)

    def cancel(self, subscription_id: str, reason: str = "cancellation_requested") -> list[dict]:
        """The subscription ends now, from the portal, the dashboard or dunning (`reason` is Stripe's
        cancellation_details.reason: cancellation_requested, payment_failed or payment_disputed)."""
        with self._lock:
            count = len(self._events)
            subscription = self._subscription_in(subscription_id, "active", "trialing", "past_due", "unpaid")
            self._end(subscription, reason)
            return self._events_since(count)

    def _open_invoice(self, subscription) -> dict | None:
        latest = self._objects.get(subscription["latest_invoice"] or "")
        return latest if latest and latest["status"] == "open" else None

    def _renew(self, subscription: dict) -> tuple[int, int]:
        """Start the next period (a trial ends); returns the period just ended and moves the clock."""
        before = copy.deepcopy(subscription)
        ended = period_of(subscription)
        for item in items_of(subscription):
            item["current_period_start"] = item["current_period_end"]
            item["current_period_end"] = period_end_after(subscription["billing_cycle_anchor"],
                                                          item["current_period_start"], item["price"]["recurring"])
        if subscription["status"] == "trialing":
            subscription["status"] = "active"
        self.now = max(self.now, ended[1])
        self._emit("customer.subscription.updated", subscription, before)
        return ended
