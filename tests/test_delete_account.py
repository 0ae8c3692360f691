"""A person deletes their own account after typing their password; nothing of theirs stays
and they stop counting."""

import pytest
from django.test import Client

from hocvuso.accounts.models import User
from hocvuso.learning.models import Completion, LearningEvent
from hocvuso.places.models import Place
from hocvuso.tally.actions import total
from hocvuso.tally.models import Indicator
from tests.cast import PASSWORD, Cast, sign_in
from tests.learning_pack import lesson, publish_learning_pack

pytestmark = pytest.mark.django_db


def test_it_asks_first_and_keeps_the_account_on_a_wrong_password(
    cast: Cast, client: Client
) -> None:
    sign_in(client, cast.an)
    page = client.get("/accounts/delete/")
    assert "không thể hoàn tác" in page.content.decode()
    wrong = client.post("/accounts/delete/", {"password": "sai-roi"})
    assert wrong.status_code == 200
    assert "Mật khẩu không đúng" in wrong.content.decode()
    assert User.objects.filter(pk=cast.an.pk).exists()


def test_it_deletes_the_person_and_their_learning(places: None, cast: Cast, client: Client) -> None:
    publish_learning_pack()
    sign_in(client, cast.an)
    client.post(f"/learn/lessons/{lesson('K1').pk}/done/", {})
    ba_dinh = Place.objects.get(code="00004")
    assert total(ba_dinh, Indicator.LESSONS_COMPLETED) == 1
    registered = total(ba_dinh, Indicator.LEARNERS_REGISTERED)
    response = client.post("/accounts/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert not User.objects.filter(pk=cast.an.pk).exists()
    assert not Completion.objects.exists()
    assert not LearningEvent.objects.exists()
    assert total(ba_dinh, Indicator.LESSONS_COMPLETED) == 0
    assert total(ba_dinh, Indicator.LEARNERS_REGISTERED) == registered - 1
    assert client.get("/learn/progress/").status_code == 302


def test_it_refuses_other_methods(cast: Cast, client: Client) -> None:
    sign_in(client, cast.an)
    assert client.put("/accounts/delete/").status_code == 405
