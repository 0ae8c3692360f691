"""Offline devices resend: the same batch sent three times, shuffled and split differently,
leaves exactly the state that sending it once leaves."""

import datetime
import json
import uuid
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hocvuso.learning.models import (
    Attempt,
    Completion,
    LearningEvent,
    LessonProgress,
    QuizSubmission,
    StandardReached,
)
from hocvuso.tally.actions import live_cells
from tests.cast import Cast, sign_in
from tests.learning_pack import GROUPS, course, lesson, practice, publish_learning_pack

pytestmark = pytest.mark.django_db


def _event_strategy(start: datetime.datetime) -> st.SearchStrategy[dict[str, Any]]:
    lessons = [lesson(code).pk for code in GROUPS[:4]]
    questions = [q for code in GROUPS[:2] for q in practice(code)]
    answer_of = {
        "single": st.integers(1, 3),
        "true_false": st.booleans(),
        "multiple": st.sampled_from([[1], [1, 2], [2, 3]]),
        "ordering": st.permutations([1, 2, 3]),
    }
    opened = st.builds(lambda pk: ("lesson_opened", {"lesson": pk}), st.sampled_from(lessons))
    completed = st.builds(
        lambda pk, s: ("lesson_completed", {"lesson": pk, "seconds": s}),
        st.sampled_from(lessons),
        st.integers(0, 900),
    )
    answered = st.sampled_from(questions).flatmap(
        lambda q: answer_of[q.kind].map(
            lambda a: (
                "answer_given",
                {"question": q.pk, "answer": list(a) if isinstance(a, list) else a},
            )
        )
    )
    quiz = st.permutations(questions).map(
        lambda chosen: (
            "quiz_submitted",
            {
                "course": course().pk,
                "answers": {str(q.pk): q.answer for q in chosen[:10]},
                "seconds": 400,
            },
        )
    )
    return st.tuples(st.one_of(opened, completed, answered, quiz), st.integers(0, 5000)).map(
        lambda pair: {
            "kind": pair[0][0],
            "client_id": str(uuid.uuid4()),
            "client_time": (start + datetime.timedelta(seconds=pair[1])).isoformat(),
            "data": pair[0][1],
        }
    )


def _state(user: Any) -> dict[str, Any]:
    return {
        "events": sorted(str(e) for e in LearningEvent.objects.values_list("client_id", flat=True)),
        "progress": sorted(
            LessonProgress.objects.filter(user=user).values_list(
                "lesson_id", "status", "opened_count"
            )
        ),
        "completions": sorted(
            Completion.objects.filter(user=user).values_list("lesson_id", "counted")
        ),
        "attempts": sorted(
            (a, str(c), f, r)
            for a, c, f, r in Attempt.objects.filter(user=user).values_list(
                "question_id", "event__client_id", "first", "correct"
            )
        ),
        "quizzes": sorted(QuizSubmission.objects.filter(user=user).values_list("right", "total")),
        "standard": StandardReached.objects.filter(user=user).exists(),
        "counters": live_cells(),
    }


def _send(client: Client, items: list[dict[str, Any]]) -> None:
    response = client.post(
        "/api/sync", json.dumps({"items": items}), content_type="application/json"
    )
    assert response.status_code == 200
    assert all(r["status"] != "rejected" for r in response.json()["results"]), response.json()


def _split(items: list[dict[str, Any]], cuts: list[int]) -> list[list[dict[str, Any]]]:
    points = sorted({c % (len(items) + 1) for c in cuts} | {0, len(items)})
    return [items[a:b] for a, b in zip(points, points[1:], strict=False) if items[a:b]]


@pytest.fixture
def learner(places: None, cast: Cast) -> tuple[Cast, Client]:
    publish_learning_pack()
    client = sign_in(Client(), cast.an)
    return cast, client


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_resending_shuffled_and_split_changes_nothing(
    learner: tuple[Cast, Client], data: st.DataObject
) -> None:
    cast, client = learner
    # Made offline in the hours before they arrive, after the learner joined.
    start = cast.an.date_joined - datetime.timedelta(hours=12)
    batch = data.draw(st.lists(_event_strategy(start), min_size=1, max_size=25), label="batch")
    with transaction.atomic():
        _send(client, batch)
        once = _state(cast.an)
        transaction.set_rollback(True)
    with transaction.atomic():
        for round_ in range(3):
            shuffled = data.draw(st.permutations(batch), label=f"order {round_}")
            cuts = data.draw(st.lists(st.integers(0, 100), max_size=4), label=f"cuts {round_}")
            for part in _split(list(shuffled), cuts):
                _send(client, part)
        thrice = _state(cast.an)
        transaction.set_rollback(True)
    assert thrice == once
