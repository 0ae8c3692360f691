"""Shared fixtures: the loaded place tree, the browser harness, and test-friendly settings."""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from hocvuso.places.actions import do_load_places
from hocvuso.places.models import Place
from hocvuso.places.official import read_official_data
from tests.cast import Cast, build_cast
from tests.sms import OUTBOX

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytest_plugins = ["tests.browser"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> None:
    """Load the official units once per test database; tests roll back on top of them."""
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        do_load_places(read_official_data())


@pytest.fixture(scope="session")
def certificate_keys(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where tests' certificates get their signing key: never the real DATA_DIR."""
    return tmp_path_factory.mktemp("certificate-keys")


@pytest.fixture(autouse=True)
def _test_settings(settings: Any, certificate_keys: Path) -> None:
    settings.CERTIFICATE_KEYS_DIR = certificate_keys
    settings.PUBLIC_URL = "http://testserver"
    # Static files come from the apps' folders, with no collectstatic manifest.
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # The fast hasher everywhere but the tests of hashing (DESIGN.md).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SMS_BACKEND = "tests.sms.MemorySender"
    OUTBOX.clear()
    cache.clear()


@pytest.fixture
def cast(places: None) -> Cast:
    return build_cast()


@pytest.fixture
def places(db: None) -> Iterator[None]:
    """The official tree; transactional tests (which flush the database) load it again."""
    if not Place.objects.exists():
        do_load_places(read_official_data())
    yield


@pytest.fixture
def client() -> Client:
    return Client()
