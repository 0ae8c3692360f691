"""Forgotten passwords: a code by text message, or one handed over in person."""

import pytest
from django.test import Client

from hocvuso.accounts.models import AccountEvent, EventKind
from tests.cast import PASSWORD, Cast, sign_in
from tests.sms import last_code

pytestmark = pytest.mark.django_db
NEW = "mot-mat-khau-moi-that-dai"


def test_a_person_resets_the_password_with_the_texted_code(cast: Cast, client: Client) -> None:
    assert (
        client.post("/accounts/reset/", {"phone": "0912 345 678"})["Location"]
        == "/accounts/reset/confirm/"
    )
    page = client.get("/accounts/reset/confirm/")
    assert 'value="0912 345 678"' in page.text
    done = client.post(
        "/accounts/reset/confirm/",
        {
            "phone": "0912345678",
            "code": last_code("+84912345678"),
            "password1": NEW,
            "password2": NEW,
        },
    )
    assert done.status_code == 302 and done["Location"] == "/accounts/sign-in/"
    assert (
        Client().post("/accounts/sign-in/", {"phone": "0912345678", "password": NEW}).status_code
        == 302
    )
    assert (
        Client()
        .post("/accounts/sign-in/", {"phone": "0912345678", "password": PASSWORD})
        .status_code
        == 200
    )


def test_a_code_works_once(cast: Cast, client: Client) -> None:
    client.post("/accounts/reset/", {"phone": "0912345678"})
    code = last_code("+84912345678")
    form = {"phone": "0912345678", "code": code, "password1": NEW, "password2": NEW}
    assert client.post("/accounts/reset/confirm/", form).status_code == 302
    again = client.post(
        "/accounts/reset/confirm/", {**form, "password1": NEW + "x", "password2": NEW + "x"}
    )
    assert again.status_code == 200
    assert "không đúng hoặc đã hết hạn" in again.text


def test_five_wrong_codes_kill_the_code(cast: Cast, client: Client) -> None:
    client.post("/accounts/reset/", {"phone": "0912345678"})
    code = last_code("+84912345678")
    for _ in range(5):
        client.post(
            "/accounts/reset/confirm/",
            {"phone": "0912345678", "code": "000001", "password1": NEW, "password2": NEW},
        )
    response = client.post(
        "/accounts/reset/confirm/",
        {"phone": "0912345678", "code": code, "password1": NEW, "password2": NEW},
    )
    assert response.status_code == 200


def test_a_volunteer_hands_a_reset_code_in_person(cast: Cast) -> None:
    volunteer = sign_in(Client(), cast.binh)
    page = volunteer.post(f"/accounts/people/{cast.an.pk}/reset-code/")
    assert page.status_code == 200
    code = page.context["code"]
    assert len(code) == 6
    person = Client()
    done = person.post(
        "/accounts/reset/confirm/",
        {"phone": "0912345678", "code": code, "password1": NEW, "password2": NEW},
    )
    assert done.status_code == 302
    event = AccountEvent.objects.filter(user=cast.an, kind=EventKind.PASSWORD_RESET).get()
    assert event.actor == cast.binh


def test_a_volunteer_of_another_place_gets_404(cast: Cast) -> None:
    chi = sign_in(Client(), cast.chi)
    assert chi.post(f"/accounts/people/{cast.an.pk}/reset-code/").status_code == 404
