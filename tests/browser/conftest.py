"""Playwright fixtures: Debian's Chromium, a fresh browser context per test, and axe-core.

The browser is never downloaded: tests drive /usr/bin/chromium and fail (rather than skip)
when it is missing, so a machine without it cannot pass the suite by accident.
"""

import json
import os
from pathlib import Path

import pytest

# live_server runs Django in a thread while sync Playwright holds an event loop in this one;
# Django's async-safety guard would otherwise refuse every ORM call made by the fixtures.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium keeps calling home to addresses this machine cannot reach.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# Every impact level blocks: minor and moderate problems (a landmark named twice, a region
# outside any landmark) are still problems an attendee meets.
BLOCKING_IMPACTS = {"minor", "moderate", "serious", "critical"}


@pytest.fixture(autouse=True)
def _restore_migrated_data(django_db_serialized_rollback):
    """Keep the default Site and root page that migrations create.

    live_server needs transactional tests, which empty every table afterwards; a later
    browser test would then find no site at all.
    """


def _keep_test_database_connections():
    """Make the test code keep using the connections the test database was set up on.

    Playwright's sync API leaves an asyncio loop marked as running in this thread. Django's
    connection registry then looks connections up per async context instead of per thread,
    finds none and opens new ones: those lack the serialized migration data (so the next
    transactional test starts with no Site) and are a second handle on the in-memory
    database that live_server shares. Copy the thread's connections into the async lookup.
    """
    from django.db import connections

    per_thread = connections._connections._storage
    for alias in connections.settings:
        connection = getattr(per_thread, alias, None)
        if connection is not None:
            setattr(connections._connections, alias, connection)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install it with `apt-get install -y chromium`.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # launch() gives every run a fresh temporary profile (user-data dir) and removes it.
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        _keep_test_database_connections()
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en")
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


# How far the page is wider than its viewport, in CSS pixels (> 0: horizontal scrolling).
HORIZONTAL_OVERFLOW_JS = (
    "document.documentElement.scrollWidth - document.documentElement.clientWidth"
)


@pytest.fixture
def open_phone(browser):
    """Open a URL on a phone-sized touch screen; its context closes after the test."""
    contexts = []

    def open_(url, width, height=640):
        context = browser.new_context(
            viewport={"width": width, "height": height}, is_mobile=True, locale="en"
        )
        contexts.append(context)
        phone = context.new_page()
        phone.goto(url)
        return phone

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def axe_source():
    if not AXE_SCRIPT.exists():
        pytest.fail(f"{AXE_SCRIPT} is missing: run `npm install` in the repository root.")
    return AXE_SCRIPT.read_text(encoding="utf-8")


@pytest.fixture
def axe_check(axe_source):
    """Run axe-core on a Playwright page; returns the list of violations."""

    def run(page, context_selector=None):
        page.add_script_tag(content=axe_source)
        return page.evaluate(
            """([selector, tags]) => axe.run(selector || document, {
                runOnly: {type: "tag", values: tags},
                resultTypes: ["violations"],
            }).then(results => results.violations)""",
            [context_selector, AXE_TAGS],
        )

    return run


def _format_violations(violations):
    lines = []
    for violation in violations:
        impact, rule = violation["impact"], violation["id"]
        lines.append(f"[{impact}] {rule}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            lines.append(f"    {json.dumps(node['target'])}: {node['failureSummary']}")
            lines.append(f"        {node['html'][:200]}")
    return "\n".join(lines)


@pytest.fixture
def assert_no_axe_violations(axe_check):
    """Fail with a readable list when axe-core finds a problem of any impact on a page."""

    def check(page, context_selector=None):
        violations = axe_check(page, context_selector)
        blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
        assert not blocking, "axe-core found violations:\n" + (_format_violations(blocking))
        return violations

    return check
