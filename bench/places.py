"""Benchmark of the place tree: loading the units, and the place finder under repeated requests.

Run: .venv/bin/python bench/places.py  (a temporary SQLite database, or DATABASE_URL; prints figures)
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="hocvuso-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hocvuso.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from hocvuso.places.actions import do_load_places  # noqa: E402
from hocvuso.places.official import read_official_data  # noqa: E402

REQUESTS = 200


def timed(label: str, func):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = func()
    print(f"{label}: {(time.perf_counter() - start) * 1000:.0f} ms")
    return result


def percentiles(samples: list[float]) -> str:
    q = statistics.quantiles(samples, n=100)
    return f"p50 {q[49]:.1f} ms, p95 {q[94]:.1f} ms, max {max(samples):.1f} ms"


def main() -> None:
    call_command("migrate", verbosity=0)
    data = timed("read vietnam-provinces", read_official_data)
    report = timed("first load (3,356 units)", lambda: do_load_places(data))
    print(f"  created {report.created}")
    report = timed("second load (no changes)", lambda: do_load_places(data))
    print(f"  changes {report.changes}")

    client = Client(HTTP_HOST="127.0.0.1")
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        for label, params in [
            ("finder, nothing chosen", {}),
            ("finder, Hà Nội chosen", {"province": "01"}),
            ("finder, search 'xa' (page 1 of many)", {"q": "xa"}),
            ("finder, search 'phuong ba dinh'", {"q": "phuong ba dinh"}),
        ]:
            samples = []
            for _ in range(REQUESTS):
                start = time.perf_counter()
                response = client.get("/places/pick/", params)
                samples.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200
            with CaptureQueriesContext(connection) as captured:
                client.get("/places/pick/", params)
            queries = len(captured)
            print(
                f"{label}: {percentiles(samples)}, {queries} SQL queries, {len(response.content)} bytes"
            )


if __name__ == "__main__":
    main()
