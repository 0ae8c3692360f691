"""Browser-test harness: Debian's Chromium through Playwright, axe-core, and layout checks.

Every page-level feature uses these fixtures and helpers:
- `page` (360x640 phone), `desktop_page` (1280x800) and `nojs_page` (phone, JavaScript off), each
  recording console errors such as Content-Security-Policy violations;
- `axe(page)` injects axe-core (pinned in package.json) with page.evaluate, so the page's CSP
  stays on, and fails on any WCAG 2.1 A or AA violation;
- `assert_no_sideways_scroll(page)` fails if the page scrolls sideways at 320 px;
- `use_large_text(page)` presses the "Large text" switch the way a person would.
"""

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
AXE_SOURCE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 360, "height": 640}
DESKTOP = {"width": 1280, "height": 800}
NARROWEST = 320


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/ensure-chromium (make test does).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True
        )
        yield browser
        browser.close()


def _new_page(browser: Browser, **options: Any) -> tuple[BrowserContext, Page]:
    context = browser.new_context(**options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []

    def record(msg: ConsoleMessage) -> None:
        # An error page's own status (404, 500) is what the test asked for, not a fault.
        if msg.type == "error" and not (
            msg.text.startswith("Failed to load resource") and msg.location.get("url") == page.url
        ):
            errors.append(msg.text)

    page.on("console", record)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.console_errors = errors  # type: ignore[attr-defined]
    return context, page


@pytest.fixture
def page(chromium: Browser, live_server: Any, places: None) -> Iterator[Page]:
    context, page = _new_page(chromium, viewport=PHONE, base_url=live_server.url)
    yield page
    context.close()


@pytest.fixture
def desktop_page(chromium: Browser, live_server: Any, places: None) -> Iterator[Page]:
    context, page = _new_page(chromium, viewport=DESKTOP, base_url=live_server.url)
    yield page
    context.close()


@pytest.fixture
def nojs_page(chromium: Browser, live_server: Any, places: None) -> Iterator[Page]:
    context, page = _new_page(
        chromium, viewport=PHONE, base_url=live_server.url, java_script_enabled=False
    )
    yield page
    context.close()


def axe(page: Page) -> None:
    """Fail with a readable list if axe-core finds any WCAG 2.1 A/AA violation on the page."""
    if not AXE_SOURCE.exists():
        pytest.fail(f"{AXE_SOURCE} is missing: run 'npm ci' (make test does).")
    page.evaluate(AXE_SOURCE.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    violations = [
        {
            "rule": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]
    assert not violations, f"axe found on {page.url}:\n{json.dumps(violations, indent=1)}"


def assert_no_sideways_scroll(page: Page) -> None:
    """Fail if the page, at 320 px wide, is wider than the screen."""
    size = page.viewport_size or PHONE
    page.set_viewport_size({"width": NARROWEST, "height": size["height"]})
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    page.set_viewport_size(size)
    assert widths[0] <= widths[1], f"{page.url} scrolls sideways at 320 px: {widths}"


def assert_no_console_errors(page: Page) -> None:
    errors = page.console_errors  # type: ignore[attr-defined]
    assert not errors, f"console errors on {page.url}: {errors}"


def use_large_text(page: Page) -> None:
    page.get_by_role("button", name="Chữ to").click()
    page.wait_for_load_state()
    assert page.evaluate("() => document.documentElement.classList.contains('text-large')")


def check_page(page: Page) -> None:
    """The checks every page passes: axe, no sideways scroll, no console or CSP errors."""
    axe(page)
    assert_no_sideways_scroll(page)
    assert_no_console_errors(page)
