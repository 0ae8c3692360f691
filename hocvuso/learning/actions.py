"""Recording learning. Every write is an atomic do_* function that the sync endpoint, the
pages and the tests all call; each starts from an event the device made."""

from __future__ import annotations

import datetime
import random
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from hocvuso.accounts.models import User
from hocvuso.core.sync import Actor
from hocvuso.curriculum.models import Course, Lesson, Question, QuestionPool
from hocvuso.integrity.actions import do_raise_flag
from hocvuso.integrity.models import FlagReason
from hocvuso.learning.answers import is_right
from hocvuso.learning.content import course_lessons, live_lessons, live_questions
from hocvuso.learning.mastery import all_groups_mastered, mastery
from hocvuso.learning.models import (
    Attempt,
    AttemptContext,
    Completion,
    FinalAttempt,
    LearningEvent,
    LessonProgress,
    LessonStatus,
    QuizSubmission,
    Route,
    SelfCheck,
    StandardReached,
)
from hocvuso.learning.rules import rules
from hocvuso.learning.signals import basic_skills_reached, course_quiz_passed, standard_withdrawn
from hocvuso.tally.actions import bump, national_root_id
from hocvuso.tally.models import Indicator


def new_event(
    actor: Actor,
    kind: str,
    data: dict[str, Any],
    *,
    client_id: uuid.UUID | None = None,
    client_time: datetime.datetime | None = None,
) -> LearningEvent | None:
    """Keep the event, or return None if this device already sent it (a resend)."""
    try:
        with transaction.atomic():
            return LearningEvent.objects.create(
                user=actor.user,
                client_id=client_id or uuid.uuid4(),
                kind=kind,
                client_time=client_time or timezone.now(),
                data=data,
                assisted_by=actor.assisted_by,
            )
    except IntegrityError:
        return None


def _progress(user: Any, lesson: Lesson, status: LessonStatus) -> LessonProgress:
    """Move a lesson's progress up to `status`; it never goes down."""
    progress, made = LessonProgress.objects.select_for_update().get_or_create(
        user=user, lesson=lesson, defaults={"status": status}
    )
    if not made and progress.status < status:
        progress.status = status
        progress.updated_at = timezone.now()
        progress.save(update_fields=["status", "updated_at"])
    return progress


@transaction.atomic
def do_open_lesson(actor: Actor, lesson: Lesson, event: LearningEvent) -> LessonProgress:
    progress = _progress(actor.user, lesson, LessonStatus.OPENED)
    progress.opened_count += 1
    if progress.first_opened_at is None or event.client_time < progress.first_opened_at:
        progress.first_opened_at = event.client_time
    progress.save(update_fields=["opened_count", "first_opened_at"])
    return progress


@transaction.atomic
def do_complete_lesson(
    actor: Actor, lesson: Lesson, seconds: int, event: LearningEvent
) -> Completion | None:
    """Mark the lesson done. The first completion is kept with its evidence and counted at
    the learner's place; a lesson finished far faster than its reading time is flagged."""
    user = actor.user
    progress = _progress(user, lesson, LessonStatus.COMPLETED)
    if Completion.objects.filter(user=user, lesson=lesson).exists():
        return None
    place_id = user.home_place_id or national_root_id()
    completion = Completion.objects.create(
        user=user,
        lesson=lesson,
        event=event,
        place_id=place_id,
        segment=user.learner_group,
        day=timezone.localdate(event.received_at),
        completed_at=event.client_time,
        seconds=max(0, seconds),
        attempt=max(1, progress.opened_count),
        assisted_by=actor.assisted_by,
    )
    bump(place_id, Indicator.LESSONS_COMPLETED, segment=completion.segment, day=completion.day)
    reading = lesson.minutes * 60
    if completion.seconds < reading * rules().fast_lesson_ratio:
        do_raise_flag(
            user,
            place_id,
            FlagReason.FAST_LESSON,
            f"completion:{completion.pk}",
            f"{lesson.title}: {completion.seconds} s / {reading} s",
        )
    return completion


LATE_ANSWER_WINDOW = datetime.timedelta(minutes=2)


def lock(user: Any) -> None:
    """Serialise one learner's writes (PostgreSQL locks the row; SQLite's transactions are
    already one at a time)."""
    list(User.objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True))


def _attempt(
    user: Any,
    question: Question,
    event: LearningEvent,
    context: str,
    answer: Any,
) -> Attempt:
    """Keep one answer. The learner's first answer to a question (by the device's clock, so
    the order in which offline answers arrive does not matter) is the one that counts. An
    answer dated before the current first one replaces it only if it arrives soon after it,
    as what waited on a phone does when the phone comes back online (the outbox sends at
    once); later, it could have been made up after seeing the explanation."""
    lock(user)
    current = (
        Attempt.objects.select_for_update()
        .filter(user=user, question=question, first=True)
        .select_related("event")
        .first()
    )
    key = (event.client_time, str(event.client_id))
    first = current is None or (
        key < (current.answered_at, str(current.event.client_id))
        and event.received_at - current.event.received_at <= LATE_ANSWER_WINDOW
    )
    if first and current is not None:
        Attempt.objects.filter(pk=current.pk).update(first=False)
    return Attempt.objects.create(
        user=user,
        question=question,
        event=event,
        context=context,
        answer=answer,
        correct=is_right(question, answer),
        first=first,
        answered_at=event.client_time,
    )


@transaction.atomic
def do_answer(actor: Actor, question: Question, answer: Any, event: LearningEvent) -> Attempt:
    attempt = _attempt(actor.user, question, event, AttemptContext.PRACTICE, answer)
    if attempt.first and attempt.correct:  # nothing else can newly master a competence
        check_standard(actor.user)
    return attempt


def _flag_if_fast(user: Any, subject: str, seconds: int, answered: int, title: str) -> None:
    if answered and seconds < answered * rules().min_seconds_per_answer:
        do_raise_flag(
            user,
            user.home_place_id,
            FlagReason.FAST_ANSWERS,
            subject,
            f"{title}: {answered} / {seconds} s",
        )


@transaction.atomic
def do_submit_quiz(
    actor: Actor,
    course: Course,
    answers: dict[Question, Any],
    seconds: int,
    event: LearningEvent,
) -> QuizSubmission:
    user = actor.user
    attempts = [_attempt(user, q, event, AttemptContext.QUIZ, a) for q, a in answers.items()]
    submission = QuizSubmission.objects.create(
        user=user,
        course=course,
        event=event,
        right=sum(1 for a in attempts if a.correct),
        total=len(attempts),
        seconds=max(0, seconds),
        submitted_at=event.client_time,
    )
    _flag_if_fast(user, f"quiz:{submission.pk}", submission.seconds, len(attempts), course.title)
    if submission.total and submission.right >= rules().quiz_pass_ratio * submission.total:
        course_quiz_passed.send(QuizSubmission, user=user, course=course, submission=submission)
    check_standard(user)
    return submission


def quiz_questions(course: Course, place: Any) -> list[Question]:
    """The questions a course's quiz may ask: those written for its lessons."""
    ids = [lesson.stable_id for lesson in course_lessons(course, place)]
    return list(
        live_questions(place)
        .filter(lesson_ref__in=ids, pool=QuestionPool.LESSON)
        .select_related("competence")
        .order_by("position", "pk")
    )


def draw(questions: list[Question], n: int) -> list[Question]:
    return random.sample(questions, min(n, len(questions)))  # noqa: S311 (not security)


@transaction.atomic
def do_self_check(
    actor: Actor,
    ratings: dict[str, int],
    answers: dict[Question, Any],
    event: LearningEvent,
) -> SelfCheck:
    """Keep the self-ratings and knowledge answers. A group rated "I can do it" or better
    whose knowledge questions were all right is proven: its lessons may be skipped."""
    user = actor.user
    lock(user)
    first_check = not SelfCheck.objects.filter(user=user).exists()
    known: dict[str, list[int]] = {code: [0, 0] for code in ratings}
    for question, answer in answers.items():
        attempt = _attempt(user, question, event, AttemptContext.SELF_CHECK, answer)
        tally = known.setdefault(question.competence.group.code, [0, 0])
        tally[0] += int(attempt.correct)
        tally[1] += 1
    proven = sorted(
        code
        for code, (right, asked) in known.items()
        if asked and right == asked and ratings.get(code, 0) >= 3
    )
    check = SelfCheck.objects.create(
        user=user, ratings=ratings, known=known, proven=proven, taken_at=event.client_time
    )
    if proven and first_check:  # later self-checks advise; only the first skips lessons
        for lesson in live_lessons(user.home_place, competences=True).values():
            groups = {c.group.code for c in lesson.competences.all()}
            if groups and groups <= set(proven):
                _progress(user, lesson, LessonStatus.SKIPPED)
    check_standard(user)
    return check


def self_check_questions(place: Any) -> dict[str, list[Question]]:
    """A fresh draw of knowledge questions per group, from the self-check pool."""
    pool: dict[str, list[Question]] = {}
    for question in (
        live_questions(place)
        .filter(pool=QuestionPool.SELF_CHECK)
        .select_related("competence__group")
    ):
        pool.setdefault(question.competence.group.code, []).append(question)
    n = rules().self_check_per_group
    return {code: draw(questions, n) for code, questions in pool.items()}


# --- the final assessment -------------------------------------------------------------------
def final_wait_until(user: Any) -> datetime.datetime | None:
    """After every `final_fails_before_wait` failed attempts in a row, a waiting period."""
    r = rules()
    fails = 0
    last: datetime.datetime | None = None
    for attempt in (
        FinalAttempt.objects.filter(user=user, counted=True)
        .exclude(submitted_at=None)
        .order_by("submitted_at")
    ):
        fails = 0 if attempt.passed else fails + 1
        last = attempt.submitted_at
    if last is None or fails == 0 or fails % r.final_fails_before_wait:
        return None
    until = last + datetime.timedelta(days=r.final_wait_days)
    return until if timezone.now() < until else None


class MustWait(Exception):
    def __init__(self, until: datetime.datetime) -> None:
        super().__init__(until)
        self.until = until


class NotEnoughQuestions(Exception):
    pass


@transaction.atomic
def do_start_final(user: Any) -> FinalAttempt:
    """An attempt with fresh questions, drawn per group from the final pool and avoiding what
    the learner was asked before; an unfinished attempt is given back as it was."""
    lock(user)
    open_attempt = FinalAttempt.objects.filter(user=user, submitted_at=None).first()
    if open_attempt is not None:
        return open_attempt
    until = final_wait_until(user)
    if until is not None:
        raise MustWait(until)
    seen = {
        qid
        for ids in FinalAttempt.objects.filter(user=user).values_list("question_ids", flat=True)
        for qid in ids
    }
    by_group: dict[str, tuple[list[Question], list[Question]]] = {}
    for question in live_questions(user.home_place).select_related("competence__group"):
        final, other = by_group.setdefault(question.competence.group.code, ([], []))
        (final if question.pool == QuestionPool.FINAL else other).append(question)
    n = rules().final_per_group
    chosen: list[int] = []
    for final, other in by_group.values():
        picked: list[Question] = []
        # Unseen final-pool questions first, then unseen others, then anything.
        for candidates in (
            [q for q in final if q.pk not in seen],
            [q for q in other if q.pk not in seen and q.pool == QuestionPool.LESSON],
            final,
        ):
            rest = [q for q in candidates if q not in picked]
            picked += draw(rest, n - len(picked))
            if len(picked) >= n:
                break
        chosen += [q.pk for q in picked]
    if not chosen:
        raise NotEnoughQuestions
    random.shuffle(chosen)  # noqa: S311
    return FinalAttempt.objects.create(user=user, question_ids=chosen)


@transaction.atomic
def do_submit_final(
    actor: Actor, final: FinalAttempt, answers: dict[Question, Any], event: LearningEvent
) -> FinalAttempt:
    user = actor.user
    final = FinalAttempt.objects.select_for_update().get(pk=final.pk)
    if final.submitted_at is not None:
        return final
    attempts = [_attempt(user, q, event, AttemptContext.FINAL, a) for q, a in answers.items()]
    total = len(final.question_ids)
    final.right = sum(1 for a in attempts if a.correct)
    final.submitted_at = event.received_at
    final.seconds = max(0, int((event.received_at - final.started_at).total_seconds()))
    final.passed = final.right >= rules().final_pass_ratio * total
    final.event = event
    final.save(update_fields=["right", "submitted_at", "seconds", "passed", "event"])
    _flag_if_fast(user, f"final:{final.pk}", final.seconds, total, "final")
    if final.passed:
        reach_standard(user, Route.FINAL)
    else:
        check_standard(user)
    return final


# --- the standard ---------------------------------------------------------------------------
def reach_standard(user: Any, route: str) -> StandardReached | None:
    reached, made = StandardReached.objects.get_or_create(user=user, defaults={"route": route})
    if not made:
        return None
    bump(user.home_place_id, Indicator.LEARNERS_STANDARD, segment=user.learner_group)
    basic_skills_reached.send(StandardReached, user=user, route=route, reached=reached)
    return reached


def check_standard(user: Any) -> StandardReached | None:
    """Reached when every one of the nine groups is mastered."""
    if StandardReached.objects.filter(user=user).exists():
        return None
    if not all_groups_mastered(mastery(user.pk, user.home_place)):
        return None
    return reach_standard(user, Route.MASTERY)


def still_meets_standard(user: Any) -> bool:
    if all_groups_mastered(mastery(user.pk, user.home_place)):
        return True
    return FinalAttempt.objects.filter(user=user, passed=True, counted=True).exists()


def drop_standard_if_unearned(user: Any) -> None:
    """After an officer rejects evidence, the standard stays only if it is still earned."""
    reached = StandardReached.objects.filter(user=user).first()
    if reached is None or reached.route == Route.IN_PERSON:  # an assessor saw it done
        return
    if not still_meets_standard(user):
        reached.delete()
        bump(user.home_place_id, Indicator.LEARNERS_STANDARD, -1, segment=user.learner_group)
        standard_withdrawn.send(StandardReached, user=user)


def unmet_prerequisites(user: Any, lesson: Lesson) -> list[Lesson]:
    """Lessons this learner must finish first (none for a visitor who is not signed in)."""
    if user is None or not lesson.prerequisites:
        return []
    lessons = live_lessons(user.home_place, lesson.prerequisites)
    needed = [lessons[i] for i in lesson.prerequisites if i in lessons]
    done = {p.lesson_id for p in progress_by_lesson(user, needed).values() if p.done}
    return [item for item in needed if item.pk not in done]


@dataclass
class CourseState:
    course: Course
    lessons: list[Lesson]
    progress: dict[int, LessonProgress]
    best_quiz: QuizSubmission | None

    @property
    def done(self) -> int:
        return sum(1 for lesson in self.lessons if (p := self.progress.get(lesson.pk)) and p.done)

    @property
    def percent(self) -> int:
        return round(100 * self.done / len(self.lessons)) if self.lessons else 0

    @property
    def quiz_passed(self) -> bool:
        q = self.best_quiz
        return q is not None and q.total > 0 and q.right >= rules().quiz_pass_ratio * q.total

    @property
    def finished(self) -> bool:
        return bool(self.lessons) and self.done == len(self.lessons) and self.quiz_passed


def progress_by_lesson(user: Any, lessons: Iterable[Lesson]) -> dict[int, LessonProgress]:
    if not getattr(user, "is_authenticated", False):
        return {}
    return {
        p.lesson_id: p
        for p in LessonProgress.objects.filter(
            user=user, lesson__in=[lesson.pk for lesson in lessons]
        )
    }
