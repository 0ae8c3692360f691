"""Benchmark of accounts: password hashing cost, sign-in, and the officer's people list as the
number of people in scope grows (time and SQL queries per page).

Run: .venv/bin/python bench/accounts.py  (a temporary SQLite database, or DATABASE_URL)
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

from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings, setup_test_environment  # noqa: E402

from hocvuso.accounts.models import User  # noqa: E402
from hocvuso.places.actions import do_load_places  # noqa: E402
from hocvuso.places.models import Place  # noqa: E402
from hocvuso.places.official import read_official_data  # noqa: E402
from tests.cast import PASSWORD, build_cast, sign_in  # noqa: E402

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def ms(samples: list[float]) -> str:
    q = statistics.quantiles(samples, n=20)
    return f"p50 {statistics.median(samples):.1f} ms, p95 {q[18]:.1f} ms"


def timed(func, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def counter(executed: list[str]):  # type: ignore[no-untyped-def]
    """An execute wrapper that notes every SQL statement run."""

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        executed.append(sql)
        return execute(sql, params, many, context)

    return count


def main() -> None:
    setup_test_environment()  # lets the client see each page's context
    call_command("migrate", verbosity=0)
    do_load_places(read_official_data())
    print(f"argon2 hash of one password: {ms(timed(lambda: make_password(PASSWORD), 20))}")
    with override_settings(
        STORAGES=STORAGES, SMS_BACKEND="tests.sms.MemorySender", ALLOWED_HOSTS=["*"]
    ):
        cast = build_cast()
        signin = timed(
            lambda: Client().post(
                "/accounts/sign-in/", {"phone": cast.an.phone, "password": PASSWORD}
            ),
            20,
        )
        print(f"sign-in request (argon2 check, session): {ms(signin)}")
        officer = sign_in(Client(), cast.dung)
        ward = Place.objects.get(code="00004")
        existing = 0
        for size in (100, 1_000, 10_000):
            User.objects.bulk_create(
                [
                    User(
                        phone=f"+8491{n:07d}",
                        full_name=f"Người học {n}",
                        home_place=ward,
                        password="!",  # noqa: S106 - an unusable password
                    )
                    for n in range(existing, size)
                ],
                batch_size=2000,
            )
            existing = size
            executed: list[str] = []
            with connection.execute_wrapper(counter(executed)):
                response = officer.get("/accounts/people/")
            assert response.status_code == 200, response.status_code
            assert response.context["counts"]["total"] >= size
            samples = timed(lambda: officer.get("/accounts/people/"), 30)
            print(
                f"people list, {size:>6} people in scope: {ms(samples)}, {len(executed)} SQL queries"
            )
    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")


if __name__ == "__main__":
    main()
