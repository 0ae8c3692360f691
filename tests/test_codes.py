"""One-time codes: limits that strangers cannot use against a person, and nothing kept for long."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from hocvuso.accounts.codes import MAX_SENT_PER_HOUR
from hocvuso.accounts.models import CodePurpose, OneTimeCode
from tests.cast import PASSWORD, SIGN_UP_FORM, Cast, sign_in
from tests.sms import OUTBOX, last_code

pytestmark = pytest.mark.django_db

SIGN_UP = SIGN_UP_FORM


def test_a_warning_about_an_in_person_code_cannot_be_silenced(cast: Cast) -> None:
    for _ in range(MAX_SENT_PER_HOUR):
        Client().post("/accounts/reset/", {"phone": "0912345678"})
    OUTBOX.clear()
    sign_in(Client(), cast.binh).post(f"/accounts/people/{cast.an.pk}/reset-code/")
    assert [to for to, _ in OUTBOX] == ["+84912345678"]


def test_an_old_pending_sign_up_cannot_be_revived(places: None, client: Client) -> None:
    client.post("/accounts/sign-up/?place=00004", SIGN_UP)
    OneTimeCode.objects.update(
        created_at=timezone.now() - timedelta(days=30),
        expires_at=timezone.now() - timedelta(days=30),
    )
    OUTBOX.clear()
    client.post("/accounts/verify/resend/")
    assert OUTBOX == []


def test_a_used_code_keeps_no_personal_details(places: None, client: Client) -> None:
    client.post("/accounts/sign-up/?place=00004", SIGN_UP)
    assert (
        OneTimeCode.objects.get(purpose=CodePurpose.VERIFY).payload["full_name"] == "Nguyễn Thị Hoa"
    )
    client.post("/accounts/verify/", {"code": last_code("+84987654321")})
    assert OneTimeCode.objects.get(purpose=CodePurpose.VERIFY).payload == {}


def test_old_codes_are_purged(places: None, client: Client) -> None:
    client.post("/accounts/sign-up/?place=00004", SIGN_UP)
    OneTimeCode.objects.update(created_at=timezone.now() - timedelta(days=31))
    out = StringIO()
    call_command("purge_codes", stdout=out)
    assert "Deleted 1" in out.getvalue()
    assert not OneTimeCode.objects.exists()


def test_texts_are_in_vietnamese_whatever_the_page_language(places: None, client: Client) -> None:
    client.cookies["django_language"] = "en"
    client.post("/accounts/sign-up/?place=00004", SIGN_UP)
    assert "Mã hocvuso của bạn" in OUTBOX[-1][1] or "mã" in OUTBOX[-1][1].lower()
    assert "Your hocvuso code" not in OUTBOX[-1][1]


def test_failed_guesses_per_number_are_capped_for_the_day(places: None) -> None:
    phone = "+84987654321"
    for n in range(4):  # four sign-ups from four addresses, five wrong guesses each
        client = Client(REMOTE_ADDR=f"203.0.113.{n}")
        client.post("/accounts/sign-up/?place=00004", SIGN_UP)
        for _ in range(5):
            client.post("/accounts/verify/", {"code": "000000"})
    client = Client(REMOTE_ADDR="203.0.113.99")
    OneTimeCode.objects.filter(phone=phone).update(
        created_at=timezone.now() - timedelta(hours=2)
    )  # past the hourly send limit
    client.post("/accounts/sign-up/?place=00004", SIGN_UP)
    # Even the right code is refused today: the number has had its share of wrong guesses.
    assert client.post("/accounts/verify/", {"code": last_code(phone)}).status_code == 200


def test_full_width_digits_in_a_second_step_are_handled(cast: Cast) -> None:
    sign_in(Client(), cast.dung)
    client = Client()
    client.post("/accounts/sign-in/", {"phone": cast.dung.phone, "password": PASSWORD})
    assert client.post("/accounts/two-step/", {"code": "１２３４５６"}).status_code == 200


def test_after_too_many_guesses_a_code_in_person_still_works(cast: Cast) -> None:
    for n in range(4):
        client = Client(REMOTE_ADDR=f"203.0.113.{n}")
        client.post("/accounts/reset/", {"phone": "0912345678"})
        for _ in range(5):
            client.post(
                "/accounts/reset/confirm/",
                {
                    "phone": "0912345678",
                    "code": "000000",
                    "password1": "mot-mat-khau-moi-dai",
                    "password2": "mot-mat-khau-moi-dai",
                },
            )
    code = (
        sign_in(Client(), cast.binh)
        .post(f"/accounts/people/{cast.an.pk}/reset-code/")
        .context["code"]
    )
    done = Client(REMOTE_ADDR="203.0.113.50").post(
        "/accounts/reset/confirm/",
        {
            "phone": "0912345678",
            "code": code,
            "password1": "mot-mat-khau-moi-dai",
            "password2": "mot-mat-khau-moi-dai",
        },
    )
    assert done.status_code == 302
