import pytest
from django.test import Client
from tests.cast import Cast
from tests.learning_pack import course, lesson, practice, publish_learning_pack

pytestmark = pytest.mark.django_db

def test_pages_odd_input(places, cast):
    publish_learning_pack()
    c = Client(raise_request_exception=False)
    c.force_login(cast.an, backend="django.contrib.auth.backends.ModelBackend")
    big = "9" * 30
    for url, data in [
        ("/learn/self-check/", {"question": [big, "-1", "x"], "rating-K1": "4"}),
        (f"/learn/courses/{course().pk}/quiz/", {"question": [big], "started": "a:b:c"}),
        (f"/learn/lessons/{lesson('K1').pk}/done/", {"started": "started:zz:zz", "client_id": "{" + "1"*32 + "}"}),
        (f"/learn/lessons/{lesson('K1').pk}/questions/{practice('K1')[0].pk}/", {"answer": ["9"*400]}),
        (f"/learn/lessons/{lesson('K1').pk}/questions/{practice('K1')[0].pk}/", {"answer": ["1"], "client_id": "not-a-uuid"}),
        ("/learn/final/start/", {}),
    ]:
        r = c.post(url, data)
        print(url, r.status_code)
    for url in ["/learn/?page=abc&group=x&area=%00", "/learn/path/?group=%00", f"/learn/images/{10**20}/a.png", "/learn/final/99999999999999999999/"]:
        print(url, c.get(url).status_code)
