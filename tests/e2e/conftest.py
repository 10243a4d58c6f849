"""Real-browser tests: Playwright driving Debian's Chromium (never a downloaded browser).

Every page's console errors (including Content Security Policy violations) fail the test.
"""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; the test's own database access is
# still synchronous, so Django's async-safety guard must stand aside here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("WERKSTATT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's 'chromium' package.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class BrowserErrors(list):
    def watch(self, page):
        page.on("console", lambda msg: msg.type == "error" and self.append(f"console: {msg.text}"))
        page.on("pageerror", lambda exc: self.append(f"pageerror: {exc}"))
        return page


@pytest.fixture
def browser_errors():
    errors = BrowserErrors()
    yield errors
    assert errors == [], "The browser reported errors"


@pytest.fixture
def new_context(browser, browser_errors):
    """Make a fresh browser context (its own cookies: a separate person). Pass PHONE for a phone."""
    contexts = []

    def make(**options):
        context = browser.new_context(locale="de-DE", timezone_id="Europe/Berlin", **options)
        context.set_default_timeout(10_000)
        context.on("page", browser_errors.watch)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    context = new_context(viewport={"width": 1280, "height": 900})
    return context.new_page()


@pytest.fixture
def team_login(live_server):
    """Log a team member in through the real login form."""

    def login(page, username, password="pw-for-tests-123"):
        page.goto(f"{live_server.url}/konto/anmelden/")
        page.get_by_label("Benutzername").fill(username)
        page.get_by_label("Passwort").fill(password)
        page.get_by_role("button", name="Anmelden").click()
        page.wait_for_url(f"{live_server.url}/workshops/")

    return login


def joined_context(new_context, live_server, participant, **options):
    """A browser context (a phone unless ``options`` say otherwise) whose session is bound to
    ``participant``, as joining leaves it. For tests whose subject is not the join flow itself."""
    from django.conf import settings
    from django.contrib.sessions.backends.signed_cookies import SessionStore

    from participants.access import SESSION_KEY

    session = SessionStore()
    session[SESSION_KEY] = {str(participant.workshop_id): participant.pk}
    session.save()
    context = new_context(**(options or PHONE))
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": live_server.url}]
    )
    return context
