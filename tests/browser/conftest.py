"""Browser fixtures: the app served on a real port, driven by the system's headless Chromium.

One Chromium for all browser tests; a fresh app (SQLite, new instance folder), server and
browser context (cookies, viewport) for every test.
"""
import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
# Screenshots go outside the repository; set MENTORUP_SCREENSHOTS="" to take none.
SCREENSHOTS = os.environ.get("MENTORUP_SCREENSHOTS", "/tmp/shots")
TIMEOUT_MS = 5000


@pytest.fixture
def database_url():
    """The browser tests run on SQLite only: they test pages, not storage."""
    return ""


@pytest.fixture
def live_server(app):
    """The app (from tests/conftest.py) served on a free local port; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    app.config["BASE_URL"] = f"http://127.0.0.1:{server.server_port}"  # the links in emails lead here
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield app.config["BASE_URL"]
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(scope="package")
def browser():
    """One Chromium for the browser tests, closed when they are done: Playwright's sync API
    keeps an event loop running in this thread meanwhile, which code under test that calls
    asyncio.run (pyHanko's signing) must not meet."""
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# The browser reports every Content-Security-Policy violation as this event; we pass it on to
# the console, where `watched_page` collects it (an init script runs outside the policy).
REPORT_CSP_VIOLATIONS = """document.addEventListener("securitypolicyviolation", (event) =>
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`));"""


def csp_violation(message):
    return message.type == "error" and (message.text.startswith("CSP violation")
                                        or "Content Security Policy" in message.text)


def watched_page(browser, base_url, size="desktop"):
    """A page in a fresh browser context (its own cookies) that records in `page.problems`
    page errors, failed requests, 5xx answers, missing assets and CSP violations."""
    context = browser.new_context(base_url=base_url, viewport=VIEWPORTS[size])
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.viewport_name, page.problems = size, []

    def check_response(response):
        asset = response.request.resource_type in ("script", "stylesheet", "image", "font")
        if response.status >= 500 or (asset and response.status >= 400):
            page.problems.append(f"HTTP {response.status}: {response.url}")

    def check_failure(request):
        # A request the browser dropped because the page moved on is not a fault.
        if "ERR_ABORTED" not in (request.failure or ""):
            page.problems.append(f"request failed: {request.url} ({request.failure})")

    page.on("pageerror", lambda error: page.problems.append(f"page error: {error}"))
    page.on("console", lambda message: csp_violation(message) and page.problems.append(message.text))
    page.on("requestfailed", check_failure)
    page.on("response", check_response)
    return page


@pytest.fixture
def page(request, browser, live_server):
    """A watched page at `live_server`; parametrize indirectly with a key of VIEWPORTS."""
    page = watched_page(browser, live_server, getattr(request, "param", "desktop"))
    yield page
    page.context.close()


@pytest.fixture
def open_browser(browser, live_server):
    """open_browser() -> another watched page in a browser context of its own (another person)."""
    pages = []

    def open_one():
        pages.append(watched_page(browser, live_server))
        return pages[-1]
    yield open_one
    for other in pages:
        other.context.close()


@pytest.fixture
def screenshot(page):
    """screenshot("name") saves the whole page as SCREENSHOTS/name-<viewport>.png."""
    def take(name):
        if SCREENSHOTS:
            Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
            # caret="initial": hiding the text caret would put a style attribute on the page's
            # inputs, which the Content-Security-Policy refuses (and we would report).
            page.screenshot(path=f"{SCREENSHOTS}/{name}-{page.viewport_name}.png", full_page=True,
                            caret="initial")
    return take
