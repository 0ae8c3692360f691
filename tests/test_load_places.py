"""Loading the official units: counts, idempotence, renames, moves and retirements."""

import dataclasses
from io import StringIO

import pytest
import vietnam_provinces
from django.core.management import call_command

from hocvuso.places.actions import do_load_places
from hocvuso.places.models import Level, Place, PlaceDataLoad, PlaceKind
from hocvuso.places.official import OfficialData, read_official_data

pytestmark = pytest.mark.django_db


def test_the_tree_has_one_root_34_provinces_and_3321_communes(places: None) -> None:
    root = Place.objects.get(level=Level.COUNTRY)
    assert root.name == "Việt Nam"
    assert Place.objects.filter(level=Level.COUNTRY).count() == 1
    assert Place.objects.filter(parent=root, level=Level.PROVINCE).count() == 34
    assert Place.objects.filter(parent__parent=root, level=Level.COMMUNE).count() == 3321
    assert Place.objects.count() == 1 + 34 + 3321


def test_units_keep_their_official_codes_names_and_kinds(places: None) -> None:
    hanoi = Place.objects.get(code="01")
    assert (hanoi.name, hanoi.kind) == ("Thành phố Hà Nội", PlaceKind.CITY)
    ba_dinh = Place.objects.get(code="00004")
    assert (ba_dinh.name, ba_dinh.kind, ba_dinh.parent) == ("Phường Ba Đình", PlaceKind.WARD, hanoi)
    assert ba_dinh.path == "VN/01/00004/"
    kinds = {
        kind: Place.objects.filter(kind=kind).count()
        for kind in (PlaceKind.CITY, PlaceKind.PROVINCE, PlaceKind.COMMUNE, PlaceKind.WARD)
    }
    assert kinds[PlaceKind.CITY] + kinds[PlaceKind.PROVINCE] == 34
    assert Place.objects.filter(kind=PlaceKind.SPECIAL_ZONE).exists()


def test_a_second_load_reports_no_changes(places: None) -> None:
    report = do_load_places(read_official_data())
    assert (report.created, report.updated, report.retired) == (0, 0, 0)
    assert report.changes == 0


def test_the_command_says_what_it_loaded_and_changed(places: None) -> None:
    out = StringIO()
    call_command("load_places", stdout=out)
    assert "34 provinces, 3321 communes" in out.getvalue()
    assert "0 changes" in out.getvalue()


def test_the_loader_records_the_data_version(places: None) -> None:
    do_load_places(read_official_data())
    load = PlaceDataLoad.objects.latest()
    assert load.source == "vietnam-provinces"
    assert load.package_version == vietnam_provinces.__version__
    assert load.data_version == vietnam_provinces.__data_version__
    assert load.changes == 0


def _with_commune(data: OfficialData, code: str, **changes: str) -> OfficialData:
    communes = [dataclasses.replace(c, **changes) if c.code == code else c for c in data.communes]
    return dataclasses.replace(data, communes=communes)


def _village(commune: Place) -> Place:
    return Place.objects.create(
        code=f"{commune.code}-T1",
        name="Tổ dân phố số 1",
        kind=PlaceKind.RESIDENTIAL_GROUP,
        level=Level.SUBUNIT,
        parent=commune,
        path=Place.make_path(commune.path, f"{commune.code}-T1"),
        search_key=Place.make_search_key("Tổ dân phố số 1"),
    )


def test_a_renamed_unit_keeps_its_identity_and_what_points_at_it(places: None) -> None:
    before = Place.objects.get(code="00004")
    village = _village(before)
    report = do_load_places(_with_commune(read_official_data(), "00004", name="Phường Ba Đình Mới"))
    assert (report.created, report.updated) == (0, 1)
    after = Place.objects.get(code="00004")
    assert after.pk == before.pk
    assert after.name == "Phường Ba Đình Mới"
    assert Place.objects.search("ba dinh moi").get() == after
    village.refresh_from_db()
    assert village.parent == after


def test_a_unit_moved_to_another_province_carries_its_subtree(places: None) -> None:
    commune = Place.objects.get(code="00004")
    village = _village(commune)
    do_load_places(_with_commune(read_official_data(), "00004", parent_code="79"))
    commune.refresh_from_db()
    village.refresh_from_db()
    assert commune.path == "VN/79/00004/"
    assert village.path == "VN/79/00004/00004-T1/"
    assert village in Place.objects.subtree(Place.objects.get(code="79"))


def test_a_unit_dropped_from_the_data_is_retired_not_deleted(places: None) -> None:
    data = read_official_data()
    without = dataclasses.replace(data, communes=[c for c in data.communes if c.code != "00004"])
    report = do_load_places(without)
    assert report.retired == 1
    ba_dinh = Place.objects.get(code="00004")
    assert not ba_dinh.is_active
    assert not Place.objects.active().search("phuong ba dinh").exists()

    again = do_load_places(data)
    assert (again.updated, again.retired) == (1, 0)
    assert Place.objects.get(code="00004").is_active


def test_sub_units_added_locally_are_never_retired(places: None) -> None:
    village = _village(Place.objects.get(code="00004"))
    do_load_places(read_official_data())
    village.refresh_from_db()
    assert village.is_active
