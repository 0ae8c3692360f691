"""A lesson's body as learners see it: rendered once per published version and language."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hocvuso.curriculum.models import Lesson, PackVersion, VersionStatus
from hocvuso.lib.lesson_markdown import render_lesson, term_key
from hocvuso.places.models import Level


def published_version_id(pack_id: int) -> tuple[int, str] | None:
    return (
        PackVersion.objects.filter(pack_id=pack_id, status=VersionStatus.PUBLISHED)
        .values_list("pk", "content_hash")
        .first()
    )


def _glossary(lesson: Lesson, version_pk: int) -> dict[str, str]:
    """The lesson's pack glossary, over the national one for a province's lesson."""
    wanted = [version_pk]
    if lesson.pack.owner.level != Level.COUNTRY:
        national = PackVersion.objects.filter(
            status=VersionStatus.PUBLISHED, pack__owner__level=Level.COUNTRY
        ).values_list("pk", flat=True)
        wanted = [*national, version_pk]
    merged: dict[str, str] = {}
    for pk in wanted:
        glossary = (
            PackVersion.objects.filter(pk=pk).values_list("content__glossary", flat=True).first()
        )
        merged.update({term_key(t): text for t, text in (glossary or {}).items()})
    return merged


def lesson_html(lesson: Lesson) -> str:
    found = published_version_id(lesson.pack_id)
    if found is None:
        return ""
    version_pk, content_hash = found
    key = f"lesson-html:{lesson.pk}:{content_hash}:{get_language()}"
    html: str | None = cache.get(key)
    if html is None:
        labels = {
            "safety": _("Safety note"),
            "try": _("Try it now"),
            "steps": _("Steps"),
            "summary": _("Summary"),
            "glossary": _("Words to know"),
        }
        html = render_lesson(
            lesson.body,
            _glossary(lesson, version_pk),
            image_base=f"/learn/images/{version_pk}/lessons/",
            labels=labels,
        ).html
        cache.set(key, html, 24 * 3600)
    return html


def image_bytes(version_pk: int, path: str) -> str | None:
    """A published version's picture (base64), read without loading the whole snapshot."""
    return (
        PackVersion.objects.filter(pk=version_pk, status=VersionStatus.PUBLISHED)
        .annotate(data=KeyTextTransform(path, KeyTransform("images", "content")))
        .values_list("data", flat=True)
        .first()
    )
