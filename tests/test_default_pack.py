"""The default pack shipped in content/default: valid, and it defines the national framework."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from hocvuso.accounts.models import LearnerGroup
from hocvuso.core.sync import Actor
from hocvuso.curriculum.models import Competence, CompetenceGroup, Course, Lesson, Question
from hocvuso.curriculum.packs.validate import validate_pack
from hocvuso.learning.actions import do_start_final, do_submit_final, new_event
from hocvuso.learning.models import EventKind
from tests.cast import hcm_commune, sign_up

DEFAULT = Path(__file__).resolve().parent.parent / "content" / "default"


def test_the_default_pack_has_no_problem() -> None:
    pack, problems = validate_pack(DEFAULT)
    assert [str(p) for p in problems] == []
    assert pack is not None and pack.meta["owner"] == "national"


def test_it_defines_the_nine_groups_of_the_framework() -> None:
    pack, _problems = validate_pack(DEFAULT)
    assert pack is not None
    assert [g["code"] for g in pack.groups] == [
        "K1",
        "K2",
        "K3",
        "S1",
        "S2",
        "S3",
        "S4",
        "S5",
        "S6",
    ]
    for group in pack.groups:
        assert len(group["competences"]) >= 3, group["code"]


@pytest.mark.django_db
def test_make_run_loads_the_framework(places: None) -> None:
    out = StringIO()
    call_command("import_pack", str(DEFAULT), "--publish", stdout=out)
    assert CompetenceGroup.objects.count() == 9
    assert Competence.objects.filter(code="S5.2", title="Giữ bí mật mã OTP").exists()
    again = StringIO()
    call_command("import_pack", str(DEFAULT), "--publish", stdout=again)
    assert "0 changes; published: 0 changes" in again.getvalue()


@pytest.mark.django_db
def test_the_published_curriculum_has_what_the_issue_counts(places: None) -> None:
    """At least 48 lessons, 320 questions, 60 scenarios; four lessons and thirty questions in
    each of the nine groups; a path for each learner group."""
    call_command("import_pack", str(DEFAULT), "--publish", stdout=StringIO())
    assert Lesson.objects.count() >= 48
    assert Question.objects.count() >= 320
    assert Question.objects.filter(kind="scenario").count() >= 60
    for group in CompetenceGroup.objects.all():
        lessons = Lesson.objects.filter(competences__group=group).distinct().count()
        questions = Question.objects.filter(competence__group=group).count()
        assert (group.code, lessons >= 4, questions >= 30) == (group.code, True, True)
    for learner_group in LearnerGroup.values:
        assert [c for c in Course.objects.all() if learner_group in c.learner_groups]


def wrong_answer(question: Question) -> object:
    answer = question.answer
    if question.kind == "true_false":
        return not answer
    if question.kind == "multiple":
        return [n for n in range(1, len(question.choices) + 1) if n not in answer] or [1]
    if question.kind == "ordering":
        return list(reversed(answer))
    return answer % len(question.choices) + 1


@pytest.mark.django_db
def test_two_final_attempts_differ_in_at_least_half_their_questions(places: None) -> None:
    call_command("import_pack", str(DEFAULT), "--publish", stdout=StringIO())
    learner = sign_up("0913000001", "Nguyễn Thị Hoa", hcm_commune())
    drawn = []
    for _ in range(2):
        attempt = do_start_final(learner)
        drawn.append(set(attempt.question_ids))
        questions = Question.objects.filter(pk__in=attempt.question_ids)
        answers = {q: wrong_answer(q) for q in questions}
        event = new_event(Actor(learner), EventKind.FINAL_SUBMITTED, {"attempt": attempt.pk})
        assert event is not None
        assert not do_submit_final(Actor(learner), attempt, answers, event).passed
    first, second = drawn
    assert len(first) == len(second) == 27  # three in each of the nine groups
    assert len(first & second) <= len(first) / 2
