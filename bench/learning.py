"""Benchmark of learning: page times and queries with 1,000 lessons and learners, sync
throughput, mastery, and a counter rebuild.

Run: .venv/bin/python bench/learning.py  (a temporary SQLite database, or DATABASE_URL)
"""

import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="hocvuso-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hocvuso.settings")
os.environ.setdefault("SMS_BACKEND", "console")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from hocvuso.accounts.actions import Profile, do_register_assisted  # noqa: E402
from hocvuso.accounts.models import LearnerGroup, User  # noqa: E402
from hocvuso.core.sync import Actor  # noqa: E402
from hocvuso.learning.actions import do_complete_lesson, new_event  # noqa: E402
from hocvuso.learning.mastery import mastery  # noqa: E402
from hocvuso.places.actions import do_load_places  # noqa: E402
from hocvuso.places.models import Place  # noqa: E402
from hocvuso.places.official import read_official_data  # noqa: E402
from hocvuso.tally.actions import do_rebuild_counters  # noqa: E402
from tests.learning_pack import GROUPS, lesson, practice, publish_learning_pack  # noqa: E402

LEARNERS = 1000


def millis(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return f"median {statistics.median(ordered):6.1f} ms, p95 {p95:6.1f} ms"


def main() -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    setup_test_environment()
    call_command("migrate", verbosity=0)
    do_load_places(read_official_data())
    started = time.perf_counter()
    publish_learning_pack(extra_lessons=991)
    print(f"pack of 1,000 lessons published in {time.perf_counter() - started:.1f} s")

    place = Place.objects.get(code="00004")
    volunteer = User.objects.create_superuser("0912000002", "bench-password", full_name="Bình")
    started = time.perf_counter()
    for n in range(LEARNERS):
        person = do_register_assisted(
            volunteer, Profile(f"Người {n}", 1960, LearnerGroup.CITIZEN, place), timezone.now()
        )
        event = new_event(Actor(person), "lesson_completed", {})
        assert event is not None
        do_complete_lesson(Actor(person), lesson(GROUPS[n % 9]), 300, event)
    print(f"{LEARNERS} learners with a completion each in {time.perf_counter() - started:.1f} s")

    learner = User.objects.create_user(
        "+84912345678", "bench-password", full_name="An", home_place=place
    )
    client = Client()
    client.force_login(learner, backend="django.contrib.auth.backends.ModelBackend")

    pages = {
        "lesson": f"/learn/lessons/{lesson('K2').pk}/",
        "catalogue": "/learn/?group=all",
        "path": "/learn/path/",
        "progress": "/learn/progress/",
    }
    for name, address in pages.items():
        assert client.get(address).status_code == 200
        samples = []
        for _ in range(50):
            start = time.perf_counter()
            client.get(address)
            samples.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(address)
        print(f"{name:10s} {millis(samples)}, {len(queries)} queries")

    questions = [q for code in GROUPS for q in practice(code)]
    batches = []
    for _ in range(20):
        batches.append(
            [
                {
                    "kind": "answer_given",
                    "client_id": str(uuid.uuid4()),
                    "client_time": timezone.now().isoformat(),
                    "data": {"question": q.pk, "answer": q.answer},
                }
                for q in questions[:50]
            ]
        )
    start = time.perf_counter()
    for batch in batches:
        response = client.post(
            "/api/sync", json.dumps({"items": batch}), content_type="application/json"
        )
        assert response.status_code == 200
    elapsed = time.perf_counter() - start
    items = sum(len(b) for b in batches)
    print(f"sync       {items} answers in {elapsed:.2f} s: {items / elapsed:.0f} items/s")

    samples = []
    for _ in range(50):
        start = time.perf_counter()
        mastery(learner.pk, place)
        samples.append((time.perf_counter() - start) * 1000)
    print(f"mastery    {millis(samples)}")

    start = time.perf_counter()
    rows = do_rebuild_counters()
    print(f"rebuild    {rows} counter rows in {(time.perf_counter() - start) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
