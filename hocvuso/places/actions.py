"""Writes to the place tree: loading the official units."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from hocvuso.places.models import Level, Place, PlaceDataLoad, PlaceKind
from hocvuso.places.official import (
    COUNTRY_CODE,
    COUNTRY_NAME,
    SOURCE,
    OfficialData,
    UnitRecord,
)

_TRACKED_FIELDS = (
    "name",
    "kind",
    "level",
    "parent",
    "path",
    "search_key",
    "is_official",
    "is_active",
)


@dataclass(frozen=True)
class LoadReport:
    created: int
    updated: int
    retired: int
    provinces: int
    communes: int
    load: PlaceDataLoad

    @property
    def changes(self) -> int:
        return self.created + self.updated + self.retired


def _wanted(record: UnitRecord, parent: Place, province_name: str = "") -> dict[str, object]:
    return {
        "name": record.name,
        "kind": record.kind,
        "level": PlaceKind.level_of(record.kind),
        "parent": parent,
        "path": Place.make_path(parent.path, record.code),
        "search_key": Place.make_search_key(record.name, province_name),
        "is_official": True,
        "is_active": True,
    }


def _differs(place: Place, wanted: dict[str, object]) -> list[str]:
    changed = []
    for field, value in wanted.items():
        current = place.parent_id if field == "parent" else getattr(place, field)
        target = value.pk if isinstance(value, Place) else value
        if current != target:
            changed.append(field)
    return changed


def _sync_level(
    records: list[UnitRecord],
    parents: dict[str, Place],
    existing: dict[str, Place],
    province_names: dict[str, str],
) -> tuple[dict[str, Place], int, int, list[tuple[str, str]]]:
    """Create or update one level; return its places by code, counts and moved paths."""
    to_create: list[Place] = []
    to_update: list[Place] = []
    moved: list[tuple[str, str]] = []
    for record in records:
        parent = parents[record.parent_code]
        wanted = _wanted(record, parent, province_names.get(record.parent_code, ""))
        place = existing.get(record.code)
        if place is None:
            to_create.append(Place(code=record.code, **wanted))
            continue
        changed = _differs(place, wanted)
        if changed:
            if "path" in changed:
                moved.append((place.path, str(wanted["path"])))
            for field in changed:
                setattr(place, field, wanted[field])
            to_update.append(place)
    created = Place.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        Place.objects.bulk_update(to_update, list(_TRACKED_FIELDS), batch_size=500)
    by_code = {p.code: p for p in created}
    by_code.update(
        {record.code: existing[record.code] for record in records if record.code in existing}
    )
    return by_code, len(created), len(to_update), moved


def _move_descendants(moved: list[tuple[str, str]]) -> None:
    """Rewrite the paths below units whose path changed (one prefix query per moved unit)."""
    for old, new in moved:
        below = list(Place.objects.filter(path__startswith=old).exclude(path=old))
        for place in below:
            place.path = new + place.path[len(old) :]
        Place.objects.bulk_update(below, ["path"], batch_size=500)


@transaction.atomic
def do_load_places(data: OfficialData) -> LoadReport:
    """Bring the tree in line with the official units; idempotent, never deletes.

    Units are matched by official code, so a renamed or moved unit keeps its row and
    everything that points at it. Official units missing from the data are retired.
    """
    existing = {p.code: p for p in Place.objects.filter(level__lte=Level.COMMUNE)}
    created = updated = 0

    root = existing.get(COUNTRY_CODE)
    root_wanted: dict[str, object] = {
        "name": COUNTRY_NAME,
        "kind": PlaceKind.COUNTRY,
        "level": Level.COUNTRY,
        "parent": None,
        "path": Place.make_path("", COUNTRY_CODE),
        "search_key": Place.make_search_key(COUNTRY_NAME),
        "is_official": True,
        "is_active": True,
    }
    if root is None:
        root = Place.objects.create(code=COUNTRY_CODE, **root_wanted)
        created += 1
    elif changed := [f for f in _differs(root, root_wanted) if f != "parent"]:
        for field in changed:
            setattr(root, field, root_wanted[field])
        root.save(update_fields=changed)
        updated += 1

    provinces, c, u, moved = _sync_level(data.provinces, {COUNTRY_CODE: root}, existing, {})
    created, updated = created + c, updated + u
    province_names = {code: p.name for code, p in provinces.items()}
    communes, c, u, moved_communes = _sync_level(data.communes, provinces, existing, province_names)
    created, updated = created + c, updated + u
    _move_descendants(moved + moved_communes)

    present = {COUNTRY_CODE, *provinces, *communes}
    retired = (
        Place.objects.filter(is_official=True, is_active=True)
        .exclude(code__in=present)
        .update(is_active=False)
    )
    load = PlaceDataLoad.objects.create(
        source=SOURCE,
        package_version=data.package_version,
        data_version=data.data_version,
        created=created,
        updated=updated,
        retired=retired,
    )
    return LoadReport(
        created=created,
        updated=updated,
        retired=retired,
        provinces=len(provinces),
        communes=len(communes),
        load=load,
    )
