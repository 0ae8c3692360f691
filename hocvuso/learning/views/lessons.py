"""Catalogue, path, course, lesson and practice pages."""

from __future__ import annotations

import base64
import mimetypes
import uuid
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hocvuso.accounts.access import acting_learner
from hocvuso.accounts.models import LearnerGroup
from hocvuso.core.sync import Actor
from hocvuso.curriculum.models import CompetenceGroup, Course, Lesson, Question
from hocvuso.learning.actions import (
    CourseState,
    do_answer,
    do_complete_lesson,
    new_event,
    progress_by_lesson,
    unmet_prerequisites,
)
from hocvuso.learning.answers import BadAnswer, is_right
from hocvuso.learning.content import (
    course_lessons,
    live_courses,
    live_lessons,
    practice_questions,
    public_course_or_404,
    public_lesson_or_404,
)
from hocvuso.learning.forms import client_id, read_answer, seconds_since, started_token
from hocvuso.learning.models import EventKind, QuizSubmission
from hocvuso.learning.render import image_bytes, lesson_html
from hocvuso.learning.views.access import learner_required

GET = ["GET", "HEAD"]
PER_PAGE = 20


def _learner(request: HttpRequest) -> Actor | None:
    return acting_learner(request) if request.user.is_authenticated else None


def _place(actor: Actor | None) -> Any:
    return actor.user.home_place if actor else None


@require_http_methods(GET)
def catalogue(request: HttpRequest) -> HttpResponse:
    actor = _learner(request)
    groups = {g.value: g.label for g in LearnerGroup}
    wanted_group = request.GET.get("group")
    if wanted_group is None and actor is not None:
        wanted_group = actor.user.learner_group
    if wanted_group not in groups:
        wanted_group = ""
    competence_groups = list(CompetenceGroup.objects.order_by("order"))
    wanted_area = request.GET.get("area", "")
    if wanted_area not in {g.code for g in competence_groups}:
        wanted_area = ""
    lessons = sorted(live_lessons(_place(actor)).values(), key=lambda item: (item.title, item.pk))
    if wanted_group:
        lessons = [item for item in lessons if wanted_group in item.learner_groups]
    if wanted_area:
        in_area = set(
            Lesson.competences.through.objects.filter(
                competence__group__code=wanted_area
            ).values_list("lesson_id", flat=True)
        )
        lessons = [item for item in lessons if item.pk in in_area]
    page = Paginator(lessons, PER_PAGE).get_page(request.GET.get("page"))
    # Only the lessons shown need their competences.
    prefetch_related_objects(list(page.object_list), "competences__group")
    progress = progress_by_lesson(actor.user if actor else None, page.object_list)
    return render(
        request,
        "learning/catalogue.html",
        {
            "page": page,
            "progress": progress,
            "groups": groups,
            "wanted_group": wanted_group,
            "competence_groups": competence_groups,
            "wanted_area": wanted_area,
        },
    )


def course_states(actor: Actor, courses: list[Course]) -> list[CourseState]:
    """Each course with its lessons, the learner's progress and best quiz, in a fixed few
    queries however many courses there are."""
    place = _place(actor)
    lessons = live_lessons(place, {i for c in courses for i in c.lesson_ids})
    by_course = {c.pk: [lessons[i] for i in c.lesson_ids if i in lessons] for c in courses}
    progress = progress_by_lesson(actor.user, [x for ls in by_course.values() for x in ls])
    best: dict[int, QuizSubmission] = {}
    for submission in QuizSubmission.objects.filter(
        user=actor.user, course__in=[c.pk for c in courses], counted=True
    ):
        current = best.get(submission.course_id)
        if current is None or submission.right * current.total > current.right * submission.total:
            best[submission.course_id] = submission
    return [CourseState(c, by_course[c.pk], progress, best.get(c.pk)) for c in courses]


@require_http_methods(GET)
def path(request: HttpRequest) -> HttpResponse:
    actor = _learner(request)
    groups = {g.value: g.label for g in LearnerGroup}
    group = request.GET.get("group") or (actor.user.learner_group if actor else "")
    if group not in groups:
        group = LearnerGroup.CITIZEN
    courses = [c for c in live_courses(_place(actor)) if group in c.learner_groups]
    states = course_states(actor, courses) if actor else []
    next_lesson = None
    for state in states:
        for lesson in state.lessons:
            if not ((p := state.progress.get(lesson.pk)) and p.done):
                next_lesson = lesson
                break
        if next_lesson:
            break
    return render(
        request,
        "learning/path.html",
        {
            "courses": courses,
            "states": states,
            "group": group,
            "groups": groups,
            "next_lesson": next_lesson,
            "self_checked": actor is not None and actor.user.self_checks.exists(),
        },
    )


@require_http_methods(GET)
def course(request: HttpRequest, pk: int) -> HttpResponse:
    found = public_course_or_404(pk)
    actor = _learner(request)
    state = (
        course_states(actor, [found])[0]
        if actor
        else CourseState(found, course_lessons(found, None), {}, None)
    )
    return render(request, "learning/course.html", {"course": found, "state": state})


def _neighbours(lesson: Lesson, place: Any) -> tuple[Course | None, Lesson | None, Lesson | None]:
    """The first course (in path order) that holds the lesson, and the lessons around it."""
    for candidate in live_courses(place):
        if lesson.stable_id in candidate.lesson_ids:
            ordered = course_lessons(candidate, place)
            ids = [item.pk for item in ordered]
            if lesson.pk not in ids:
                continue
            at = ids.index(lesson.pk)
            before = ordered[at - 1] if at > 0 else None
            after = ordered[at + 1] if at + 1 < len(ordered) else None
            return candidate, before, after
    return None, None, None


def _lesson_page(
    request: HttpRequest,
    lesson: Lesson,
    feedback: dict[int, dict[str, Any]] | None = None,
    status: int = 200,
    actor: Actor | None = None,
) -> HttpResponse:
    actor = actor or _learner(request)
    blocked = unmet_prerequisites(actor.user if actor else None, lesson)
    place = _place(actor)
    course_found, before, after = _neighbours(lesson, place)
    context: dict[str, Any] = {
        "lesson": lesson,
        "course": course_found,
        "before": before,
        "after": after,
        "blocked": blocked,
    }
    if blocked:
        return render(request, "learning/lesson_blocked.html", context, status=status)
    questions = practice_questions(lesson)
    context.update(
        {
            "body": lesson_html(lesson),
            "questions": questions,
            "feedback": feedback or {},
            "client_ids": {q.pk: uuid.uuid4() for q in questions},
            "complete_id": uuid.uuid4(),
            "started": started_token(),
        }
    )
    response = render(request, "learning/lesson.html", context, status=status)
    # The same page for everyone, so a phone may keep it to read offline: nothing personal
    # may be on it (no answers shown back, no messages).
    has_messages = len(messages.get_messages(request)) > 0
    response.public_content = not feedback and not has_messages  # type: ignore[attr-defined]
    return response


@require_http_methods(GET)
def lesson(request: HttpRequest, pk: int) -> HttpResponse:
    return _lesson_page(request, public_lesson_or_404(pk))


def _question_of(lesson: Lesson, pk: int) -> Question:
    for question in practice_questions(lesson):
        if question.pk == pk:
            return question
    raise Http404


@learner_required
@require_POST
def answer(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    """Without JavaScript: check one practice answer and show the lesson with the feedback."""
    found = public_lesson_or_404(pk)
    question = _question_of(found, question_pk)
    actor = acting_learner(request)
    if unmet_prerequisites(actor.user if actor else None, found):
        return _lesson_page(request, found, actor=actor)
    try:
        given = read_answer(question, request.POST)
    except BadAnswer:
        problem = {
            question.pk: {
                "error": _("Please choose an answer first."),
                "given_list": request.POST.getlist("answer"),
            }
        }
        return _lesson_page(request, found, problem, status=400, actor=actor)
    event = new_event(
        actor,
        EventKind.ANSWER_GIVEN,
        {"question": question.pk, "answer": given},
        client_id=client_id(request.POST),
    )
    if event is not None:
        do_answer(actor, question, given, event)
    feedback: dict[int, dict[str, Any]] = {
        question.pk: {
            "right": is_right(question, given),
            "given_list": request.POST.getlist("answer"),
        }
    }
    return _lesson_page(request, found, feedback, actor=actor)


@learner_required
@require_POST
def complete(request: HttpRequest, pk: int) -> HttpResponse:
    """Without JavaScript: mark the lesson done and go on to the next one."""
    found = public_lesson_or_404(pk)
    actor = acting_learner(request)
    if unmet_prerequisites(actor.user if actor else None, found):
        return _lesson_page(request, found, actor=actor)
    seconds = seconds_since(request.POST.get("started", ""))
    event = new_event(
        actor,
        EventKind.LESSON_COMPLETED,
        {"lesson": found.pk, "seconds": seconds},
        client_id=client_id(request.POST),
    )
    if event is not None:
        do_complete_lesson(actor, found, seconds, event)
    messages.success(request, _("Well done: this lesson is marked as finished."))
    course_found, _before, after = _neighbours(found, _place(actor))
    if after is not None:
        return redirect("learning:lesson", pk=after.pk)
    if course_found is not None:
        return redirect("learning:course", pk=course_found.pk)
    return redirect("learning:progress")


@require_http_methods(GET)
def image(request: HttpRequest, version: int, path: str) -> HttpResponse:
    """A lesson picture of a published version (its address never changes content)."""
    data = image_bytes(version, path)
    if data is None:
        raise Http404
    kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
    response = HttpResponse(base64.b64decode(data), content_type=kind)
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response.public_content = True  # type: ignore[attr-defined]
    return response
