"""The shared cast of STYLE.md, built through the real actions.

An: a learner in Phường Ba Đình (Hà Nội). Bình: a volunteer in An's ward. Chi: an officer of
another province (Thành phố Hồ Chí Minh). Dũng: the Hà Nội province officer above An. Plus an
admin of the whole country, and people and roles to point at in and out of each scope.
"""

from dataclasses import dataclass

import pyotp
from django.test import Client
from django.utils import timezone

from hocvuso.accounts import twostep
from hocvuso.accounts.actions import (
    Profile,
    do_grant_role,
    do_register_assisted,
    do_sign_up,
    do_verify_phone,
)
from hocvuso.accounts.models import LearnerGroup, Role, RoleKind, User
from hocvuso.lib.phones import parse_vn_mobile
from hocvuso.places.models import Place
from tests.sms import last_code

PASSWORD = "hoc-chu-so-moi-ngay"
BA_DINH = "00004"
# What a person types on the sign-up page (Hoa, a new learner in Ba Đình).
SIGN_UP_FORM = {
    "full_name": "Nguyễn Thị Hoa",
    "phone": "0987 654 321",
    "birth_year": "1955",
    "learner_group": "citizen",
    "password1": PASSWORD,
    "password2": PASSWORD,
    "consent": "on",
    "place": BA_DINH,
}
HCM = "79"


def hcm_commune() -> Place:
    return Place.objects.filter(parent__code=HCM).order_by("code").first()  # type: ignore[return-value]


def sign_up(
    phone: str, name: str, place: Place, birth_year: int = 1958, group: str = LearnerGroup.CITIZEN
) -> User:
    """A person signs up and verifies their phone with the code they received."""
    profile = Profile(full_name=name, birth_year=birth_year, learner_group=group, home_place=place)
    phone = parse_vn_mobile(phone)
    pending = do_sign_up(phone, PASSWORD, profile)
    assert pending is not None
    verified = do_verify_phone(phone, last_code(phone), pending.pk)
    assert verified is not None
    return verified


def totp_code(user: User) -> str:
    """A valid authenticator code; the last accepted step is cleared first, as if the next
    30-second step had come (each step is accepted once)."""
    User.objects.filter(pk=user.pk).update(totp_last_step=0)
    user.refresh_from_db()
    return pyotp.TOTP(user.totp_secret).now()


@dataclass
class Cast:
    an: User
    binh: User
    chi: User
    dung: User
    admin: User
    em: User  # a learner in Chi's province
    lan: User  # registered by Bình, no phone
    mai: User  # registered by Chi, no phone
    role_binh: Role
    role_chi: Role


def build_cast() -> Cast:
    ba_dinh = Place.objects.get(code=BA_DINH)
    saigon = hcm_commune()
    admin = User.objects.create_superuser("0900000009", PASSWORD, full_name="Quản trị viên")
    an = sign_up("0912345678", "Nguyễn Thị An", ba_dinh)
    binh = sign_up(
        "0912000002", "Trần Văn Bình", ba_dinh, birth_year=2003, group=LearnerGroup.STUDENT
    )
    chi = sign_up(
        "0912000003", "Lê Thị Chi", saigon, birth_year=1985, group=LearnerGroup.CIVIL_SERVANT
    )
    dung = sign_up(
        "0912000004", "Phạm Văn Dũng", ba_dinh, birth_year=1978, group=LearnerGroup.CIVIL_SERVANT
    )
    em = sign_up("0912000005", "Võ Văn Em", saigon)
    role_binh = do_grant_role(admin, binh, RoleKind.VOLUNTEER, ba_dinh)
    role_chi = do_grant_role(admin, chi, RoleKind.OFFICER, Place.objects.get(code=HCM))
    do_grant_role(admin, dung, RoleKind.OFFICER, Place.objects.get(code="01"))
    # Each officer also edits the content packs of their own province.
    do_grant_role(admin, dung, RoleKind.EDITOR, Place.objects.get(code="01"))
    do_grant_role(admin, chi, RoleKind.EDITOR, Place.objects.get(code=HCM))
    today = timezone.now()
    lan = do_register_assisted(
        binh, Profile("Đỗ Thị Lan", 1950, LearnerGroup.CITIZEN, ba_dinh), today
    )
    mai = do_register_assisted(
        chi, Profile("Hồ Thị Mai", 1952, LearnerGroup.CITIZEN, saigon), today
    )
    return Cast(an, binh, chi, dung, admin, em, lan, mai, role_binh, role_chi)


def sign_in(client: Client, user: User) -> Client:
    """Sign in through the real pages; a staff member also sets up and passes the two-step
    sign-in with a valid code from their authenticator secret."""
    assert user.phone
    response = client.post("/accounts/sign-in/", {"phone": user.phone, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    if "/accounts/two-step/setup/" in response["Location"]:
        user.refresh_from_db()
        twostep.start_setup(user)
        response = client.post("/accounts/two-step/setup/", {"code": totp_code(user)})
        assert response.status_code == 200
    elif "/accounts/two-step/" in response["Location"]:
        response = client.post("/accounts/two-step/", {"code": totp_code(user)})
        assert response.status_code == 302
    return client
