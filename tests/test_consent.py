"""A person reads what they agreed to and can withdraw it."""

import pytest
from django.test import Client

from hocvuso.accounts.models import AccountStatus, Consent, User
from tests.cast import PASSWORD, Cast, sign_in

pytestmark = pytest.mark.django_db


def test_a_person_reads_the_text_they_agreed_to(cast: Cast) -> None:
    an = sign_in(Client(), cast.an)
    page = an.get("/accounts/consent/")
    consent = Consent.objects.get(user=cast.an)
    assert consent.text.splitlines()[0][2:] in page.text
    assert consent.version in page.text


def test_withdrawing_asks_first_then_signs_out_and_keeps_the_record(cast: Cast) -> None:
    an = sign_in(Client(), cast.an)
    assert an.get("/accounts/consent/withdraw/").status_code == 200
    assert User.objects.get(pk=cast.an.pk).status == AccountStatus.ACTIVE
    assert an.post("/accounts/consent/withdraw/").status_code == 302
    assert User.objects.get(pk=cast.an.pk).status == AccountStatus.WITHDRAWN
    assert Consent.objects.get(user=cast.an).withdrawn_at is not None
    assert an.get("/accounts/profile/").status_code == 302


def test_a_person_who_withdrew_can_agree_again(cast: Cast) -> None:
    an = sign_in(Client(), cast.an)
    an.post("/accounts/consent/withdraw/")
    an = Client()
    assert (
        an.post("/accounts/sign-in/", {"phone": cast.an.phone, "password": PASSWORD}).status_code
        == 302
    )
    assert an.post("/accounts/consent/again/").status_code == 302
    assert User.objects.get(pk=cast.an.pk).status == AccountStatus.ACTIVE
    assert Consent.objects.filter(user=cast.an, withdrawn_at=None).count() == 1


def test_consent_pages_need_sign_in(client: Client) -> None:
    assert client.get("/accounts/consent/").status_code == 302
    assert client.post("/accounts/consent/again/").status_code == 302
