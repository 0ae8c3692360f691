"""Reads the official 2025 administrative units from the pinned vietnam-provinces package."""

from __future__ import annotations

from dataclasses import dataclass

import vietnam_provinces
from vietnam_provinces import Province, VietNamDivisionType, Ward

from hocvuso.lib.vi_text import nfc
from hocvuso.places.models import PlaceKind

SOURCE = "vietnam-provinces"
COUNTRY_CODE = "VN"
COUNTRY_NAME = "Việt Nam"

_KINDS = {
    VietNamDivisionType.THANH_PHO_TRUNG_UONG: PlaceKind.CITY,
    VietNamDivisionType.TINH: PlaceKind.PROVINCE,
    VietNamDivisionType.XA: PlaceKind.COMMUNE,
    VietNamDivisionType.PHUONG: PlaceKind.WARD,
    VietNamDivisionType.DAC_KHU: PlaceKind.SPECIAL_ZONE,
}


@dataclass(frozen=True)
class UnitRecord:
    """One official unit as the loader sees it: code, name, kind and its parent's code."""

    code: str
    name: str
    kind: PlaceKind
    parent_code: str


@dataclass(frozen=True)
class OfficialData:
    package_version: str
    data_version: str
    provinces: list[UnitRecord]
    communes: list[UnitRecord]


def province_code(code: int) -> str:
    return f"{code:02d}"


def commune_code(code: int) -> str:
    return f"{code:05d}"


def read_official_data() -> OfficialData:
    provinces = [
        UnitRecord(
            code=province_code(p.code.value),
            name=nfc(p.name),
            kind=_KINDS[p.division_type],
            parent_code=COUNTRY_CODE,
        )
        for p in Province.iter_all()
    ]
    communes = [
        UnitRecord(
            code=commune_code(w.code.value),
            name=nfc(w.name),
            kind=_KINDS[w.division_type],
            parent_code=province_code(w.province_code.value),
        )
        for w in Ward.iter_all()
    ]
    return OfficialData(
        package_version=vietnam_provinces.__version__,
        data_version=vietnam_provinces.__data_version__,
        provinces=provinces,
        communes=communes,
    )
