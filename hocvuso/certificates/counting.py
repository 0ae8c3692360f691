"""How certificates count: `certificates.issued`, a flow kept at the place and day of issue,
segmented by the holder's learner group then; a revoked certificate stops counting."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from hocvuso.certificates.models import Certificate
from hocvuso.tally.actions import Row, bump, register_source
from hocvuso.tally.models import Indicator


def _cells(certificates: Any) -> Iterator[Row]:
    rows = (
        certificates.filter(revoked_at=None)
        .annotate(day=TruncDate("issued_at", tzinfo=timezone.get_current_timezone()))
        .values_list("issued_place_id", "segment", "day")
        .annotate(n=Count("pk"))
        .order_by()
    )
    yield from rows


def _issued() -> Iterator[Row]:
    yield from _cells(Certificate.objects.all())


def register_sources() -> None:
    register_source(Indicator.CERTIFICATES_ISSUED, _issued)


def uncount_holder(user: Any) -> None:
    """A person leaving takes their certificates out of the figures."""
    for place_id, segment, day, n in _cells(Certificate.objects.filter(holder=user)):
        bump(place_id, Indicator.CERTIFICATES_ISSUED, -n, segment=segment, day=day)
