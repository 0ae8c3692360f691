"""Subtree and ancestor queries on the materialized path, and accent-free search."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hocvuso.places.models import Level, Place

pytestmark = pytest.mark.django_db


def test_a_subtree_is_one_query_whatever_its_size(places: None) -> None:
    hanoi = Place.objects.get(code="01")
    with CaptureQueriesContext(connection) as queries:
        communes = list(Place.objects.subtree(hanoi).filter(level=Level.COMMUNE))
    assert len(queries) == 1
    assert len(communes) == Place.objects.filter(parent=hanoi).count() > 100
    root = Place.objects.get(code="VN")
    with CaptureQueriesContext(connection) as queries:
        count = Place.objects.subtree(root).count()
    assert len(queries) == 1
    assert count == 1 + 34 + 3321


def test_descendants_leave_out_the_place_itself(places: None) -> None:
    hanoi = Place.objects.get(code="01")
    assert hanoi not in Place.objects.descendants(hanoi)
    assert Place.objects.get(code="00004") in Place.objects.descendants(hanoi)
    assert Place.objects.get(code="79") not in Place.objects.descendants(hanoi)


def test_ancestors_come_root_first_in_one_query(places: None) -> None:
    ba_dinh = Place.objects.get(code="00004")
    with CaptureQueriesContext(connection) as queries:
        names = [p.name for p in Place.objects.ancestors(ba_dinh)]
    assert len(queries) == 1
    assert names == ["Việt Nam", "Thành phố Hà Nội"]
    assert ba_dinh.province_code() == "01"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ha noi", "Thành phố Hà Nội"),
        ("dak lak", "Tỉnh Đắk Lắk"),
        ("phuong ba dinh", "Phường Ba Đình"),
        ("PHƯỜNG BA ĐÌNH", "Phường Ba Đình"),
        ("ba dinh ha noi", "Phường Ba Đình"),
    ],
)
def test_search_ignores_accents_and_case(places: None, query: str, expected: str) -> None:
    assert Place.objects.search(query).first().name == expected  # type: ignore[union-attr]


def test_search_matches_the_start_of_words_only(places: None) -> None:
    # "ha" must not match inside "thanh" or "phuong": every result has a word starting with it.
    for place in Place.objects.search("ha")[:50]:
        assert " ha" in place.search_key


def test_an_empty_search_finds_nothing(places: None) -> None:
    assert not Place.objects.search("  ").exists()


def test_whole_name_matches_come_before_word_starts(places: None) -> None:
    names = [p.name for p in Place.objects.search("ba dinh")]
    assert set(names[:3]) == {"Phường Ba Đình", "Xã Ba Đình", "Xã Ba Dinh"}
    assert "Xã Yên Định" in names[3:]
