"""Signing in and out; lockout that strangers cannot use against someone; no account leaks."""

from typing import Any

import pytest
from django.test import Client

from hocvuso.accounts.models import User
from tests.cast import PASSWORD, Cast

pytestmark = pytest.mark.django_db


def _sign_in(phone: str, password: str, ip: str = "203.0.113.5", **headers: str) -> Any:
    client = Client(REMOTE_ADDR=ip)
    return client.post(
        "/accounts/sign-in/", {"phone": phone, "password": password}, headers=headers
    )


@pytest.mark.parametrize("typed", ["0912 345 678", "+84912345678", "84-912-345-678"])
def test_a_learner_signs_in_with_any_form_of_the_number(cast: Cast, typed: str) -> None:
    response = _sign_in(typed, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/"


def test_a_wrong_password_and_an_unknown_number_get_the_same_answer(cast: Cast) -> None:
    wrong = _sign_in("0912345678", "sai-mat-khau-roi")
    unknown = _sign_in("0933333333", "sai-mat-khau-roi")
    assert wrong.status_code == unknown.status_code == 200
    assert wrong.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()


def test_sign_out_ends_the_session_and_clears_the_device(cast: Cast, client: Client) -> None:
    client.post("/accounts/sign-in/", {"phone": "0912345678", "password": PASSWORD})
    response = client.post("/accounts/sign-out/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert client.get("/accounts/profile/").status_code == 302


def test_sign_out_rejects_get(client: Client) -> None:
    assert client.get("/accounts/sign-out/").status_code == 405


def test_personal_pages_are_never_cached(cast: Cast, client: Client) -> None:
    client.post("/accounts/sign-in/", {"phone": "0912345678", "password": PASSWORD})
    cache_control = client.get("/accounts/profile/")["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control


def test_failures_lock_the_number_from_that_address_only(cast: Cast) -> None:
    for _ in range(5):
        _sign_in("0912345678", "sai-mat-khau-roi", ip="198.51.100.7")
    locked = _sign_in("0912345678", PASSWORD, ip="198.51.100.7")
    assert locked.status_code == 429
    assert "15 phút" in locked.text
    # The real owner, at home on another address, is not locked out by the attacker.
    assert _sign_in("0912345678", PASSWORD, ip="203.0.113.99").status_code == 302


def test_a_forged_forwarded_for_header_does_not_reset_the_lock(cast: Cast) -> None:
    for attempt in range(5):
        _sign_in(
            "0912345678",
            "sai-mat-khau-roi",
            ip="198.51.100.7",
            **{"X-Forwarded-For": f"10.0.0.{attempt}"},
        )
    again = _sign_in("0912345678", PASSWORD, ip="198.51.100.7", **{"X-Forwarded-For": "10.9.9.9"})
    assert again.status_code == 429


def test_typing_the_number_differently_does_not_dodge_the_lock(cast: Cast) -> None:
    for typed in ["0912345678", "+84912345678", "84-912-345-678", "0912 345 678", "0912.345.678"]:
        _sign_in(typed, "sai-mat-khau-roi", ip="198.51.100.7")
    assert _sign_in("0912345678", PASSWORD, ip="198.51.100.7").status_code == 429


def test_a_landline_is_refused_with_the_reason(places: None) -> None:
    response = _sign_in("024 3825 3536", PASSWORD)
    assert response.status_code == 200
    assert 'value="024 3825 3536"' in response.text
    assert not User.objects.exists()


def test_next_is_followed_only_on_this_site(cast: Cast) -> None:
    client = Client()
    response = client.post(
        "/accounts/sign-in/?next=https://evil.example/",
        {"phone": "0912345678", "password": PASSWORD},
    )
    assert response["Location"] == "/accounts/profile/"
