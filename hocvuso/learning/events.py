"""The kinds learning registers with the sync endpoint: each checks its data, keeps the
event once, and derives the state from it."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, cast

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from hocvuso.accounts.models import AccountStatus
from hocvuso.core.sync import Actor, Item, Outcome, Rejected, Status, register_kind
from hocvuso.curriculum.models import Course, Lesson, Question, QuestionPool
from hocvuso.learning.actions import (
    do_answer,
    do_complete_lesson,
    do_open_lesson,
    do_submit_quiz,
    new_event,
    quiz_questions,
    unmet_prerequisites,
)
from hocvuso.learning.answers import BadAnswer, normalise
from hocvuso.learning.content import public_course_or_404, public_lesson_or_404
from hocvuso.learning.models import EventKind, LearningEvent
from hocvuso.learning.rules import rules

MAX_SECONDS = 24 * 3600
MAX_QUIZ_ANSWERS = 50


def _missing(key: str) -> Rejected:
    messages = {
        "lesson": _("This lesson is no longer available."),
        "course": _("This course is no longer available."),
        "question": _("This question is no longer available."),
    }
    return Rejected(f"unknown_{key}", messages[key])


def _pk(data: dict[str, Any], key: str) -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise _missing(key)
    try:
        return int(value)
    except ValueError:
        raise _missing(key) from None


def _published(data: dict[str, Any], key: str, find: Callable[[int], Any]) -> Any:
    try:
        return find(_pk(data, key))
    except Http404:
        raise _missing(key) from None


def _lesson(data: dict[str, Any]) -> Lesson:
    return cast(Lesson, _published(data, "lesson", public_lesson_or_404))


def _course(data: dict[str, Any]) -> Course:
    return cast(Course, _published(data, "course", public_course_or_404))


def _seconds(data: dict[str, Any]) -> int:
    value = data.get("seconds", 0)
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not 0 <= value <= MAX_SECONDS
    ):
        raise Rejected("bad_seconds", _("The time spent is not valid."))
    return int(value)


def _answer(question: Question, raw: Any) -> Any:
    try:
        return normalise(question, raw)
    except BadAnswer:
        raise Rejected(
            "bad_answer", _("The answer does not match the question's choices.")
        ) from None


def _practice_question(data: dict[str, Any]) -> Question:
    question = (
        Question.objects.filter(pk=_pk(data, "question"), retired_at=None, pool=QuestionPool.LESSON)
        .exclude(lesson_ref="")
        .select_related("competence__group")
        .first()
    )
    if question is None:
        raise Rejected("unknown_question", _("This question is no longer available."))
    return question


OFFLINE_WINDOW = datetime.timedelta(days=90)


def _check_clock(actor: Actor, item: Item) -> None:
    now = timezone.now()
    if item.client_time > now + datetime.timedelta(days=1):
        raise Rejected(
            "clock_wrong",
            _("The phone's date is wrong. Please set the date and time on the phone."),
        )
    joined = actor.user.date_joined - datetime.timedelta(days=1)
    if item.client_time < max(joined, now - OFFLINE_WINDOW):
        raise Rejected(
            "too_old",
            _("This record is dated before it could have been made, so it was not kept."),
        )


def _keep(actor: Actor, item: Item, data: dict[str, Any]) -> LearningEvent | None:
    """Keep the checked data (never what else the device sent) once."""
    _check_clock(actor, item)
    if actor.user.status == AccountStatus.WITHDRAWN:
        raise Rejected(
            "consent_withdrawn",
            _("You withdrew your consent, so your learning is not recorded. Agree again first."),
        )
    return new_event(actor, item.kind, data, client_id=item.client_id, client_time=item.client_time)


def lesson_opened(actor: Actor, item: Item) -> Outcome:
    lesson = _lesson(item.data)
    event = _keep(actor, item, {"lesson": lesson.pk})
    if event is None:
        return Outcome(Status.DUPLICATE)
    do_open_lesson(actor, lesson, event)
    return Outcome(Status.ACCEPTED)


def lesson_completed(actor: Actor, item: Item) -> Outcome:
    lesson = _lesson(item.data)
    seconds = _seconds(item.data)
    if unmet_prerequisites(actor.user, lesson):
        raise Rejected(
            "prerequisite_missing",
            _("This lesson needs another one finished first. Please finish that one."),
        )
    event = _keep(actor, item, {"lesson": lesson.pk, "seconds": seconds})
    if event is None:
        return Outcome(Status.DUPLICATE)
    do_complete_lesson(actor, lesson, seconds, event)
    return Outcome(Status.ACCEPTED)


def answer_given(actor: Actor, item: Item) -> Outcome:
    question = _practice_question(item.data)
    answer = _answer(question, item.data.get("answer"))
    event = _keep(actor, item, {"question": question.pk, "answer": answer})
    if event is None:
        return Outcome(Status.DUPLICATE)
    do_answer(actor, question, answer, event)
    return Outcome(Status.ACCEPTED)


def quiz_submitted(actor: Actor, item: Item) -> Outcome:
    course = _course(item.data)
    seconds = _seconds(item.data)
    raw = item.data.get("answers")
    if not isinstance(raw, dict) or not 0 < len(raw) <= MAX_QUIZ_ANSWERS:
        raise Rejected("bad_answer", _("The quiz answers are not in the expected form."))
    allowed = {str(q.pk): q for q in quiz_questions(course, actor.user.home_place)}
    answers: dict[Question, Any] = {}
    for key, value in raw.items():
        question = allowed.get(str(key))
        if question is None:
            raise Rejected("unknown_question", _("This question is no longer available."))
        answers[question] = _answer(question, value)
    if len(answers) < min(rules().quiz_questions, len(allowed)):
        raise Rejected("incomplete_quiz", _("A quiz must answer every question it asked."))
    data = {
        "course": course.pk,
        "answers": {str(q.pk): a for q, a in answers.items()},
        "seconds": seconds,
    }
    event = _keep(actor, item, data)
    if event is None:
        return Outcome(Status.DUPLICATE)
    do_submit_quiz(actor, course, answers, seconds, event)
    return Outcome(Status.ACCEPTED)


KINDS: dict[str, Callable[[Actor, Item], Outcome]] = {
    EventKind.LESSON_OPENED: lesson_opened,
    EventKind.LESSON_COMPLETED: lesson_completed,
    EventKind.ANSWER_GIVEN: answer_given,
    EventKind.QUIZ_SUBMITTED: quiz_submitted,
}


def register_kinds() -> None:
    for kind, handler in KINDS.items():
        register_kind(str(kind), handler)
