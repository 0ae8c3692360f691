"""Bytes a phone downloads for each lesson of the default pack, and how long the median lesson
takes to become readable on a slow 3G line.

Serves the app as `make run` does (granian, WhiteNoise, compressed static files, the default
pack published) on a free loopback port and opens every lesson in Debian's Chromium with an
empty cache, counting what was transferred until the network was idle (HTML, CSS, JS, images,
manifest, icons, the service worker and its precache). Then the median lesson again on an
emulated slow 3G line (400 ms round trip, 400 kbit/s down and up), timing until its text is
painted. Budgets (DESIGN.md): median lesson <= 60 KB, heaviest <= 120 KB, readable <= 2.5 s.

Run: .venv/bin/python bench/lesson_weight.py [--detail]
"""

import os

# Lets Playwright report the service worker's own requests (its script and precache).
os.environ["PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS"] = "1"

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.page_weight import measure  # noqa: E402
from tests.browser import CHROMIUM, CHROMIUM_FLAGS  # noqa: E402
from tests.served import served_app  # noqa: E402

SLOW_3G = {
    "offline": False,
    "latency": 400,
    "downloadThroughput": 50_000,
    "uploadThroughput": 50_000,
}


def lesson_pages(data_dir: Path) -> list[tuple[str, int]]:
    """(stable id, pk) of every published lesson, read from the served app's database."""
    env = {**os.environ, "DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    code = (
        "from hocvuso.curriculum.models import Lesson\n"
        "for l in Lesson.objects.filter(retired_at=None).order_by('stable_id'):\n"
        "    print(l.stable_id, l.pk)\n"
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [(line.split()[0], int(line.split()[1])) for line in out.splitlines() if line.strip()]


def service_worker_bytes(browser: object, address: str) -> int:
    """What installing the service worker costs on a first visit: its script and the precache
    requests that the HTTP cache did not already answer (headers included)."""
    context = browser.new_context()  # type: ignore[attr-defined]
    total = 0

    def finished(request: Any) -> None:
        nonlocal total
        if request.service_worker is None:
            return
        sizes = request.sizes()
        body = sizes["responseBodySize"]
        if body < 0:  # answered by the HTTP cache the page had just filled
            return
        if body == 0 and request.response() is not None:  # the script: count it unpacked
            body = len(request.response().body())
        total += body + sizes["responseHeadersSize"]

    context.on("requestfinished", finished)
    page = context.new_page()
    page.goto(address, wait_until="networkidle")
    page.evaluate("() => navigator.serviceWorker.ready.then(() => null)")
    page.wait_for_timeout(1000)
    context.close()
    return total


def readable_seconds(browser: object, address: str) -> float:
    context = browser.new_context(viewport={"width": 360, "height": 640})  # type: ignore[attr-defined]
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    started = time.perf_counter()
    page.goto(address, wait_until="commit")
    page.wait_for_selector(".lesson p", state="visible")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => r(null)))")
    elapsed = time.perf_counter() - started
    context.close()
    return elapsed


def main() -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="hocvuso-lessons-"))
    with (
        served_app(data_dir, with_places=True, with_default_pack=True) as app,
        sync_playwright() as p,
    ):
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        weights: list[tuple[float, float, str, int]] = []
        for stable_id, pk in lesson_pages(data_dir):
            (_n1, first), (_n2, repeat) = measure(browser, f"{app.base_url}/learn/lessons/{pk}/")
            weights.append((first / 1024, repeat / 1024, stable_id, pk))
            if "--detail" in sys.argv:
                print(
                    f"  {stable_id:44} first {first / 1024:5.1f} KB, repeat {repeat / 1024:5.1f} KB"
                )
        weights.sort()
        firsts = [w[0] for w in weights]
        median = weights[len(weights) // 2]
        print(f"{len(weights)} lessons, first visit with an empty cache:")
        print(f"  median {statistics.median(firsts):5.1f} KB ({median[2]})")
        print(f"  heaviest {weights[-1][0]:5.1f} KB ({weights[-1][2]})")
        print(f"  lightest {weights[0][0]:5.1f} KB ({weights[0][2]})")
        print(
            f"  repeat visit, as the page sees it (the service worker answers): median "
            f"{statistics.median(w[1] for w in weights):5.1f} KB"
        )
        worker = service_worker_bytes(browser, f"{app.base_url}/learn/lessons/{median[3]}/") / 1024
        print(f"  the service worker's install adds {worker:4.1f} KB once per phone:")
        print(
            f"  median with it {statistics.median(firsts) + worker:5.1f} KB, heaviest with it {weights[-1][0] + worker:5.1f} KB"
        )
        times = sorted(
            readable_seconds(browser, f"{app.base_url}/learn/lessons/{median[3]}/")
            for _ in range(3)
        )
        print(f"slow 3G, median lesson readable: {times[1]:.2f} s (median of 3 runs)")
        browser.close()


if __name__ == "__main__":
    main()
