"""Shared fixtures: the test tree and its personas, a real SMTP server, and a real browser with axe-core."""

import contextlib
import os
import shutil
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from organisations.testing import Tree, build_tree

BASE_DIR = Path(__file__).resolve().parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def browser_tests_enabled() -> bool:
    flag = os.environ.get("SYNPUNKT_BROWSER_TESTS", "auto").lower()
    if flag in {"1", "true", "yes"}:
        if not os.path.exists(CHROMIUM):
            raise RuntimeError("SYNPUNKT_BROWSER_TESTS=1 but Debian's chromium is not installed.")
        return True
    if flag in {"0", "false", "no"}:
        return False
    return os.path.exists(CHROMIUM)


def pytest_collection_modifyitems(config, items):
    if browser_tests_enabled():
        return
    skip = pytest.mark.skip(
        reason="browser tests off (install Debian's chromium or set SYNPUNKT_BROWSER_TESTS=1)"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _isolated_uploads(settings, tmp_path):
    """Every test writes uploads to its own folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "uploads")},
        },
    }


@pytest.fixture(autouse=True)
def _second_factor_for_force_login(request):
    """`client.force_login(user)` gives a session that has passed the second factor too (accounts/testing.py);
    a test that asks for `unverified_force_login` gets Django's plain, password-only force_login instead."""
    if "unverified_force_login" in request.fixturenames:
        yield
        return
    from accounts.testing import force_login_passes_second_factor

    with force_login_passes_second_factor():
        yield


@pytest.fixture(autouse=True)
def _default_language_after():
    """A request in English leaves English active in the thread (LocaleMiddleware activates, nothing deactivates):
    put the default back after every test, so that the next one reads Swedish as it expects, whatever ran before
    it on the same worker."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture
def unverified_force_login():
    """Marker fixture: force_login in this test gives a session without the second factor."""


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every test starts with an empty cache (the rate-limit counters are database rows, reset with the database)."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def tree(db) -> Tree:
    return build_tree()


@pytest.fixture
def transactional_tree(transactional_db) -> Tree:
    return build_tree()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpSink:
    """A real SMTP server (aiosmtpd) on a free port on 127.0.0.1, keeping what it receives."""

    def __init__(self) -> None:
        self.messages: list = []
        self.port = free_port()
        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                from email import message_from_bytes, policy

                sink.messages.append(message_from_bytes(envelope.content, policy=policy.default))
                return "250 Message accepted for delivery"

        self.handler = Handler()
        self.controller: Any = None

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        # A fresh Controller each time, on the same port: a stopped one has closed its event loop, and the
        # outage tests stop the server and start it again.
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_server(settings) -> Iterator[SmtpSink]:
    sink = SmtpSink()
    sink.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": sink.port, "timeout": 5},
        }
    }
    try:
        yield sink
    finally:
        with contextlib.suppress(Exception):  # already stopped by the test
            sink.stop()


# --- the browser ---------------------------------------------------------------------------------------------

AXE_JS = BASE_DIR / "static" / "vendor" / "axe-core" / "axe.min.js"
ARTIFACTS = BASE_DIR / "test-artifacts"


@pytest.fixture
def _playwright_browser():
    from playwright.sync_api import expect, sync_playwright

    # The assertions retry as long as an action does: a form posted by a click may still be loading when the test
    # looks for what the answer says (a one-off `is_visible()` read raced it in CI at stop 25).
    expect.set_options(timeout=15_000)
    # Playwright's sync API keeps an event loop running in the main thread, so Django's guard would refuse every
    # ORM call made by the test and its fixtures (database setup, flush). They are plain synchronous calls: allow
    # them, but only while a browser runs (per test), so that the flag never reaches other tests' subprocesses
    # (`check --deploy` rightly refuses it).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        yield from _launched_browser(sync_playwright)
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _launched_browser(sync_playwright):
    with sync_playwright() as playwright:
        user_data = tempfile.mkdtemp(prefix="synpunkt-chromium-")
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
            ],
        )
        yield browser
        browser.close()
        shutil.rmtree(user_data, ignore_errors=True)


@pytest.fixture
def page(_playwright_browser, live_server):
    """A fresh browser context per test (Swedish first, as a citizen's browser here would be)."""
    context = _playwright_browser.new_context(locale="sv-SE", base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


class AxeViolations(AssertionError):
    pass


def axe_check(page, *, context_name: str = "", allow: tuple[str, ...] = ()) -> None:
    """Run axe-core (vendored) on the current page; fail with a readable list of WCAG 2.1 AA violations.

    `allow`: rules a page breaks on purpose, each with its reason at the call (the retention run's progress page
    refreshes itself, as asked, while the worker runs: `meta-refresh`).
    """
    # Evaluated through the DevTools protocol, which the page's CSP does not govern (no unsafe-inline needed).
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate("() => {" + AXE_JS.read_text() + "\n}")
    result = page.evaluate(
        """async (allowed) => await axe.run(document, {runOnly: {type: 'tag',
             values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
             rules: Object.fromEntries(allowed.map((id) => [id, {enabled: false}]))})""",
        list(allow),
    )
    violations = result["violations"]
    if violations:
        ARTIFACTS.mkdir(exist_ok=True)
        lines = [f"axe: {len(violations)} violation(s) on {page.url} {context_name}"]
        for violation in violations:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            for node in violation["nodes"][:5]:
                lines.append(f"    {node['target']}: {node['failureSummary']}")
        raise AxeViolations("\n".join(lines))


@pytest.fixture
def axe():
    return axe_check


def staff_login(page, user, password=None) -> None:
    """Log a member of staff in through the real log-in pages: password, then the code from their authenticator
    (a TOTP device is given to the persona on first use; accounts/testing.py computes the current code)."""
    from accounts.testing import totp_code_for
    from organisations.testing import TEST_PASSWORD

    code = totp_code_for(user)
    page.goto("/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(user.username)
    page.get_by_label("Lösenord").fill(password or TEST_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/konto/tvastegsverifiering/**")
    page.get_by_label("Kod").fill(code)
    page.get_by_role("button", name="Fortsätt").click()
    page.wait_for_url(lambda url: "/konto/" not in url)


@pytest.fixture
def login_staff():
    return staff_login
