"""How learning counts: completed lessons (a flow) and the standard (a stock that follows
the person), with the receivers that keep them right when people move, leave or are
rejected by an officer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from hocvuso.accounts.models import User
from hocvuso.accounts.signals import person_deleting, person_moved
from hocvuso.integrity.models import Flag
from hocvuso.integrity.signals import flag_rejected
from hocvuso.learning.actions import drop_standard_if_unearned
from hocvuso.learning.models import (
    Attempt,
    Completion,
    FinalAttempt,
    QuizSubmission,
    StandardReached,
)
from hocvuso.tally.actions import Row, bump, national_root_id, register_source
from hocvuso.tally.models import Indicator


def _completions() -> Iterator[Row]:
    rows = (
        Completion.objects.filter(counted=True)
        .values_list("place_id", "segment", "day")
        .annotate(n=Count("pk"))
        .order_by()
    )
    yield from rows


def _standard() -> Iterator[Row]:
    root = national_root_id()
    rows = (
        StandardReached.objects.annotate(
            day=TruncDate("reached_at", tzinfo=timezone.get_current_timezone())
        )
        .values_list("user__home_place_id", "user__learner_group", "day")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for place_id, segment, day, n in rows:
        yield (place_id or root, segment, day, n)


def register_sources() -> None:
    register_source(Indicator.LESSONS_COMPLETED, _completions)
    register_source(Indicator.LEARNERS_STANDARD, _standard)


def _moved(sender: Any, user: User, old_place_id: int | None, old_group: str, **kw: Any) -> None:
    if StandardReached.objects.filter(user=user).exists():
        bump(old_place_id, Indicator.LEARNERS_STANDARD, -1, segment=old_group)
        bump(user.home_place_id, Indicator.LEARNERS_STANDARD, segment=user.learner_group)


def _deleting(sender: Any, user: User, **kw: Any) -> None:
    if StandardReached.objects.filter(user=user).exists():
        bump(user.home_place_id, Indicator.LEARNERS_STANDARD, -1, segment=user.learner_group)
    cells = (
        Completion.objects.filter(user=user, counted=True)
        .values_list("place_id", "segment", "day")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for place_id, segment, day, n in cells:
        bump(place_id, Indicator.LESSONS_COMPLETED, -n, segment=segment, day=day)


def _rejected(sender: Any, flag: Flag, **kw: Any) -> None:
    """The record behind a rejected flag stops counting."""
    kind, _, pk = flag.subject.partition(":")
    if kind == "completion":
        completion = Completion.objects.filter(pk=pk, counted=True).first()
        if completion is not None:
            completion.counted = False
            completion.save(update_fields=["counted"])
            bump(
                completion.place_id,
                Indicator.LESSONS_COMPLETED,
                -1,
                segment=completion.segment,
                day=completion.day,
            )
    elif kind == "quiz":
        submission = QuizSubmission.objects.filter(pk=pk).first()
        if submission is not None:
            QuizSubmission.objects.filter(pk=pk).update(counted=False)
            _uncount_answers(flag.person_id, submission.event_id)
    elif kind == "final":
        final = FinalAttempt.objects.filter(pk=pk).first()
        if final is not None:
            FinalAttempt.objects.filter(pk=pk).update(counted=False)
            _uncount_answers(flag.person_id, final.event_id)
    if kind in {"quiz", "final"}:
        drop_standard_if_unearned(flag.person)


def _uncount_answers(user_id: int, event_id: int | None) -> None:
    """Rejected answers stop counting; where one was a question's first, the learner's next
    answer to it (by the device's clock) becomes the one that counts."""
    rejected = Attempt.objects.filter(user_id=user_id, event_id=event_id)
    questions = list(rejected.filter(first=True).values_list("question_id", flat=True))
    rejected.update(counted=False, first=False)
    for question_id in questions:
        following = (
            Attempt.objects.filter(user_id=user_id, question_id=question_id, counted=True)
            .order_by("answered_at", "event__client_id")
            .first()
        )
        if following is not None:
            Attempt.objects.filter(pk=following.pk).update(first=True)


def connect_receivers() -> None:
    person_moved.connect(_moved, dispatch_uid="learning-moved")
    person_deleting.connect(_deleting, dispatch_uid="learning-deleting")
    flag_rejected.connect(_rejected, dispatch_uid="learning-flag-rejected")
