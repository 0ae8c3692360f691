"""Progress on the nine groups, the self-check, course quizzes and the final assessment."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hocvuso.accounts.access import acting_learner
from hocvuso.curriculum.models import CompetenceGroup, Question
from hocvuso.learning.actions import (
    MustWait,
    NotEnoughQuestions,
    do_self_check,
    do_start_final,
    do_submit_final,
    do_submit_quiz,
    draw,
    final_wait_until,
    new_event,
    quiz_questions,
    self_check_questions,
)
from hocvuso.learning.answers import is_right
from hocvuso.learning.content import live_courses, public_course_or_404
from hocvuso.learning.forms import (
    client_id,
    read_answers,
    seconds_since,
    sign_ids,
    started_token,
    unsign_ids,
)
from hocvuso.learning.mastery import all_groups_mastered, mastery
from hocvuso.learning.models import EventKind, FinalAttempt, QuizSubmission, StandardReached
from hocvuso.learning.rules import rules
from hocvuso.learning.views.access import learner_required
from hocvuso.learning.views.lessons import course_states

GET = ["GET", "HEAD"]
GET_POST = ["GET", "HEAD", "POST"]


def _rating_labels() -> list[tuple[int, str]]:
    labels = {
        1: _("I have never done this"),
        2: _("I know a little"),
        3: _("I can do it"),
        4: _("I can do it well and help others"),
    }
    return list(labels.items())


@learner_required
@require_http_methods(GET)
def progress(request: HttpRequest) -> HttpResponse:
    actor = acting_learner(request)
    user = actor.user
    groups = mastery(user.pk, user.home_place)
    courses = [c for c in live_courses(user.home_place) if user.learner_group in c.learner_groups]
    return render(
        request,
        "learning/progress.html",
        {
            "person": user,
            "groups": groups,
            "mastered": sum(1 for g in groups if g.mastered),
            "standard": StandardReached.objects.filter(user=user).first(),
            "states": course_states(actor, courses),
            "rules": rules(),
            "mastery_percent": round(100 * rules().mastery_ratio),
        },
    )


# --- course quiz ----------------------------------------------------------------------------
def _question_page(
    request: HttpRequest,
    template: str,
    questions: list[Question],
    context: dict[str, Any],
    typed: dict[int, list[str]] | None = None,
    status: int = 200,
    salt: str = "quiz",
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "questions": questions,
            "drawn": sign_ids([q.pk for q in questions], salt),
            "typed": typed or {},
            "client_id": request.POST.get("client_id") or uuid.uuid4(),
            "started": request.POST.get("started") or started_token(),
            **context,
        },
        status=status,
    )


@learner_required
@require_http_methods(GET_POST)
def quiz(request: HttpRequest, pk: int) -> HttpResponse:
    found = public_course_or_404(pk)
    actor = acting_learner(request)
    pool = quiz_questions(found, actor.user.home_place)
    if request.method != "POST":
        asked = draw(pool, rules().quiz_questions)
        return _question_page(request, "learning/quiz.html", asked, {"course": found})
    by_pk = {q.pk: q for q in pool}
    drawn = unsign_ids(request.POST.get("drawn", ""), "quiz") or []
    asked = [by_pk[pk] for pk in drawn if pk in by_pk]
    if not asked:
        messages.info(request, _("This quiz page was too old. Here are fresh questions."))
        return redirect("learning:quiz", pk=found.pk)
    answers, typed, missing = read_answers(asked, request.POST)
    if missing:
        messages.error(
            request, _("Please answer every question: %(n)s left.") % {"n": len(missing)}
        )
        return _question_page(
            request, "learning/quiz.html", asked, {"course": found, "missing": missing}, typed, 400
        )
    seconds = seconds_since(request.POST.get("started", ""))
    event = new_event(
        actor,
        EventKind.QUIZ_SUBMITTED,
        {
            "course": found.pk,
            "answers": {str(q.pk): a for q, a in answers.items()},
            "seconds": seconds,
        },
        client_id=client_id(request.POST),
    )
    submission = (
        do_submit_quiz(actor, found, answers, seconds, event)
        if event is not None
        else QuizSubmission.objects.filter(user=actor.user, course=found).order_by("-pk").first()
    )
    return render(
        request,
        "learning/quiz_result.html",
        {
            "course": found,
            "submission": submission,
            "results": [(q, answers[q], is_right(q, answers[q])) for q in asked],
            "passed": submission is not None
            and submission.right >= rules().quiz_pass_ratio * submission.total,
        },
    )


# --- self-check -----------------------------------------------------------------------------
@learner_required
@require_http_methods(GET_POST)
def self_check(request: HttpRequest) -> HttpResponse:
    actor = acting_learner(request)
    groups = list(CompetenceGroup.objects.order_by("order"))
    if request.method != "POST":
        by_group = self_check_questions(actor.user.home_place)
        asked = [q for g in groups for q in by_group.get(g.code, [])]
        return _question_page(
            request,
            "learning/self_check.html",
            asked,
            {"groups": groups, "ratings": _rating_labels(), "chosen": {}},
            salt="self-check",
        )
    drawn = unsign_ids(request.POST.get("drawn", ""), "self-check") or []
    pool = {
        q.pk: q
        for q in Question.objects.filter(pk__in=drawn, pool="selfcheck").select_related(
            "competence__group"
        )
    }
    asked = [pool[pk] for pk in drawn if pk in pool]
    chosen: dict[str, int] = {}
    for group in groups:
        value = request.POST.get(f"rating-{group.code}", "")
        if value in {"1", "2", "3", "4"}:
            chosen[group.code] = int(value)
    answers, typed, missing = read_answers(asked, request.POST)
    unrated = [g for g in groups if g.code not in chosen]
    if unrated or missing:
        messages.error(
            request,
            _("Please answer every part: %(n)s left.") % {"n": len(unrated) + len(missing)},
        )
        return _question_page(
            request,
            "learning/self_check.html",
            asked,
            {
                "groups": groups,
                "ratings": _rating_labels(),
                "chosen": chosen,
                "missing": missing,
                "unrated": unrated,
            },
            typed,
            400,
            salt="self-check",
        )
    event = new_event(
        actor,
        EventKind.SELF_CHECK,
        {"ratings": chosen, "answers": {str(q.pk): a for q, a in answers.items()}},
        client_id=client_id(request.POST),
    )
    if event is not None:
        do_self_check(actor, chosen, answers, event)
    return redirect("learning:self-check-result")


@learner_required
@require_http_methods(GET)
def self_check_result(request: HttpRequest) -> HttpResponse:
    actor = acting_learner(request)
    check = actor.user.self_checks.first()
    if check is None:
        return redirect("learning:self-check")
    groups = list(CompetenceGroup.objects.order_by("order"))
    rows = [
        {
            "group": g,
            "rating": check.ratings.get(g.code, 0),
            "right": check.known.get(g.code, [0, 0])[0],
            "asked": check.known.get(g.code, [0, 0])[1],
            "proven": g.code in check.proven,
        }
        for g in groups
    ]
    weakest = sorted(
        (r for r in rows if not r["proven"]), key=lambda r: (r["rating"], r["right"] - r["asked"])
    )
    return render(
        request,
        "learning/self_check_result.html",
        {"check": check, "rows": rows, "start_with": weakest[:3], "labels": dict(_rating_labels())},
    )


# --- final assessment -----------------------------------------------------------------------
@learner_required
@require_http_methods(GET)
def final(request: HttpRequest) -> HttpResponse:
    actor = acting_learner(request)
    user = actor.user
    return render(
        request,
        "learning/final.html",
        {
            "attempts": FinalAttempt.objects.filter(user=user).exclude(submitted_at=None)[:10],
            "open_attempt": FinalAttempt.objects.filter(user=user, submitted_at=None).first(),
            "wait_until": final_wait_until(user),
            "standard": StandardReached.objects.filter(user=user).first(),
            "mastered_all": all_groups_mastered(mastery(user.pk, user.home_place)),
            "rules": rules(),
            "pass_percent": round(100 * rules().final_pass_ratio),
        },
    )


@learner_required
@require_POST
def final_start(request: HttpRequest) -> HttpResponse:
    actor = acting_learner(request)
    try:
        attempt = do_start_final(actor.user)
    except MustWait:
        messages.error(request, _("You can try again after the waiting period shown below."))
        return redirect("learning:final")
    except NotEnoughQuestions:
        messages.error(request, _("The assessment has no questions yet. Please try again later."))
        return redirect("learning:final")
    return redirect("learning:final-attempt", pk=attempt.pk)


def _own_attempt_or_404(request: HttpRequest, pk: int) -> FinalAttempt:
    return get_object_or_404(FinalAttempt, pk=pk, user=acting_learner(request).user)


@learner_required
@require_http_methods(GET_POST)
def final_attempt(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = _own_attempt_or_404(request, pk)
    by_pk = {
        q.pk: q
        for q in Question.objects.filter(pk__in=attempt.question_ids).select_related(
            "competence__group"
        )
    }
    asked = [by_pk[i] for i in attempt.question_ids if i in by_pk]
    if attempt.submitted_at is not None:
        return render(request, "learning/final_result.html", {"attempt": attempt})
    if request.method != "POST":
        return _question_page(request, "learning/final_attempt.html", asked, {"attempt": attempt})
    answers, typed, missing = read_answers(asked, request.POST)
    if missing:
        messages.error(
            request, _("Please answer every question: %(n)s left.") % {"n": len(missing)}
        )
        return _question_page(
            request,
            "learning/final_attempt.html",
            asked,
            {"attempt": attempt, "missing": missing},
            typed,
            400,
        )
    actor = acting_learner(request)
    event = new_event(
        actor,
        EventKind.FINAL_SUBMITTED,
        {"attempt": attempt.pk, "answers": {str(q.pk): a for q, a in answers.items()}},
        client_id=client_id(request.POST),
    )
    if event is None:  # the same form sent twice at once: the first one counts
        return redirect("learning:final-attempt", pk=attempt.pk)
    attempt = do_submit_final(actor, attempt, answers, event)
    return redirect("learning:final-attempt", pk=attempt.pk)
