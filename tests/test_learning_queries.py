"""Lesson, catalogue, path and progress pages run the same number of SQL queries with 10 or
1,000 lessons and learners."""

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hocvuso.accounts.actions import Profile, do_register_assisted
from hocvuso.accounts.models import LearnerGroup
from hocvuso.core.sync import Actor
from hocvuso.learning.actions import do_answer, do_complete_lesson, new_event
from hocvuso.learning.models import EventKind
from hocvuso.places.models import Place
from tests.cast import Cast, sign_in
from tests.learning_pack import GROUPS, course, lesson, practice, publish_learning_pack

pytestmark = pytest.mark.django_db

PAGES: list[Callable[[], str]] = [
    lambda: f"/learn/lessons/{lesson('K2').pk}/",
    lambda: "/learn/?group=all",
    lambda: "/learn/path/",
    lambda: "/learn/progress/",
    lambda: f"/learn/courses/{course().pk}/",
]


def _learners(cast: Cast, n: int) -> None:
    place = Place.objects.get(code="00004")
    for i in range(n):
        person = do_register_assisted(
            cast.binh,
            Profile(f"Người học {i}", 1960, LearnerGroup.CITIZEN, place),
            timezone.now(),
        )
        event = new_event(Actor(person), EventKind.LESSON_COMPLETED, {})
        assert event is not None
        do_complete_lesson(Actor(person), lesson(GROUPS[i % 9]), 300, event)


def _some_learning(cast: Cast) -> None:
    for question in practice("K1") + practice("K2"):
        event = new_event(Actor(cast.an), EventKind.ANSWER_GIVEN, {})
        assert event is not None
        do_answer(Actor(cast.an), question, question.answer, event)
    event = new_event(Actor(cast.an), EventKind.LESSON_COMPLETED, {})
    assert event is not None
    do_complete_lesson(Actor(cast.an), lesson("K1"), 400, event)


def _counts(client: Client) -> list[int]:
    counts = []
    for page in PAGES:
        address = page()
        assert client.get(address).status_code == 200, address  # warms the lesson cache
        with CaptureQueriesContext(connection) as queries:
            client.get(address)
        counts.append(len(queries))
    return counts


def test_pages_do_not_grow_with_the_data(places: None, cast: Cast) -> None:
    publish_learning_pack(extra_lessons=1)
    _some_learning(cast)
    _learners(cast, 10)
    client = sign_in(Client(), cast.an)
    small = _counts(client)
    publish_learning_pack(extra_lessons=991)  # 1,000 lessons in the pack
    _learners(cast, 990)
    assert _counts(client) == small
    assert max(small) <= 20, small
