"""Bytes a phone downloads for the shell pages on a first visit and on a repeat visit.

Serves the app as `make run` does (granian, WhiteNoise, collected and compressed static files)
on a free loopback port, loads each page in Debian's Chromium with an empty cache, and counts
what was transferred until the network was idle.

Run: .venv/bin/python bench/page_weight.py
"""

import sys
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.browser import CHROMIUM, CHROMIUM_FLAGS  # noqa: E402
from tests.served import served_app  # noqa: E402

DETAIL = "--detail" in sys.argv
PAGES = ["/", "/places/pick/", "/places/pick/?q=ha+noi", "/places/pick/?commune=00004"]


def measure(browser: Browser, address: str) -> list[tuple[int, int]]:
    """(responses, bytes) transferred for a first visit with an empty cache, then a repeat."""
    context = browser.new_context(viewport={"width": 360, "height": 640})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    sizes: list[int] = []
    names: dict[str, str] = {}

    def received(e: dict[str, Any]) -> None:
        names[e["requestId"]] = f"{e['response']['status']} {e['response']['url']}"

    def finished(e: dict[str, Any]) -> None:
        sizes.append(int(e["encodedDataLength"]))
        if DETAIL:
            print(f"    {names.get(e['requestId'], '?')}: {e['encodedDataLength']} B")

    cdp.on("Network.responseReceived", received)
    cdp.on("Network.loadingFinished", finished)
    visits = []
    for _visit in ("first", "repeat"):
        sizes.clear()
        page.goto(address, wait_until="networkidle")
        visits.append((len(sizes), sum(sizes)))
    context.close()
    return visits


def main() -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="hocvuso-weight-"))
    with served_app(data_dir, with_places=True) as app, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for url in PAGES:
            (n1, b1), (n2, b2) = measure(browser, app.base_url + url)
            print(
                f"{url:32} first visit {b1 / 1024:5.1f} KB in {n1} responses; "
                f"repeat {b2 / 1024:5.1f} KB in {n2}"
            )
        browser.close()


if __name__ == "__main__":
    main()
