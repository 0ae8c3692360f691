"""Sign-in, sign-up and reset answer the same, and hash a password, whether or not a number
has an account (a structural test: it counts hasher runs, it does not time anything)."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests import hashers
from tests.cast import PASSWORD, Cast, build_cast

pytestmark = pytest.mark.django_db

KNOWN = "0912345678"  # An's number
UNKNOWN = "0933333333"


@pytest.fixture
def counting(settings: Any, places: None) -> Cast:
    cast = build_cast()
    settings.PASSWORD_HASHERS = ["tests.hashers.CountingHasher"]
    return cast


def _run(post: Callable[[Client, str], Any], phone: str) -> tuple[int, str, int]:
    hashers.CALLS.clear()
    response = post(Client(), phone)
    return response.status_code, response.get("Location", ""), len(hashers.CALLS)


def sign_in(client: Client, phone: str) -> Any:
    return client.post("/accounts/sign-in/", {"phone": phone, "password": "khong-dung-dau"})


def sign_up(client: Client, phone: str) -> Any:
    form = {
        "full_name": "Người Lạ",
        "phone": phone,
        "birth_year": "1970",
        "learner_group": "citizen",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "consent": "on",
        "place": "00004",
    }
    return client.post("/accounts/sign-up/?place=00004", form)


def reset(client: Client, phone: str) -> Any:
    return client.post("/accounts/reset/", {"phone": phone})


def reset_confirm(client: Client, phone: str) -> Any:
    return client.post(
        "/accounts/reset/confirm/",
        {"phone": phone, "code": "123456", "password1": PASSWORD, "password2": PASSWORD},
    )


@pytest.mark.parametrize("post", [sign_in, sign_up, reset, reset_confirm], ids=lambda f: f.__name__)
def test_known_and_unknown_numbers_look_the_same(
    counting: Cast, post: Callable[[Client, str], Any]
) -> None:
    known = _run(post, KNOWN)
    unknown = _run(post, UNKNOWN)
    assert known == unknown
    assert known[2] >= 1, "the password hasher must run on both paths"
