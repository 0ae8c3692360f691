"""How people count: registered and verified learners are stocks that follow the person."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from hocvuso.accounts.models import User
from hocvuso.tally.actions import Row, bump, national_root_id, register_source
from hocvuso.tally.models import Indicator


def _stocks_of(user: User) -> list[str]:
    held: list[str] = [Indicator.LEARNERS_REGISTERED]
    if user.phone_verified_at is not None:
        held.append(Indicator.LEARNERS_VERIFIED)
    return held


def count_new_person(user: User) -> None:
    for indicator in _stocks_of(user):
        bump(user.home_place_id, indicator, segment=user.learner_group)


def count_verified(user: User) -> None:
    bump(user.home_place_id, Indicator.LEARNERS_VERIFIED, segment=user.learner_group)


def move_counts(user: User, old_place_id: int | None, old_group: str) -> None:
    for indicator in _stocks_of(user):
        bump(old_place_id, indicator, -1, segment=old_group)
        bump(user.home_place_id, indicator, segment=user.learner_group)


def uncount_person(user: User) -> None:
    for indicator in _stocks_of(user):
        bump(user.home_place_id, indicator, -1, segment=user.learner_group)


def _recount(verified: bool) -> Iterator[Row]:
    people = User.objects.all()
    stamp = "date_joined"
    if verified:
        people = people.exclude(phone_verified_at=None)
        stamp = "phone_verified_at"
    root = national_root_id()
    rows = (
        people.annotate(day=TruncDate(stamp, tzinfo=timezone.get_current_timezone()))
        .values_list("home_place_id", "learner_group", "day")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for place_id, group, day, n in rows:
        yield (place_id or root, group, day, n)


def register_sources() -> None:
    register_source(Indicator.LEARNERS_REGISTERED, lambda: _recount(verified=False))
    register_source(Indicator.LEARNERS_VERIFIED, lambda: _recount(verified=True))
