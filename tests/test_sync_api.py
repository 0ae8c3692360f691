"""The one sync endpoint: each item comes back accepted, duplicate or rejected with a stable
code; one bad item never drops the others; resends change nothing."""

import datetime
import json
import uuid
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from hocvuso.api import MAX_ITEMS
from hocvuso.learning.models import Attempt, Completion, LearningEvent
from tests.cast import Cast, sign_in
from tests.learning_pack import course, lesson, practice, publish_learning_pack

pytestmark = pytest.mark.django_db


@pytest.fixture
def pack(places: None) -> None:
    publish_learning_pack()


def item(kind: str, data: dict[str, Any], client_id: str | None = None) -> dict[str, Any]:
    return {
        "kind": kind,
        "client_id": client_id or str(uuid.uuid4()),
        "client_time": timezone.now().isoformat(),
        "data": data,
    }


def send(client: Client, items: Any) -> Any:
    return client.post("/api/sync", json.dumps({"items": items}), content_type="application/json")


def statuses(response: Any) -> list[tuple[str, str]]:
    assert response.status_code == 200, response.content
    return [(r["status"], r["code"]) for r in response.json()["results"]]


def test_it_refuses_a_visitor_who_is_not_signed_in(pack: None, client: Client) -> None:
    response = send(client, [item("lesson_opened", {"lesson": lesson("K1").pk})])
    assert response.status_code == 401
    assert response.json()["code"] == "not_signed_in"
    assert not LearningEvent.objects.exists()


def test_it_needs_the_csrf_token_of_the_page(pack: None, cast: Cast) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.an, backend="django.contrib.auth.backends.ModelBackend")
    body = json.dumps({"items": [item("lesson_opened", {"lesson": lesson("K1").pk})]})
    refused = client.post("/api/sync", body, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["code"] == "csrf_failed"
    token = client.get("/api/csrf").json()["token"]
    accepted = client.post(
        "/api/sync", body, content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert statuses(accepted) == [("accepted", "")]


def test_each_item_gets_its_own_answer(pack: None, cast: Cast, client: Client) -> None:
    sign_in(client, cast.an)
    question = practice("K1")[0]
    good = item("answer_given", {"question": question.pk, "answer": 2})
    results = statuses(
        send(
            client,
            [
                good,
                item("answer_given", {"question": question.pk, "answer": 9}),
                item("no_such_kind", {}),
                {"kind": "lesson_opened", "client_id": "not-a-uuid", "client_time": "now"},
                item("lesson_completed", {"lesson": 999999, "seconds": 60}),
                item("lesson_completed", {"lesson": lesson("K1").pk, "seconds": -5}),
                "not even an object",
                item("lesson_completed", {"lesson": lesson("K1").pk, "seconds": 600}),
            ],
        )
    )
    assert results == [
        ("accepted", ""),
        ("rejected", "bad_answer"),
        ("rejected", "unknown_kind"),
        ("rejected", "bad_client_id"),
        ("rejected", "unknown_lesson"),
        ("rejected", "bad_seconds"),
        ("rejected", "bad_item"),
        ("accepted", ""),
    ]
    assert Attempt.objects.filter(user=cast.an).count() == 1
    assert Completion.objects.filter(user=cast.an).count() == 1
    assert statuses(send(client, [good])) == [("duplicate", "")]
    assert Attempt.objects.filter(user=cast.an).count() == 1


def test_rejections_carry_a_plain_message(pack: None, cast: Cast, client: Client) -> None:
    sign_in(client, cast.an)
    response = send(client, [item("lesson_completed", {"lesson": 999999, "seconds": 60})])
    assert response.json()["results"][0]["message"] == "Bài học này không còn nữa."


def test_a_batch_too_large_is_refused_whole_with_a_clear_code(
    pack: None, cast: Cast, client: Client
) -> None:
    sign_in(client, cast.an)
    items = [item("lesson_opened", {"lesson": lesson("K1").pk}) for _ in range(MAX_ITEMS + 1)]
    response = send(client, items)
    assert response.status_code == 400
    assert response.json()["code"] == "batch_too_large"
    assert not LearningEvent.objects.exists()


def test_a_body_that_is_not_json_is_a_clear_error(pack: None, cast: Cast, client: Client) -> None:
    sign_in(client, cast.an)
    response = client.post("/api/sync", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"
    shapeless = client.post("/api/sync", '{"items": 5}', content_type="application/json")
    assert shapeless.status_code == 422
    assert shapeless.json()["code"] == "bad_request"


def test_a_quiz_can_arrive_by_sync(pack: None, cast: Cast, client: Client) -> None:
    sign_in(client, cast.an)
    questions = (practice("K1") + practice("K2"))[:10]
    answers = {str(q.pk): q.answer for q in questions}
    response = send(
        client,
        [item("quiz_submitted", {"course": course().pk, "answers": answers, "seconds": 90})],
    )
    assert statuses(response) == [("accepted", "")]
    assert Attempt.objects.filter(user=cast.an, correct=True).count() == 10
    partial = {str(q.pk): q.answer for q in practice("K3")[:3]}
    response = send(
        client,
        [item("quiz_submitted", {"course": course().pk, "answers": partial, "seconds": 90})],
    )
    assert statuses(response) == [("rejected", "incomplete_quiz")]


def test_a_quiz_question_from_another_course_is_rejected(
    pack: None, cast: Cast, client: Client
) -> None:
    sign_in(client, cast.an)
    other = practice("S6")[0]  # S6 is in the second course
    response = send(
        client,
        [
            item(
                "quiz_submitted",
                {"course": course().pk, "answers": {str(other.pk): 2}, "seconds": 90},
            )
        ],
    )
    assert statuses(response) == [("rejected", "unknown_question")]


def test_a_phone_with_its_date_far_ahead_is_told(pack: None, cast: Cast, client: Client) -> None:
    sign_in(client, cast.an)
    wrong = item("lesson_opened", {"lesson": lesson("K1").pk})
    wrong["client_time"] = "2099-01-01T00:00:00+07:00"
    assert statuses(send(client, [wrong])) == [("rejected", "clock_wrong")]


def test_the_schema_is_published(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    assert "/api/sync" in schema["paths"]


def test_a_volunteer_helping_records_for_the_person_helped(
    pack: None, cast: Cast, client: Client
) -> None:
    sign_in(client, cast.binh)
    assert client.post(f"/accounts/assisted/{cast.lan.pk}/start/").status_code == 302
    response = send(client, [item("lesson_completed", {"lesson": lesson("K1").pk, "seconds": 400})])
    assert statuses(response) == [("accepted", "")]
    completion = Completion.objects.get()
    assert completion.user == cast.lan
    assert completion.assisted_by == cast.binh


def test_a_body_over_the_size_limit_is_a_batch_too_large(
    pack: None, cast: Cast, client: Client
) -> None:
    sign_in(client, cast.an)
    padding = "x" * (3 * 1024 * 1024)
    response = send(client, [item("lesson_opened", {"lesson": lesson("K1").pk, "pad": padding})])
    assert response.status_code == 400
    assert response.json()["code"] == "batch_too_large"


def test_nothing_is_recorded_after_consent_is_withdrawn(
    pack: None, cast: Cast, client: Client
) -> None:
    from hocvuso.accounts.actions import do_withdraw_consent

    sign_in(client, cast.an)
    do_withdraw_consent(cast.an)
    response = send(client, [item("lesson_opened", {"lesson": lesson("K1").pk})])
    assert statuses(response) == [("rejected", "consent_withdrawn")]


def test_records_made_for_someone_else_on_the_phone_are_refused(
    pack: None, cast: Cast, client: Client
) -> None:
    sign_in(client, cast.an)
    mine = client.cookies["hv_owner"].value
    assert mine
    other = item("lesson_opened", {"lesson": lesson("K1").pk})
    other["owner"] = "someone-else"
    own = item("lesson_opened", {"lesson": lesson("K1").pk})
    own["owner"] = mine
    assert statuses(send(client, [other, own])) == [("rejected", "wrong_person"), ("accepted", "")]


def test_the_owner_changes_while_helping_and_goes_at_sign_out(cast: Cast, client: Client) -> None:
    sign_in(client, cast.binh)
    alone = client.cookies["hv_owner"].value
    client.post(f"/accounts/assisted/{cast.lan.pk}/start/")
    assert client.cookies["hv_owner"].value not in ("", alone)
    client.post("/accounts/sign-out/")
    assert client.cookies["hv_owner"].value == ""


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"client_time": "0001-01-01T00:00:00+14:00"}, "bad_client_time"),
        ({"client_time": "2026-13-45T00:00:00"}, "bad_client_time"),
        ({"client_time": "2000-01-01T00:00:00+00:00"}, "too_old"),
        ({"data": {"question": None, "answer": 1}}, "unknown_question"),
        ({"data": {"question": "1e999", "answer": 1}}, "unknown_question"),
        ({"data": {"question": 10**30, "answer": 1}}, "unknown_question"),
    ],
)
def test_odd_items_are_refused_alone(
    pack: None, cast: Cast, client: Client, change: dict[str, Any], code: str
) -> None:
    sign_in(client, cast.an)
    question = practice("K1")[0]
    odd = {**item("answer_given", {"question": question.pk, "answer": 2}), **change}
    good = item("answer_given", {"question": question.pk, "answer": 2})
    assert statuses(send(client, [odd, good])) == [("rejected", code), ("accepted", "")]


def test_an_answer_of_infinity_is_a_bad_answer(pack: None, cast: Cast, client: Client) -> None:
    sign_in(client, cast.an)
    question = practice("K1")[0]
    body = (
        f'{{"items": [{{"kind": "answer_given", "client_id": "{uuid.uuid4()}",'
        f' "client_time": "{timezone.now().isoformat()}",'
        f' "data": {{"question": {question.pk}, "answer": Infinity}}}}]}}'
    )
    response = client.post("/api/sync", body, content_type="application/json")
    assert statuses(response) == [("rejected", "bad_answer")]


def test_only_checked_data_is_kept(pack: None, cast: Cast, client: Client) -> None:
    sign_in(client, cast.an)
    padded = item("lesson_opened", {"lesson": lesson("K1").pk, "junk": "x" * 10_000})
    assert statuses(send(client, [padded])) == [("accepted", "")]
    assert LearningEvent.objects.get().data == {"lesson": lesson("K1").pk}


def test_a_lesson_finished_offline_before_the_one_it_opens_arrives_in_order(
    pack: None, cast: Cast, client: Client
) -> None:
    sign_in(client, cast.an)
    first = item("lesson_completed", {"lesson": lesson("S1").pk, "seconds": 600})
    later = item("lesson_completed", {"lesson": lesson("S2").pk, "seconds": 600})
    later["client_time"] = (timezone.now() + datetime.timedelta(minutes=1)).isoformat()
    assert statuses(send(client, [later, first])) == [("accepted", ""), ("accepted", "")]
    alone = item("lesson_completed", {"lesson": lesson("S2").pk, "seconds": 600})
    sign_in(other := Client(), cast.em)
    assert statuses(send(other, [alone])) == [("rejected", "prerequisite_missing")]


def test_a_backdated_answer_cannot_replace_a_first_answer_already_received(
    pack: None, cast: Cast, client: Client
) -> None:
    sign_in(client, cast.an)
    question = practice("K1")[0]
    assert statuses(send(client, [item("answer_given", {"question": question.pk, "answer": 1})]))
    # Ten minutes later, after reading the explanation, an answer "made earlier" arrives.
    LearningEvent.objects.update(received_at=timezone.now() - datetime.timedelta(minutes=10))
    backdated = item("answer_given", {"question": question.pk, "answer": 2})
    backdated["client_time"] = (cast.an.date_joined - datetime.timedelta(hours=1)).isoformat()
    assert statuses(send(client, [backdated])) == [("accepted", "")]
    first = Attempt.objects.get(user=cast.an, first=True)
    assert not first.correct
