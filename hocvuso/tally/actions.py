"""bump(), totals and the rebuild from the records that higher apps register."""

from __future__ import annotations

import datetime
from collections import Counter as Bag
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from hocvuso.places.models import Place
from hocvuso.tally.models import STOCKS, Counter, Indicator

# (place id, segment, day, value)
Row = tuple[int, str, datetime.date, int]
Source = Callable[[], Iterable[Row]]

_sources: dict[str, Source] = {}


def register_source(indicator: str, source: Source) -> None:
    """A higher app says how to recount `indicator` from its own records."""
    _sources[indicator] = source


def registered_indicators() -> list[str]:
    return sorted(_sources)


def national_root_id() -> int:
    return Place.objects.only("pk").get(level=0).pk


def bump(
    place_id: int | None,
    indicator: str,
    delta: int = 1,
    *,
    segment: str = "",
    day: datetime.date | None = None,
) -> None:
    """Add `delta` to one cell, at the record's own place only (never its ancestors), so no
    row is hot. Call it inside the transaction of the change it counts."""
    if delta == 0:
        return
    place_id = place_id or national_root_id()
    day = day or timezone.localdate()
    cell = Counter.objects.filter(place_id=place_id, indicator=indicator, segment=segment, day=day)
    if cell.update(value=F("value") + delta):
        return
    try:
        with transaction.atomic():
            Counter.objects.create(
                place_id=place_id, indicator=indicator, segment=segment, day=day, value=delta
            )
    except IntegrityError:
        # Another transaction made the row between our update and insert.
        cell.update(value=F("value") + delta)


def total(
    place: Place,
    indicator: str,
    *,
    segment: str | None = None,
    until: datetime.date | None = None,
) -> int:
    """The indicator for `place` and everything below it."""
    rows = Counter.objects.filter(indicator=indicator, place__path__startswith=place.path)
    if segment is not None:
        rows = rows.filter(segment=segment)
    if until is not None:
        rows = rows.filter(day__lte=until)
    return int(rows.aggregate(n=Sum("value"))["n"] or 0)


@dataclass(frozen=True)
class Cell:
    place_id: int
    indicator: str
    segment: str
    day: datetime.date | None  # None for stocks: only their sum over days is comparable


def comparable(rows: Iterable[tuple[int, str, str, datetime.date, int]]) -> dict[Cell, int]:
    """Counter rows keyed so that live and rebuilt counters can be compared: flows by day,
    stocks summed over days (a move is dated the day it happened in the live counters, but a
    rebuild only knows where the person is now)."""
    bag: Bag[Cell] = Bag()
    for place_id, indicator, segment, day, value in rows:
        key_day = None if indicator in STOCKS else day
        bag[Cell(place_id, indicator, segment, key_day)] += value
    return {cell: value for cell, value in bag.items() if value}


def live_cells() -> dict[Cell, int]:
    return comparable(
        Counter.objects.filter(indicator__in=list(_sources)).values_list(
            "place_id", "indicator", "segment", "day", "value"
        )
    )


def recounted_cells() -> dict[Cell, int]:
    return comparable(
        (place_id, indicator, segment, day, value)
        for indicator, source in _sources.items()
        for place_id, segment, day, value in source()
    )


@transaction.atomic
def do_rebuild_counters() -> int:
    """Recount every registered indicator from the records; returns the rows written."""
    rows: Bag[tuple[int, str, str, datetime.date]] = Bag()
    for indicator, source in _sources.items():
        for place_id, segment, day, value in source():
            rows[(place_id, indicator, segment, day)] += value
    Counter.objects.filter(indicator__in=list(_sources)).delete()
    Counter.objects.bulk_create(
        [
            Counter(place_id=p, indicator=i, segment=s, day=d, value=v)
            for (p, i, s, d), v in rows.items()
            if v
        ],
        batch_size=2000,
    )
    return sum(1 for v in rows.values() if v)


__all__ = ["Indicator", "bump", "do_rebuild_counters", "register_source", "total"]
