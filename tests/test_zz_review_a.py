import json, uuid, datetime
from typing import Any
import pytest
from django.test import Client
from django.utils import timezone
from hocvuso.learning.models import Attempt, LearningEvent, StandardReached
from hocvuso.learning.mastery import mastery
from tests.cast import Cast
from tests.learning_pack import course, lesson, practice, publish_learning_pack, GROUPS

pytestmark = pytest.mark.django_db

@pytest.fixture
def pack(places: None) -> None:
    publish_learning_pack()

def item(kind, data, t=None):
    return {"kind": kind, "client_id": str(uuid.uuid4()),
            "client_time": t or timezone.now().isoformat(), "data": data}

def send(client, items):
    return client.post("/api/sync", json.dumps({"items": items}), content_type="application/json")

def login(cast):
    c = Client(raise_request_exception=False)
    c.force_login(cast.an, backend="django.contrib.auth.backends.ModelBackend")
    return c

def test_backdated_answer_replaces_first_wrong(pack, cast):
    c = login(cast)
    q = [x for x in practice("K1") if x.kind == "single"][0]
    r = send(c, [item("answer_given", {"question": q.pk, "answer": 1})])
    print(r.json())
    assert not Attempt.objects.get(user=cast.an, question=q, first=True).correct
    r = send(c, [item("answer_given", {"question": q.pk, "answer": 2}, "2000-01-01T00:00:00+00:00")])
    print(r.json())
    assert Attempt.objects.get(user=cast.an, question=q, first=True).correct

def test_year_one_plus14(pack, cast):
    c = login(cast)
    r = send(c, [item("lesson_opened", {"lesson": lesson("K1").pk}, "0001-01-01T00:00:00+14:00")])
    print("Y1", r.status_code, r.content[:300])

def test_infinity_answer(pack, cast):
    c = login(cast)
    q = [x for x in practice("K1") if x.kind == "single"][0]
    body = '{"items": [{"kind": "answer_given", "client_id": "%s", "client_time": "%s", "data": {"question": %d, "answer": Infinity}}]}' % (uuid.uuid4(), timezone.now().isoformat(), q.pk)
    r = c.post("/api/sync", body, content_type="application/json")
    print("INF", r.status_code, r.content[:300])

def test_huge_pk(pack, cast):
    c = login(cast)
    r = send(c, [item("lesson_opened", {"lesson": 10**30}), item("answer_given", {"question": "9"*40, "answer": 1})])
    print("HUGE", r.status_code, r.content[:300])
    r = c.get("/learn/lessons/%d/" % 10**30)
    print("HUGEURL", r.status_code)
    r = c.get("/learn/?page=99999999999999999999999999")
    print("PAGE", r.status_code)

def test_junk_data_stored(pack, cast):
    c = login(cast)
    r = send(c, [item("lesson_opened", {"lesson": lesson("K1").pk, "junk": "x" * 2_000_000})])
    print("JUNK", r.status_code, r.json())
    ev = LearningEvent.objects.get(user=cast.an)
    print("stored bytes", len(json.dumps(ev.data)))

def test_items_not_dict(pack, cast):
    c = login(cast)
    r = c.post("/api/sync", json.dumps({"items": {"a": 1}}), content_type="application/json")
    print("ITEMSDICT", r.status_code, r.content[:200])
    r = c.post("/api/sync", json.dumps([1,2]), content_type="application/json")
    print("LIST", r.status_code, r.content[:200])
    r = c.post("/api/sync", json.dumps({"items": None}), content_type="application/json")
    print("NONE", r.status_code, r.content[:200])
    r = send(c, [{"kind": "lesson_opened", "client_id": {"x": 1}, "client_time": [1], "data": {"lesson": lesson("K1").pk}}])
    print("ODD", r.status_code, r.content[:300])
    r = send(c, [{"kind": "quiz_submitted", "client_id": str(uuid.uuid4()), "client_time": timezone.now().isoformat(), "data": {"course": course().pk, "answers": {"x": [1]}, "seconds": 10}}])
    print("QUIZ", r.status_code, r.content[:300])
