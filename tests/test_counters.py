"""Counters are bumped with the records they count, and a rebuild from the records agrees
with them whatever happened: sign-ups, assisted learners, lessons, the standard, moves,
changes of group, rejected completions and deleted accounts."""

import datetime
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hocvuso.accounts.actions import (
    Profile,
    do_delete_account,
    do_register_assisted,
    do_update_profile,
)
from hocvuso.accounts.models import LearnerGroup, User
from hocvuso.core.sync import Actor
from hocvuso.integrity.actions import do_decide_flag
from hocvuso.integrity.models import Flag, FlagStatus
from hocvuso.learning.actions import do_complete_lesson, new_event
from hocvuso.learning.models import EventKind
from hocvuso.places.models import Place
from hocvuso.tally.actions import live_cells, recounted_cells, total
from hocvuso.tally.models import Counter, Indicator
from tests.cast import Cast, hcm_commune, sign_up
from tests.learning_pack import GROUPS, lesson, pass_final, publish_learning_pack

pytestmark = pytest.mark.django_db


def _places() -> list[Place | None]:
    return [
        Place.objects.get(code="00004"),
        Place.objects.get(code="00008"),
        hcm_commune(),
        None,
    ]


def _complete(user: User, code: str, seconds: int) -> None:
    event = new_event(Actor(user), EventKind.LESSON_COMPLETED, {"seconds": seconds})
    assert event is not None
    do_complete_lesson(Actor(user), lesson(code), seconds, event)


OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("sign_up"), st.integers(0, 3), st.sampled_from(list(LearnerGroup))),
        st.tuples(st.just("assisted"), st.integers(0, 2), st.sampled_from(list(LearnerGroup))),
        st.tuples(
            st.just("complete"),
            st.integers(0, 20),
            st.sampled_from(GROUPS),
            st.sampled_from([5, 600]),
        ),
        st.tuples(st.just("standard"), st.integers(0, 20)),
        st.tuples(
            st.just("move"),
            st.integers(0, 20),
            st.integers(0, 3),
            st.sampled_from(list(LearnerGroup)),
        ),
        st.tuples(st.just("delete"), st.integers(0, 20)),
        st.tuples(st.just("reject"), st.integers(0, 20)),
    ),
    min_size=1,
    max_size=20,
)


def _apply(cast: Cast, steps: list[tuple[Any, ...]], phones: list[int]) -> None:
    places = _places()

    def person(n: int) -> User | None:
        people = list(User.objects.order_by("pk"))
        return people[n % len(people)] if people else None

    for step in steps:
        kind = step[0]
        if kind == "sign_up":
            phones[0] += 1
            place = places[step[1]] or places[0]
            sign_up(f"09130{phones[0]:05d}", "Người mới", place, group=step[2])
        elif kind == "assisted":
            place = places[step[1]]
            do_register_assisted(
                cast.binh if place == places[0] else cast.admin,
                Profile("Người được giúp", 1950, step[2], place),
                timezone.now(),
            )
        elif kind == "complete" and (who := person(step[1])):
            _complete(who, step[2], step[3])
        elif kind == "standard" and (who := person(step[1])):
            if not hasattr(who, "standard") and not who.final_attempts.exists():
                pass_final(who)
        elif kind == "move" and (who := person(step[1])):
            do_update_profile(who, Profile(who.full_name, who.birth_year, step[3], places[step[2]]))
        elif (
            kind == "delete"
            and (who := person(step[1]))
            and who.pk not in {cast.admin.pk, cast.binh.pk}
        ):
            do_delete_account(who)
        elif kind == "reject":
            flags = list(Flag.objects.filter(status=FlagStatus.OPEN).order_by("pk"))
            if flags:
                do_decide_flag(cast.admin, flags[step[1] % len(flags)], accept=False)


@pytest.fixture
def world(places: None, cast: Cast) -> Cast:
    publish_learning_pack()
    return cast


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=OPERATIONS)
def test_a_rebuild_equals_the_live_counters(world: Cast, steps: list[tuple[Any, ...]]) -> None:
    with transaction.atomic():
        _apply(world, steps, [0])
        live = live_cells()
        assert live == recounted_cells()
        transaction.set_rollback(True)


def test_rebuild_counters_replaces_the_rows_with_the_same_figures(world: Cast) -> None:
    _apply(
        world,
        [("complete", 1, "K1", 600), ("standard", 1), ("move", 1, 2, LearnerGroup.STUDENT)],
        [0],
    )
    before = live_cells()
    Counter.objects.filter(indicator=Indicator.LESSONS_COMPLETED).update(value=99)
    call_command("rebuild_counters")
    assert live_cells() == before


def test_the_standard_follows_the_person_who_moves(world: Cast) -> None:
    an = world.an
    pass_final(an)
    hanoi, hcm = Place.objects.get(code="01"), Place.objects.get(code="79")
    assert total(hanoi, Indicator.LEARNERS_STANDARD) == 1
    do_update_profile(an, Profile(an.full_name, an.birth_year, an.learner_group, hcm_commune()))
    assert total(hanoi, Indicator.LEARNERS_STANDARD) == 0
    assert total(hcm, Indicator.LEARNERS_STANDARD) == 1
    do_delete_account(an)
    assert total(hcm, Indicator.LEARNERS_STANDARD) == 0


def test_a_rejected_completion_stops_counting(world: Cast) -> None:
    _complete(world.an, "K1", 5)  # 5 seconds for a 5-minute lesson
    ba_dinh = Place.objects.get(code="00004")
    assert total(ba_dinh, Indicator.LESSONS_COMPLETED) == 1
    flag = Flag.objects.get()
    do_decide_flag(world.dung, flag, accept=False)
    assert total(ba_dinh, Indicator.LESSONS_COMPLETED) == 0


def test_counters_sit_at_the_records_own_place_only(world: Cast) -> None:
    _complete(world.an, "K1", 600)
    rows = Counter.objects.filter(indicator=Indicator.LESSONS_COMPLETED)
    assert [r.place.code for r in rows] == ["00004"]
    assert total(Place.objects.get(level=0), Indicator.LESSONS_COMPLETED) == 1


def test_check_mode_reports_agreement(world: Cast, capsys: Any) -> None:
    call_command("rebuild_counters", "--check")
    assert "agree" in capsys.readouterr().out
    Counter.objects.create(
        place=Place.objects.get(code="00004"),
        indicator=Indicator.LESSONS_COMPLETED,
        day=datetime.date(2026, 1, 1),
        value=3,
    )
    with pytest.raises(SystemExit):
        call_command("rebuild_counters", "--check")


def test_an_officer_cannot_decide_a_flag_about_themselves(world: Cast) -> None:
    from django.test import Client

    from tests.cast import sign_in

    _complete(world.dung, "K1", 5)
    flag = Flag.objects.get(person=world.dung)
    client = sign_in(Client(), world.dung)
    assert client.get(f"/integrity/flags/{flag.pk}/").status_code == 404
    assert (
        client.post(f"/integrity/flags/{flag.pk}/decide/", {"decision": "accept"}).status_code
        == 404
    )


def test_a_rejected_quiz_lets_the_next_answer_count(world: Cast) -> None:
    from hocvuso.learning.actions import do_answer, do_submit_quiz
    from hocvuso.learning.models import Attempt
    from tests.learning_pack import course, practice

    an = world.an
    questions = (practice("K1") + practice("K2"))[:10]
    event = new_event(Actor(an), EventKind.QUIZ_SUBMITTED, {})
    assert event is not None
    do_submit_quiz(Actor(an), course(), {q: q.answer for q in questions}, 2, event)
    flag = Flag.objects.get(person=an)
    later = new_event(Actor(an), EventKind.ANSWER_GIVEN, {})
    assert later is not None
    do_answer(Actor(an), questions[0], questions[0].answer, later)
    do_decide_flag(world.dung, flag, accept=False)
    counted = Attempt.objects.filter(user=an, first=True, counted=True)
    assert list(counted.values_list("question_id", flat=True)) == [questions[0].pk]
