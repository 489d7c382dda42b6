"""Browser tests: Debian's Chromium driven by Playwright against the live server.

Every page a test visits is checked with axe-core and must have no violations; the page must
also raise no Content Security Policy violation, and every file it loads from the portal (CSS,
JavaScript, images) must arrive. Requests to other hosts are blocked, so a test never depends
on the network (NHS.UK fonts fall back to system fonts).

The live server serves static files as production does: WhiteNoise, indexing the files that
collectstatic put in STATIC_ROOT, under their fingerprinted names.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop; Django must still allow the live server's ORM use.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def served_by_the_application(application):
    """In place of Django's development static files handler, which finds files by their source
    names and so knows nothing of fingerprinted ones: WhiteNoise, in the middleware, serves."""
    return application


@pytest.fixture(scope="session")
def live_server(request, collected_static_files):
    """pytest-django's live server, with static files served through WhiteNoise and its index of
    STATIC_ROOT built when the server starts, as under gunicorn."""
    from django.test import override_settings
    from pytest_django.live_server_helper import LiveServer

    address = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    server = LiveServer(address, start=False)
    server.thread.static_handler = served_by_the_application
    with override_settings(WHITENOISE_AUTOREFRESH=False):
        server.start()  # the middleware reads its settings here, once
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM} (make browsers)")
    if not AXE.exists():
        pytest.skip(f"browser tests need axe-core at {AXE} (npm ci)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class AccessibilityChecked:
    """A Playwright page whose every visit is checked with axe-core."""

    def __init__(self, page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.csp_violations: list[str] = []
        self.failed_loads: list[str] = []
        page.on("console", self._watch_console)
        page.on("response", self._watch_response)
        page.on("requestfailed", self._watch_failed_request)

    def _watch_console(self, message) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.csp_violations.append(message.text)

    def _is_ours(self, url: str) -> bool:
        return urlsplit(url).netloc == urlsplit(self.base_url).netloc

    def _watch_response(self, response) -> None:
        document = response.request.resource_type == "document"
        if not document and self._is_ours(response.url) and response.status >= 400:
            self.failed_loads.append(f"{response.status} {response.url}")

    def _watch_failed_request(self, request) -> None:
        # ERR_ABORTED: the browser gave up the load itself, as it does on leaving the page.
        if self._is_ours(request.url) and "ERR_ABORTED" not in (request.failure or ""):
            self.failed_loads.append(f"{request.failure} {request.url}")

    def violations(self, *, wcag22: bool = False) -> list[dict]:
        """The axe-core violations of the page as it is now; `wcag22` adds the WCAG 2.2 AA rule
        axe-core leaves off by default (target size)."""
        self.page.wait_for_load_state("load")
        if not self.page.evaluate("() => typeof window.axe !== 'undefined'"):
            # Evaluated through the DevTools protocol, so the page's CSP does not block it.
            self.page.evaluate(AXE.read_text())
        return self.page.evaluate(
            """async (wcag22) => {
                const rules = wcag22 ? {"target-size": {enabled: true}} : {};
                const results = await axe.run(document, {resultTypes: ["violations"], rules});
                return results.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
                    nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5),
                }));
            }""",
            wcag22,
        )

    def check(self) -> None:
        """Assert the page as it is now has no axe-core violations and broke no CSP rule."""
        violations = self.violations()
        where = self.page.url
        assert violations == [], f"axe-core violations on {where}: {violations}"
        assert self.csp_violations == [], f"CSP violations on {where}: {self.csp_violations}"
        assert self.failed_loads == [], f"Files that did not load on {where}: {self.failed_loads}"

    def visit(self, path: str):
        response = self.page.goto(self.base_url + path)
        self.check()
        return response


@pytest.fixture
def site(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    allowed = urlsplit(live_server.url).netloc

    def only_the_live_server(route):
        if urlsplit(route.request.url).netloc == allowed:
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_the_live_server)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield AccessibilityChecked(page, live_server.url)
    context.close()
