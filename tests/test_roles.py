"""Roles on the place tree: officers grant inside their own scope; sub-units under communes."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hocvuso.accounts.models import Role, RoleKind, User
from hocvuso.places.models import Level, Place, PlaceKind
from tests.cast import Cast, sign_in

pytestmark = pytest.mark.django_db


def test_a_role_covers_its_whole_subtree(cast: Cast) -> None:
    visible = set(User.objects.visible_to(cast.dung).values_list("pk", flat=True))
    assert {cast.an.pk, cast.binh.pk, cast.lan.pk} <= visible
    assert cast.em.pk not in visible and cast.mai.pk not in visible


def test_a_learner_sees_only_themselves(cast: Cast) -> None:
    assert list(User.objects.visible_to(cast.an)) == [cast.an]


def test_an_officer_grants_a_role_inside_their_province(cast: Cast) -> None:
    dung = sign_in(Client(), cast.dung)
    response = dung.post(
        "/accounts/roles/?place=00004",
        {"phone": "0912345678", "kind": "volunteer", "place": "00004"},
    )
    assert response.status_code == 302
    assert Role.objects.filter(user=cast.an, kind=RoleKind.VOLUNTEER, place__code="00004").exists()


def test_an_officer_cannot_grant_in_another_province(cast: Cast) -> None:
    dung = sign_in(Client(), cast.dung)
    saigon = cast.em.home_place.code
    response = dung.post(
        f"/accounts/roles/?place={saigon}",
        {"phone": "0912345678", "kind": "volunteer", "place": saigon},
    )
    assert response.status_code == 200
    assert not Role.objects.filter(user=cast.an, kind=RoleKind.VOLUNTEER).exists()
    assert 'value="0912345678"' in response.text


def test_only_an_admin_makes_an_admin(cast: Cast) -> None:
    dung = sign_in(Client(), cast.dung)
    response = dung.post(
        "/accounts/roles/?place=01", {"phone": "0912345678", "kind": "admin", "place": "01"}
    )
    assert response.status_code == 200
    assert not Role.objects.filter(user=cast.an, kind=RoleKind.ADMIN).exists()


def test_a_role_for_an_unknown_number_asks_them_to_sign_up(cast: Cast) -> None:
    dung = sign_in(Client(), cast.dung)
    response = dung.post(
        "/accounts/roles/?place=00004",
        {"phone": "0933333333", "kind": "volunteer", "place": "00004"},
    )
    assert response.status_code == 200
    assert (
        not Role.objects.filter(place__code="00004", kind=RoleKind.VOLUNTEER)
        .exclude(user=cast.binh)
        .exists()
    )


def test_removing_a_role_asks_first(cast: Cast) -> None:
    dung = sign_in(Client(), cast.dung)
    confirm = dung.get(f"/accounts/roles/{cast.role_binh.pk}/revoke/")
    assert confirm.status_code == 200
    assert Role.objects.filter(pk=cast.role_binh.pk).exists()
    assert dung.post(f"/accounts/roles/{cast.role_binh.pk}/revoke/").status_code == 302
    assert not Role.objects.filter(pk=cast.role_binh.pk).exists()


def test_an_officer_adds_a_village_under_a_commune_in_scope(cast: Cast) -> None:
    dung = sign_in(Client(), cast.dung)
    response = dung.post(
        "/accounts/places/00004/subunits/", {"name": "Tổ dân phố số 5", "kind": "to_dan_pho"}
    )
    assert response.status_code == 302
    village = Place.objects.get(name="Tổ dân phố số 5")
    assert (village.level, village.kind, village.parent.code) == (
        Level.SUBUNIT,
        PlaceKind.RESIDENTIAL_GROUP,
        "00004",
    )
    assert village.path == "VN/01/00004/00004-001/"
    assert Place.objects.search("to dan pho so 5 ba dinh").get() == village
    duplicate = dung.post(
        "/accounts/places/00004/subunits/", {"name": "tổ dân phố số 5", "kind": "to_dan_pho"}
    )
    assert duplicate.status_code == 200
    assert Place.objects.filter(parent__code="00004").count() == 1


def test_a_sub_unit_of_a_province_is_refused(cast: Cast) -> None:
    dung = sign_in(Client(), cast.dung)
    assert dung.get("/accounts/places/01/subunits/").status_code == 404


def test_the_role_list_stays_flat_in_queries(cast: Cast) -> None:
    admin = sign_in(Client(), cast.admin)
    with CaptureQueriesContext(connection) as few:
        admin.get("/accounts/roles/")
    for number in range(30):
        user = User.objects.create_user(f"+8491300{number:04d}", None, full_name=f"Người {number}")
        Role.objects.create(
            user=user, kind=RoleKind.VOLUNTEER, place=Place.objects.get(code="00004")
        )
    with CaptureQueriesContext(connection) as many:
        admin.get("/accounts/roles/")
    assert len(many) <= len(few) + 1


@pytest.mark.parametrize(
    ("member", "url"), [("dung", "/accounts/people/"), ("binh", "/accounts/assisted/")]
)
def test_people_lists_stay_flat_in_queries(cast: Cast, member: str, url: str) -> None:
    client = sign_in(Client(), getattr(cast, member))
    ward = Place.objects.get(code="00004")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    User.objects.bulk_create(
        [
            User(
                phone=f"+8491400{n:04d}",
                full_name=f"Người {n}",
                home_place=ward,
                registered_by=cast.binh,
            )
            for n in range(40)
        ]
    )
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)
