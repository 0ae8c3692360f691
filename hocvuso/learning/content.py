"""The published content a learner sees: national packs plus their own province's."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.http import Http404

from hocvuso.curriculum.models import Course, Lesson, Question, QuestionPool, VersionStatus
from hocvuso.places.models import Level, Place


def _packs_for(place: Place | None) -> Q:
    """Published packs owned by the nation or by the learner's province."""
    owners = Q(pack__owner__level=Level.COUNTRY)
    province = place.province_code() if place is not None else None
    if province:
        owners |= Q(pack__owner__code=province)
    return owners & Q(pack__versions__status=VersionStatus.PUBLISHED, retired_at=None)


def _by_stable_id[T: (Lesson, Course)](rows: QuerySet[T]) -> dict[str, T]:
    """One row per stable id; a province's row replaces the national one."""
    found: dict[str, T] = {}
    for row in rows.distinct().order_by("pack__owner__level", "pk"):
        found[row.stable_id] = row
    return found


def live_lessons(
    place: Place | None, ids: Iterable[str] | None = None, *, competences: bool = False
) -> dict[str, Lesson]:
    """Live lessons by stable id (all, or those of `ids`), without their bodies."""
    rows = Lesson.objects.filter(_packs_for(place)).defer("body")
    if ids is not None:
        rows = rows.filter(stable_id__in=list(ids))
    if competences:
        rows = rows.prefetch_related("competences__group")
    return _by_stable_id(rows)


def live_courses(place: Place | None) -> list[Course]:
    courses = _by_stable_id(Course.objects.filter(_packs_for(place)))
    return sorted(courses.values(), key=lambda c: (c.order, c.title, c.pk))


def live_questions(place: Place | None) -> QuerySet[Question]:
    return Question.objects.filter(pk__in=Question.objects.filter(_packs_for(place)).values("pk"))


def _published_or_404[T: (Lesson, Course)](rows: QuerySet[T], pk: int) -> T:
    found = (
        rows.filter(pk=pk, retired_at=None, pack__versions__status=VersionStatus.PUBLISHED)
        .select_related("pack__owner")
        .first()
    )
    if found is None:
        raise Http404
    return found


def public_lesson_or_404(pk: int) -> Lesson:
    """Any published lesson: lessons are public content, readable before signing up."""
    return _published_or_404(Lesson.objects.all(), pk)


def public_course_or_404(pk: int) -> Course:
    return _published_or_404(Course.objects.all(), pk)


def course_lessons(course: Course, place: Place | None) -> list[Lesson]:
    """The course's lessons in order, as the learner's place sees them."""
    lessons = live_lessons(place, course.lesson_ids)
    return [lessons[i] for i in course.lesson_ids if i in lessons]


def practice_questions(lesson: Lesson) -> list[Question]:
    """Questions written for this lesson in its pack, falling back to the national pack's
    when a province's version of the lesson brings none."""
    own = list(
        Question.objects.filter(
            pack=lesson.pack, lesson_ref=lesson.stable_id, retired_at=None, pool=QuestionPool.LESSON
        ).order_by("position")
    )
    if own or lesson.pack.owner.level == Level.COUNTRY:
        return own
    return list(
        Question.objects.filter(
            pack__owner__level=Level.COUNTRY,
            lesson_ref=lesson.stable_id,
            retired_at=None,
            pool=QuestionPool.LESSON,
        ).order_by("position")
    )
