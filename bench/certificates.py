"""Benchmark of certificates: issuing one (signing included), the A4 PDF of one and of a
printing run, checking the signed credential, and the public check page.

Run: .venv/bin/python bench/certificates.py  (a temporary SQLite database)
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
from django.test import Client  # noqa: E402
from django.test.utils import override_settings, setup_test_environment  # noqa: E402

from hocvuso.accounts.actions import Profile, do_register_assisted  # noqa: E402
from hocvuso.accounts.models import LearnerGroup  # noqa: E402
from hocvuso.certificates import credential  # noqa: E402
from hocvuso.certificates.actions import do_issue_certificate  # noqa: E402
from hocvuso.certificates.models import CertificateKind  # noqa: E402
from hocvuso.certificates.pdf import render_certificates  # noqa: E402
from hocvuso.places.actions import do_load_places  # noqa: E402
from hocvuso.places.models import Place  # noqa: E402
from hocvuso.places.official import read_official_data  # noqa: E402
from tests.cast import build_cast  # noqa: E402

PEOPLE = 100


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def main() -> None:
    with override_settings(
        STORAGES=STORAGES, SMS_BACKEND="tests.sms.MemorySender", ALLOWED_HOSTS=["*"]
    ):
        run()


def run() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    do_load_places(read_official_data())
    cast = build_cast()
    place = Place.objects.get(code="00004")
    people = [
        do_register_assisted(
            cast.binh,
            Profile(f"Nguyễn Thị Hoa {n}", 1950 + n % 40, LearnerGroup.CITIZEN, place),
            None,
        )
        for n in range(PEOPLE)
    ]
    times = []
    certificates = []
    for person in people:
        started = time.perf_counter()
        certificates.append(do_issue_certificate(person, CertificateKind.STANDARD))
        times.append(time.perf_counter() - started)
    print(f"issue one certificate (signed VC-JWT, counter): median {ms(statistics.median(times))}")

    started = time.perf_counter()
    one = render_certificates(certificates[:1])
    print(f"PDF of one certificate: {ms(time.perf_counter() - started)}, {len(one) / 1024:.1f} KB")
    started = time.perf_counter()
    many = render_certificates(certificates)
    elapsed = time.perf_counter() - started
    print(
        f"PDF of {PEOPLE} certificates: {elapsed:.2f} s ({ms(elapsed / PEOPLE)} a page), "
        f"{len(many) / 1024:.0f} KB"
    )

    keys = credential.public_keys()
    started = time.perf_counter()
    for certificate in certificates:
        credential.verify(certificate.credential, keys)
    print(f"verify a credential: {ms((time.perf_counter() - started) / PEOPLE)}")

    client = Client()
    times = []
    for certificate in certificates[:25]:
        started = time.perf_counter()
        assert client.get(f"/verify/{certificate.token}/").status_code == 200
        times.append(time.perf_counter() - started)
    print(f"public check page: median {ms(statistics.median(times))}")


if __name__ == "__main__":
    main()
