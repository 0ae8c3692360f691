"""A volunteer registers a person without a phone, helps them, and hands over the account."""

import pytest
from django.test import Client

from hocvuso.accounts.actions import do_verify_phone
from hocvuso.accounts.models import (
    AccountEvent,
    AccountStatus,
    AuditEntry,
    Consent,
    ConsentKind,
    EventKind,
    User,
)
from tests.cast import PASSWORD, Cast, sign_in
from tests.sms import OUTBOX, last_code

pytestmark = pytest.mark.django_db

FORM = {
    "full_name": "Bà Nguyễn Thị Tư",
    "birth_year": "1948",
    "learner_group": "citizen",
    "place": "00004",
    "consent_date": "2026-11-20",
    "consent_confirm": "on",
}


def test_a_volunteer_registers_a_person_with_paper_consent(cast: Cast) -> None:
    binh = sign_in(Client(), cast.binh)
    response = binh.post("/accounts/assisted/new/?place=00004", FORM)
    assert response.status_code == 302
    person = User.objects.get(full_name="Bà Nguyễn Thị Tư")
    assert (person.phone, person.status, person.registered_by) == (
        None,
        AccountStatus.ASSISTED,
        cast.binh,
    )
    assert not person.has_usable_password()
    consent = Consent.objects.get(user=person)
    assert (consent.kind, consent.recorded_by, consent.given_at.date().isoformat()) == (
        ConsentKind.PAPER,
        cast.binh,
        "2026-11-20",
    )
    assert "Bà Nguyễn Thị Tư" in binh.get("/accounts/assisted/").text


def test_a_volunteer_cannot_register_outside_their_area(cast: Cast) -> None:
    binh = sign_in(Client(), cast.binh)
    saigon = cast.em.home_place.code
    response = binh.post(f"/accounts/assisted/new/?place={saigon}", {**FORM, "place": saigon})
    assert response.status_code == 200
    assert not User.objects.filter(full_name="Bà Nguyễn Thị Tư").exists()
    assert 'value="Bà Nguyễn Thị Tư"' in response.text


def test_paper_consent_in_the_future_is_refused(cast: Cast) -> None:
    binh = sign_in(Client(), cast.binh)
    response = binh.post(
        "/accounts/assisted/new/?place=00004", {**FORM, "consent_date": "2099-01-01"}
    )
    assert response.status_code == 200
    assert not User.objects.filter(full_name="Bà Nguyễn Thị Tư").exists()


def test_what_a_volunteer_does_for_a_person_records_who_helped(cast: Cast) -> None:
    binh = sign_in(Client(), cast.binh)
    profile = {
        "full_name": "Đỗ Thị Lan",
        "birth_year": "1951",
        "learner_group": "citizen",
        "place": "00004",
    }
    refused = binh.post(f"/accounts/assisted/{cast.lan.pk}/", profile)
    assert refused.status_code == 302
    assert User.objects.get(pk=cast.lan.pk).birth_year == 1950
    binh.post(f"/accounts/assisted/{cast.lan.pk}/start/")
    assert (
        "Bạn đang hỗ trợ" in binh.get("/accounts/assisted/").text
        or "Đỗ Thị Lan" in binh.get("/accounts/assisted/").text
    )
    assert binh.post(f"/accounts/assisted/{cast.lan.pk}/", profile).status_code == 302
    assert User.objects.get(pk=cast.lan.pk).birth_year == 1951
    event = AccountEvent.objects.get(user=cast.lan, kind=EventKind.PROFILE_UPDATED)
    assert (event.actor, event.assisted_by) == (cast.binh, cast.binh)
    binh.post("/accounts/assisted/stop/")
    kinds = list(AccountEvent.objects.filter(user=cast.lan).values_list("kind", flat=True))
    assert EventKind.ASSIST_STARTED in kinds and EventKind.ASSIST_ENDED in kinds


def test_the_person_claims_the_account_with_their_own_phone(cast: Cast) -> None:
    binh = sign_in(Client(), cast.binh)
    code = binh.post(f"/accounts/assisted/{cast.lan.pk}/claim-code/").context["code"]
    assert len(code) == 8

    lan = Client()
    form = {
        "claim_code": code.lower(),
        "phone": "0966 123 456",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    assert lan.post("/accounts/claim/", form)["Location"] == "/accounts/verify/"
    assert User.objects.get(pk=cast.lan.pk).phone is None  # not until the phone is proved
    assert (
        lan.post("/accounts/verify/", {"code": last_code("+84966123456")})["Location"]
        == "/accounts/profile/"
    )
    claimed = User.objects.get(pk=cast.lan.pk)
    assert (claimed.phone, claimed.status, claimed.is_verified) == (
        "+84966123456",
        AccountStatus.ACTIVE,
        True,
    )
    assert (
        Client()
        .post("/accounts/sign-in/", {"phone": "0966123456", "password": PASSWORD})
        .status_code
        == 302
    )
    again = Client().post("/accounts/claim/", form)
    assert again.status_code == 200  # the claim code is spent


def test_a_claim_with_a_taken_number_reveals_nothing_and_takes_nothing(cast: Cast) -> None:
    binh = sign_in(Client(), cast.binh)
    code = binh.post(f"/accounts/assisted/{cast.lan.pk}/claim-code/").context["code"]
    taken = {
        "claim_code": code,
        "phone": "0912345678",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    response = Client().post("/accounts/claim/", taken)
    assert response.status_code == 302  # the same answer as for a free number
    # An, who holds that phone, gets a code; even typed, it cannot move her number.
    assert do_verify_phone("+84912345678", last_code("+84912345678")) is None
    assert User.objects.get(pk=cast.lan.pk).phone is None
    ok = Client().post("/accounts/claim/", {**taken, "phone": "0966123456"})
    assert ok.status_code == 302


def test_a_wrong_claim_code_is_refused(cast: Cast) -> None:
    response = Client().post(
        "/accounts/claim/",
        {
            "claim_code": "ABCDEFGH",
            "phone": "0966123456",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 200
    assert 'value="0966123456"' in response.text


def test_a_learner_cannot_open_volunteer_pages(cast: Cast) -> None:
    an = sign_in(Client(), cast.an)
    assert an.get("/accounts/assisted/").status_code == 403
    assert Client().get("/accounts/assisted/").status_code == 302


def test_a_volunteer_cannot_act_for_people_who_hold_roles(cast: Cast) -> None:
    binh = sign_in(Client(), cast.binh)
    # Dũng lives in Bình's ward but is the province officer: no code, no edits by a volunteer.
    assert binh.post(f"/accounts/people/{cast.dung.pk}/reset-code/").status_code == 404
    assert binh.get(f"/accounts/assisted/{cast.dung.pk}/").status_code == 404
    assert binh.post(f"/accounts/assisted/{cast.dung.pk}/start/").status_code == 404
    # An is a learner who signed up herself: a reset code yes, edits of her details no.
    assert binh.post(f"/accounts/people/{cast.an.pk}/reset-code/").status_code == 200
    assert binh.get(f"/accounts/assisted/{cast.an.pk}/").status_code == 404


def test_a_reset_code_handed_in_person_is_announced_to_the_phone(cast: Cast) -> None:
    binh = sign_in(Client(), cast.binh)
    binh.post(f"/accounts/people/{cast.an.pk}/reset-code/")
    assert any(to == "+84912345678" and "Trần Văn Bình" in text for to, text in OUTBOX)


def test_a_volunteer_cannot_move_a_person_out_of_their_area(cast: Cast) -> None:
    binh = sign_in(Client(), cast.binh)
    binh.post(f"/accounts/assisted/{cast.lan.pk}/start/")
    saigon = cast.em.home_place.code
    moved = binh.post(
        f"/accounts/assisted/{cast.lan.pk}/?place={saigon}",
        {
            "full_name": "Đỗ Thị Lan",
            "birth_year": "1950",
            "learner_group": "citizen",
            "place": saigon,
        },
    )
    assert moved.status_code == 200
    assert User.objects.get(pk=cast.lan.pk).home_place.code == "00004"


def test_looking_after_people_is_audited(cast: Cast) -> None:
    binh = sign_in(Client(), cast.binh)
    binh.get("/accounts/assisted/")
    binh.get(f"/accounts/assisted/{cast.lan.pk}/")
    actions = set(AuditEntry.objects.filter(actor=cast.binh).values_list("action", flat=True))
    assert {"list_assisted", "view_assisted"} <= actions
