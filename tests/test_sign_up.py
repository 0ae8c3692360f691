"""Signing up with a mobile number and consent; verifying the phone; a guardian's consent."""

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from hocvuso.accounts.consent_text import CONSENT_VERSION
from hocvuso.accounts.models import AccountStatus, Consent, ConsentKind, User
from tests.cast import PASSWORD, SIGN_UP_FORM, Cast
from tests.sms import OUTBOX, last_code

pytestmark = pytest.mark.django_db

FORM = SIGN_UP_FORM


def test_sign_up_needs_a_place_first(places: None, client: Client) -> None:
    response = client.get("/accounts/sign-up/")
    assert response.status_code == 200
    assert 'href="/places/pick/?next=/accounts/sign-up/"' in response.text
    assert '<form method="post" action="/accounts/sign-up/' not in response.text
    assert 'name="place" value="00004"' in client.get("/accounts/sign-up/?place=00004").text


def test_a_person_signs_up_and_verifies_the_phone(places: None, client: Client) -> None:
    response = client.post("/accounts/sign-up/?place=00004", FORM)
    assert response.status_code == 302 and response["Location"] == "/accounts/verify/"
    assert not User.objects.filter(phone="+84987654321").exists()  # not before the code is back
    assert "0987 *** 321" in client.get("/accounts/verify/").text

    wrong = client.post("/accounts/verify/", {"code": "000000"})
    assert "không đúng hoặc đã hết hạn" in wrong.text
    done = client.post("/accounts/verify/", {"code": last_code("+84987654321")})
    assert done.status_code == 302 and done["Location"] == "/accounts/profile/"
    user = User.objects.get(phone="+84987654321")
    assert (user.full_name, user.birth_year, user.home_place.code) == (
        "Nguyễn Thị Hoa",
        1955,
        "00004",
    )
    assert user.is_verified
    consent = Consent.objects.get(user=user)
    assert consent.kind == ConsentKind.SELF and consent.version == CONSENT_VERSION
    assert consent.given_at is not None and consent.text.startswith("- ")
    assert "Nguyễn Thị Hoa" in client.get("/accounts/profile/").text


def test_nobody_can_hold_a_number_they_do_not_have(places: None) -> None:
    squatter, owner = Client(), Client()
    squatter.post("/accounts/sign-up/?place=00004", {**FORM, "full_name": "Kẻ Chiếm Số"})
    own_password = "mat-khau-cua-chu-so"
    owner.post(
        "/accounts/sign-up/?place=00004",
        {**FORM, "password1": own_password, "password2": own_password},
    )
    assert (
        Client()
        .post("/accounts/sign-in/", {"phone": FORM["phone"], "password": PASSWORD})
        .status_code
        == 200
    )
    # Both codes went to the owner's phone; a code works only in the session that asked for it.
    owner_code = last_code("+84987654321")
    assert squatter.post("/accounts/verify/", {"code": owner_code}).status_code == 200
    assert owner.post("/accounts/verify/", {"code": owner_code}).status_code == 302
    user = User.objects.get(phone="+84987654321")
    assert user.full_name == "Nguyễn Thị Hoa" and user.check_password(own_password)


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
    # The owner is told, with no code in the message: nothing for a stranger to type.
    assert [to for to, _ in OUTBOX] == ["+84912345678"]
    assert not any(ch.isdigit() for ch in OUTBOX[0][1].replace("hocvuso", ""))


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
    client.post("/accounts/guardian/", {"phone": "0987654321", "resend": "1"})

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
    guardian = {
        "guardian_name": "Bà Tư",
        "guardian_relation": "bà",
        "guardian_phone": "0977 111 222",
    }
    client.post("/accounts/sign-up/?place=00004", {**FORM, **guardian, "birth_year": str(year)})
    client.post("/accounts/verify/", {"code": last_code("+84987654321")})
    response = client.post("/accounts/guardian/", {"phone": "0987654321", "code": "123456"})
    assert response.status_code == 200
    assert User.objects.get(phone="+84987654321").status == AccountStatus.AWAITING_GUARDIAN


def test_a_child_cannot_be_their_own_guardian(places: None, client: Client) -> None:
    year = timezone.now().year - 12
    own = {"guardian_name": "Tôi", "guardian_relation": "mẹ", "guardian_phone": FORM["phone"]}
    response = client.post(
        "/accounts/sign-up/?place=00004", {**FORM, **own, "birth_year": str(year)}
    )
    assert response.status_code == 200
    assert OUTBOX == []


def test_siblings_with_one_guardian_each_need_their_own_code(places: None) -> None:
    year = str(timezone.now().year - 12)
    guardian = {
        "guardian_name": "Nguyễn Văn Ba",
        "guardian_relation": "bố",
        "guardian_phone": "0977 111 222",
    }
    codes = {}
    for phone in ("0987654321", "0987654322"):
        client = Client()
        client.post(
            "/accounts/sign-up/?place=00004",
            {**FORM, **guardian, "phone": phone, "birth_year": year},
        )
        client.post("/accounts/verify/", {"code": last_code("+84" + phone[1:])})
        codes[phone] = last_code("+84977111222")
    crossed = Client().post(
        "/accounts/guardian/", {"phone": "0987654321", "code": codes["0987654322"]}
    )
    assert crossed.status_code == 200
    assert User.objects.get(phone="+84987654321").status == AccountStatus.AWAITING_GUARDIAN
    for phone, code in codes.items():
        assert (
            Client().post("/accounts/guardian/", {"phone": phone, "code": code}).status_code == 302
        )


def test_a_lost_guardian_code_can_be_sent_again(places: None, client: Client) -> None:
    year = str(timezone.now().year - 12)
    guardian = {
        "guardian_name": "Bà Tư",
        "guardian_relation": "bà",
        "guardian_phone": "0977 111 222",
    }
    client.post("/accounts/sign-up/?place=00004", {**FORM, **guardian, "birth_year": year})
    client.post("/accounts/verify/", {"code": last_code("+84987654321")})
    first = last_code("+84977111222")
    client.post("/accounts/guardian/", {"phone": "0987654321", "resend": "1"})
    second = last_code("+84977111222")
    assert (
        Client().post("/accounts/guardian/", {"phone": "0987654321", "code": first}).status_code
        == 200
        or first == second
    )
    assert (
        Client().post("/accounts/guardian/", {"phone": "0987654321", "code": second}).status_code
        == 302
    )


def test_codes_are_not_sent_without_limit(places: None, client: Client) -> None:
    client.post("/accounts/sign-up/?place=00004", FORM)
    for _ in range(10):
        client.post("/accounts/verify/resend/")
    assert len([to for to, _text in OUTBOX if to == "+84987654321"]) == 5


def test_a_failing_sms_provider_changes_nothing_a_visitor_sees(cast: Cast, settings: Any) -> None:
    settings.SMS_BACKEND = "tests.sms.BrokenSender"
    known = Client().post("/accounts/reset/", {"phone": "0912345678"})
    unknown = Client().post("/accounts/reset/", {"phone": "0933333333"})
    assert known.status_code == unknown.status_code == 302


def test_guessing_codes_from_one_address_is_throttled(places: None, client: Client) -> None:
    client.post("/accounts/sign-up/?place=00004", FORM)
    statuses = [
        client.post("/accounts/verify/", {"code": f"{n:06d}"}).status_code for n in range(25)
    ]
    assert statuses[:20] == [200] * 20
    assert statuses[-1] == 429


@pytest.mark.parametrize("url", ["/accounts/sign-up/", "/accounts/verify/", "/accounts/guardian/"])
def test_sign_up_pages_reject_put(client: Client, url: str) -> None:
    assert client.put(url).status_code == 405


def test_resend_rejects_get(client: Client) -> None:
    assert client.get("/accounts/verify/resend/").status_code == 405
