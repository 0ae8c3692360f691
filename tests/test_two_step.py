"""Staff must set up an authenticator app and pass the second step before any staff page."""

import pytest
from django.test import Client

from hocvuso.accounts import twostep
from hocvuso.accounts.models import User
from tests.cast import PASSWORD, Cast, sign_in, totp_code

pytestmark = pytest.mark.django_db
STAFF_PAGES = [
    "/accounts/people/",
    "/accounts/roles/",
    "/accounts/audit/",
    "/accounts/places/00004/subunits/",
]


def test_staff_without_an_app_are_sent_to_set_one_up(cast: Cast) -> None:
    client = Client()
    response = client.post("/accounts/sign-in/", {"phone": cast.dung.phone, "password": PASSWORD})
    assert response["Location"].startswith("/accounts/two-step/setup/")
    for url in STAFF_PAGES[:2] + STAFF_PAGES[3:]:
        blocked = client.get(url)
        assert blocked.status_code == 302, url
        assert blocked["Location"].startswith("/accounts/two-step/setup/")
    setup = client.get("/accounts/two-step/setup/")
    assert "<svg" in setup.text


def test_setting_up_shows_backup_codes_once_and_opens_staff_pages(cast: Cast) -> None:
    client = Client()
    client.post("/accounts/sign-in/", {"phone": cast.dung.phone, "password": PASSWORD})
    client.get("/accounts/two-step/setup/")
    wrong = client.post("/accounts/two-step/setup/", {"code": "000000"})
    assert wrong.status_code == 200 and wrong.context["form"].errors
    done = client.post(
        "/accounts/two-step/setup/", {"code": totp_code(User.objects.get(pk=cast.dung.pk))}
    )
    assert len(done.context["codes"]) == twostep.BACKUP_CODES
    assert client.get("/accounts/people/").status_code == 200


def test_a_signed_in_staff_member_must_pass_the_second_step(cast: Cast) -> None:
    sign_in(Client(), cast.dung)  # sets the app up
    client = Client()
    response = client.post("/accounts/sign-in/", {"phone": cast.dung.phone, "password": PASSWORD})
    assert response["Location"].startswith("/accounts/two-step/?")
    assert client.get("/accounts/people/")["Location"].startswith("/accounts/two-step/")
    assert (
        client.post(
            "/accounts/two-step/", {"code": totp_code(User.objects.get(pk=cast.dung.pk))}
        ).status_code
        == 302
    )
    assert client.get("/accounts/people/").status_code == 200


def test_a_backup_code_works_once(cast: Cast) -> None:
    user = User.objects.get(pk=cast.dung.pk)
    twostep.start_setup(user)
    codes = twostep.confirm_setup(user, totp_code(user))
    assert codes is not None
    assert twostep.verify(user, codes[0])
    assert not twostep.verify(user, codes[0])
    assert twostep.verify(user, codes[1].upper())


def test_five_wrong_second_steps_sign_the_person_out(cast: Cast) -> None:
    sign_in(Client(), cast.dung)
    client = Client()
    client.post("/accounts/sign-in/", {"phone": cast.dung.phone, "password": PASSWORD})
    for _ in range(5):
        response = client.post("/accounts/two-step/", {"code": "000000"})
    assert response["Location"] == "/accounts/sign-in/"
    assert client.get("/accounts/profile/").status_code == 302


def test_a_learner_has_no_two_step_pages(cast: Cast) -> None:
    an = sign_in(Client(), cast.an)
    assert an.get("/accounts/two-step/setup/").status_code == 403
    assert an.get("/accounts/people/").status_code == 403


def test_a_volunteer_needs_no_app(cast: Cast) -> None:
    binh = Client()
    response = binh.post("/accounts/sign-in/", {"phone": cast.binh.phone, "password": PASSWORD})
    assert response["Location"] == "/accounts/profile/"
    assert binh.get("/accounts/assisted/").status_code == 200


def test_an_authenticator_code_is_never_accepted_twice(cast: Cast) -> None:
    sign_in(Client(), cast.dung)
    code = totp_code(User.objects.get(pk=cast.dung.pk))
    first, second = Client(), Client()
    for client in (first, second):
        client.post("/accounts/sign-in/", {"phone": cast.dung.phone, "password": PASSWORD})
    assert first.post("/accounts/two-step/", {"code": code}).status_code == 302
    replay = second.post("/accounts/two-step/", {"code": code})
    assert replay.status_code == 200
    assert second.get("/accounts/people/").status_code == 302
