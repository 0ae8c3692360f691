"""Signing up with a mobile number and consent; verifying the phone; a guardian's consent."""

import pytest
from django.test import Client
from django.utils import timezone

from hocvuso.accounts.consent_text import CONSENT_VERSION
from hocvuso.accounts.models import AccountStatus, Consent, ConsentKind, User
from tests.cast import PASSWORD, Cast
from tests.sms import OUTBOX, last_code

pytestmark = pytest.mark.django_db

FORM = {
    "full_name": "Nguyễn Thị Hoa",
    "phone": "0987 654 321",
    "birth_year": "1955",
    "learner_group": "citizen",
    "password1": PASSWORD,
    "password2": PASSWORD,
    "consent": "on",
    "place": "00004",
}


def test_sign_up_needs_a_place_first(places: None, client: Client) -> None:
    response = client.get("/accounts/sign-up/")
    assert response.status_code == 200
    assert 'href="/places/pick/?next=/accounts/sign-up/"' in response.text
    assert '<form method="post" action="/accounts/sign-up/' not in response.text
    assert 'name="place" value="00004"' in client.get("/accounts/sign-up/?place=00004").text


def test_a_person_signs_up_and_verifies_the_phone(places: None, client: Client) -> None:
    response = client.post("/accounts/sign-up/?place=00004", FORM)
    assert response.status_code == 302 and response["Location"] == "/accounts/verify/"
    user = User.objects.get(phone="+84987654321")
    assert (user.full_name, user.birth_year, user.home_place.code) == (
        "Nguyễn Thị Hoa",
        1955,
        "00004",
    )
    assert not user.is_verified
    consent = Consent.objects.get(user=user)
    assert consent.kind == ConsentKind.SELF and consent.version == CONSENT_VERSION
    assert consent.given_at is not None and consent.text.startswith("- ")
    assert "0987 *** 321" in client.get("/accounts/verify/").text

    wrong = client.post("/accounts/verify/", {"code": "000000"})
    assert "không đúng hoặc đã hết hạn" in wrong.text
    done = client.post("/accounts/verify/", {"code": last_code("+84987654321")})
    assert done.status_code == 302 and done["Location"] == "/accounts/profile/"
    user.refresh_from_db()
    assert user.is_verified
    assert "Nguyễn Thị Hoa" in client.get("/accounts/profile/").text


def test_errors_keep_what_the_person_typed(places: None, client: Client) -> None:
    bad = {**FORM, "phone": "024 3825 3536", "password2": "khac"}
    response = client.post("/accounts/sign-up/?place=00004", bad)
    assert response.status_code == 200
    assert "điện thoại bàn" in response.text
    assert 'value="Nguyễn Thị Hoa"' in response.text
    assert 'value="024 3825 3536"' in response.text
    assert not User.objects.filter(full_name="Nguyễn Thị Hoa").exists()


def test_common_passwords_are_refused(places: None, client: Client) -> None:
    response = client.post(
        "/accounts/sign-up/?place=00004",
        {**FORM, "password1": "password123", "password2": "password123"},
    )
    assert response.status_code == 200
    assert not User.objects.filter(phone="+84987654321").exists()


def test_without_consent_no_account_is_made(places: None, client: Client) -> None:
    response = client.post(
        "/accounts/sign-up/?place=00004", {k: v for k, v in FORM.items() if k != "consent"}
    )
    assert response.status_code == 200
    assert not User.objects.exists()


def test_a_registered_number_gets_the_same_answer_and_nothing_changes(
    cast: Cast, client: Client
) -> None:
    before = User.objects.get(pk=cast.an.pk)
    OUTBOX.clear()
    response = client.post(
        "/accounts/sign-up/?place=00004",
        {**FORM, "phone": "0912 345 678", "full_name": "Kẻ Giả Mạo"},
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/verify/"
    after = User.objects.get(pk=cast.an.pk)
    assert (after.full_name, after.password) == (before.full_name, before.password)
    assert OUTBOX == []  # no code: nothing for a stranger to type


def test_a_learner_under_16_waits_for_a_guardian(places: None, client: Client) -> None:
    year = timezone.now().year - 12
    child = {**FORM, "birth_year": str(year), "learner_group": "student"}
    missing = client.post("/accounts/sign-up/?place=00004", child)
    assert missing.status_code == 200
    assert "cha mẹ hoặc người giám hộ" in missing.text
    with_guardian = {
        **child,
        "guardian_name": "Nguyễn Văn Ba",
        "guardian_relation": "bố",
        "guardian_phone": "0977 111 222",
    }
    assert client.post("/accounts/sign-up/?place=00004", with_guardian).status_code == 302
    client.post("/accounts/verify/", {"code": last_code("+84987654321")})
    user = User.objects.get(phone="+84987654321")
    assert user.status == AccountStatus.AWAITING_GUARDIAN

    signed_in = Client().post("/accounts/sign-in/", {"phone": "0987654321", "password": PASSWORD})
    assert signed_in.status_code == 200
    assert "_auth_user_id" not in signed_in.client.session

    confirm = client.post(
        "/accounts/guardian/", {"phone": "0987654321", "code": last_code("+84977111222")}
    )
    assert confirm.status_code == 302
    user.refresh_from_db()
    assert user.status == AccountStatus.ACTIVE
    guardian = Consent.objects.get(user=user, kind=ConsentKind.GUARDIAN)
    assert (guardian.guardian_name, guardian.guardian_relation, guardian.guardian_phone) == (
        "Nguyễn Văn Ba",
        "bố",
        "+84977111222",
    )
    assert guardian.given_at is not None
    assert (
        Client()
        .post("/accounts/sign-in/", {"phone": "0987654321", "password": PASSWORD})
        .status_code
        == 302
    )


def test_a_wrong_guardian_code_activates_nothing(places: None, client: Client) -> None:
    year = timezone.now().year - 12
    child = {
        **FORM,
        "birth_year": str(year),
        "guardian_name": "Bà Tư",
        "guardian_relation": "bà",
        "guardian_phone": "0977 111 222",
    }
    client.post("/accounts/sign-up/?place=00004", child)
    response = client.post("/accounts/guardian/", {"phone": "0987654321", "code": "123456"})
    assert response.status_code == 200
    assert User.objects.get(phone="+84987654321").status == AccountStatus.AWAITING_GUARDIAN


def test_codes_are_not_sent_without_limit(places: None, client: Client) -> None:
    client.post("/accounts/sign-up/?place=00004", FORM)
    for _ in range(10):
        client.post("/accounts/verify/resend/")
    assert len([to for to, _text in OUTBOX if to == "+84987654321"]) == 5


@pytest.mark.parametrize("url", ["/accounts/sign-up/", "/accounts/verify/", "/accounts/guardian/"])
def test_sign_up_pages_reject_put(client: Client, url: str) -> None:
    assert client.put(url).status_code == 405


def test_resend_rejects_get(client: Client) -> None:
    assert client.get("/accounts/verify/resend/").status_code == 405
