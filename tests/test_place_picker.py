"""The place picker: province, then commune, then an optional sub-unit, without JavaScript."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hocvuso.places.models import Level, Place, PlaceKind

pytestmark = pytest.mark.django_db


def test_it_lists_the_34_provinces_first(places: None, client: Client) -> None:
    response = client.get("/places/pick/")
    assert response.status_code == 200
    assert len(response.context["provinces"]) == 34
    assert response.context["communes"] is None
    assert "Tỉnh Đắk Lắk" in response.text


def test_choosing_a_province_offers_its_communes(places: None, client: Client) -> None:
    response = client.get("/places/pick/", {"province": "01"})
    communes = response.context["communes"]
    assert {c.parent.code for c in communes} == {"01"}
    assert "Phường Ba Đình" in response.text


def test_choosing_a_commune_shows_the_choice(places: None, client: Client) -> None:
    response = client.get("/places/pick/", {"province": "01", "commune": "00004"})
    assert response.context["picked"].deepest.code == "00004"
    assert "Phường Ba Đình, Thành phố Hà Nội" in response.text


def test_a_commune_of_another_province_is_dropped(places: None, client: Client) -> None:
    response = client.get("/places/pick/", {"province": "79", "commune": "00004"})
    assert response.context["picked"].commune is None
    assert response.context["picked"].province.code == "79"


def test_a_commune_alone_brings_its_province(places: None, client: Client) -> None:
    response = client.get("/places/pick/", {"commune": "00004"})
    assert response.context["picked"].province.code == "01"


def test_a_sub_unit_is_optional_and_must_sit_under_the_commune(
    places: None, client: Client
) -> None:
    commune = Place.objects.get(code="00004")
    Place.objects.create(
        code="00004-T1",
        name="Tổ dân phố số 1",
        kind=PlaceKind.RESIDENTIAL_GROUP,
        level=Level.SUBUNIT,
        parent=commune,
        path=Place.make_path(commune.path, "00004-T1"),
        search_key=Place.make_search_key("Tổ dân phố số 1", commune.name),
    )
    response = client.get("/places/pick/", {"commune": "00004"})
    assert "Tổ dân phố số 1" in response.text
    chosen = client.get("/places/pick/", {"commune": "00004", "subunit": "00004-T1"})
    assert chosen.context["picked"].deepest.code == "00004-T1"
    elsewhere = client.get("/places/pick/", {"commune": "00008", "subunit": "00004-T1"})
    assert elsewhere.context["picked"].subunit is None


def test_unknown_codes_are_ignored_not_errors(places: None, client: Client) -> None:
    response = client.get("/places/pick/", {"province": "99", "commune": "<script>"})
    assert response.status_code == 200
    assert response.context["picked"].deepest is None


@pytest.mark.parametrize("field", ["q", "province", "commune", "subunit", "page", "next"])
def test_nul_and_junk_in_any_field_never_break_the_page(
    places: None, client: Client, field: str
) -> None:
    for junk in ("\x00", "01\x00", "x" * 5000, "' OR 1=1 --", "%"):
        response = client.get("/places/pick/", {field: junk, "province": "01"})
        assert response.status_code == 200, (field, junk)
        assert response.context["picked"].province.code == "01"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ha noi", "Thành phố Hà Nội"),
        ("dak lak", "Tỉnh Đắk Lắk"),
        ("phuong ba dinh", "Phường Ba Đình"),
    ],
)
def test_search_without_accents_finds_the_place(
    places: None, client: Client, query: str, expected: str
) -> None:
    response = client.get("/places/pick/", {"q": query})
    assert response.context["results"][0].name == expected


def test_a_search_with_no_match_says_what_to_try(places: None, client: Client) -> None:
    response = client.get("/places/pick/", {"q": "khong co noi nay"})
    assert "Không có địa bàn nào mang tên này" in response.text


def test_a_too_long_search_is_refused_and_kept(places: None, client: Client) -> None:
    query = "xa " * 50
    response = client.get("/places/pick/", {"q": query})
    assert response.status_code == 200
    assert "Vui lòng gõ không quá 100 ký tự." in response.text
    assert response.context["results"] is None
    assert 'value="xa xa xa' in response.text


def test_long_result_lists_are_paginated(places: None, client: Client) -> None:
    first = client.get("/places/pick/", {"q": "xa"})
    results = first.context["results"]
    assert len(results) == 20
    assert results.paginator.count > 1000
    second = client.get("/places/pick/", {"q": "xa", "page": 2})
    assert second.context["results"].number == 2
    assert "Trang 2 /" in second.text
    assert client.get("/places/pick/", {"q": "xa", "page": "abc"}).status_code == 200


def test_the_htmx_endpoint_renders_only_the_results(places: None, client: Client) -> None:
    response = client.get("/places/pick/search/", {"q": "ba dinh"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'id="place-results"' not in response.text  # htmx fills the live region in place
    assert "<html" not in response.text
    assert "Phường Ba Đình" in response.text


def test_choosing_for_another_page_hands_the_place_back(places: None, client: Client) -> None:
    response = client.get("/places/pick/", {"commune": "00004", "next": "/profile/?step=2"})
    assert 'href="/profile/?step=2&amp;place=00004"' in response.text


def test_a_next_address_off_this_site_is_ignored(places: None, client: Client) -> None:
    response = client.get("/places/pick/", {"commune": "00004", "next": "https://evil.example/"})
    assert response.context["next_url"] == ""
    assert 'href="https://evil.example' not in response.text


@pytest.mark.parametrize("url", ["/places/pick/", "/places/pick/search/"])
def test_it_rejects_post(client: Client, url: str) -> None:
    assert client.post(url).status_code == 405


def test_queries_stay_flat_whatever_is_chosen(places: None, client: Client) -> None:
    counts = []
    for params in ({}, {"province": "01"}, {"commune": "00004"}, {"q": "xa"}):
        with CaptureQueriesContext(connection) as queries:
            client.get("/places/pick/", params)
        counts.append(len(queries))
    assert max(counts) <= 6, counts


def test_the_nation_itself_is_not_a_search_result(places: None, client: Client) -> None:
    response = client.get("/places/pick/", {"q": "viet nam"})
    assert all(place.level > Level.COUNTRY for place in response.context["results"])


def test_the_place_is_handed_back_before_any_fragment(places: None, client: Client) -> None:
    response = client.get("/places/pick/", {"commune": "00004", "next": "/profile/#home"})
    assert 'href="/profile/?place=00004#home"' in response.text


def test_a_too_long_search_says_only_what_is_wrong(places: None, client: Client) -> None:
    response = client.get("/places/pick/", {"q": "x" * 101})
    assert 'aria-invalid="true"' in response.text
    assert "Không có địa bàn nào mang tên này" not in response.text


def test_monitors_can_ask_with_head(places: None, client: Client) -> None:
    assert client.head("/places/pick/").status_code == 200
    assert client.head("/places/pick/search/?q=ha").status_code == 200


def test_typing_updates_the_spoken_status_line_out_of_band(places: None, client: Client) -> None:
    response = client.get("/places/pick/search/", {"q": "phuong ba dinh"})
    assert '<p id="place-results-status" hx-swap-oob="innerHTML">' in response.text
    assert "Tìm thấy 1 địa bàn." in response.text
