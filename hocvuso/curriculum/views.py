"""Editors' pages: upload a zipped pack, read the check's report, preview lessons as learners
will see them, publish a version."""

from __future__ import annotations

import base64
import mimetypes
import tempfile
from pathlib import Path

from django.contrib import messages
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hocvuso.accounts.access import role_required, signed_in_user
from hocvuso.accounts.models import Role, RoleKind, User
from hocvuso.curriculum.actions import do_import_pack, do_publish
from hocvuso.curriculum.forms import UploadPackForm
from hocvuso.curriculum.models import PackVersion, VersionStatus
from hocvuso.curriculum.packs.validate import Problem
from hocvuso.lib.lesson_markdown import render_lesson, term_key
from hocvuso.places.models import Place

EDITOR_KINDS = [RoleKind.EDITOR, RoleKind.ADMIN]
editor_required = role_required(EDITOR_KINDS)
GET_POST = ["GET", "HEAD", "POST"]


def _scope(editor: User) -> Q:
    """Packs owned by a place at or under one of the editor's places."""
    paths = Role.objects.filter(user=editor, kind__in=EDITOR_KINDS).values_list(
        "place__path", flat=True
    )
    scope = Q(pk__in=[])
    for path in paths:
        scope |= Q(pack__owner__path__startswith=path)
    return scope


def versions_visible_to(editor: User) -> QuerySet[PackVersion]:
    return PackVersion.objects.filter(_scope(editor)).select_related(
        "pack", "pack__owner", "imported_by"
    )


def edits_for(editor: User, owner: Place) -> bool:
    return Role.objects.covering(owner).filter(user=editor, kind__in=EDITOR_KINDS).exists()


@editor_required
@require_http_methods(GET_POST)
def packs(request: HttpRequest) -> HttpResponse:
    editor = signed_in_user(request)
    form = UploadPackForm(request.POST or None, request.FILES or None)
    problems: list[Problem] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["archive"]
        with tempfile.TemporaryDirectory() as scratch:
            archive = Path(scratch) / "pack.zip"
            with archive.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            result = do_import_pack(
                archive, by=editor, may_own=lambda place: edits_for(editor, place)
            )
        problems = result.problems
        if not problems and result.version is not None:
            if result.new_version:
                messages.success(
                    request,
                    _("The pack has no problem. It is kept as a draft: preview it, then publish."),
                )
            else:
                messages.info(
                    request, _("This pack is the same as the latest version: nothing changed.")
                )
            return redirect("curriculum:version", pk=result.version.pk)
    listed = versions_visible_to(editor).order_by("pack__pack_id", "-imported_at")[:100]
    return render(
        request, "curriculum/packs.html", {"form": form, "problems": problems, "versions": listed}
    )


def _version_or_404(request: HttpRequest, pk: int) -> PackVersion:
    return get_object_or_404(versions_visible_to(signed_in_user(request)), pk=pk)


@editor_required
@require_http_methods(["GET", "HEAD"])
def version(request: HttpRequest, pk: int) -> HttpResponse:
    found = _version_or_404(request, pk)
    content = found.content
    context = {
        "version": found,
        "lessons": content["lessons"],
        "counts": {
            "courses": len(content["courses"]),
            "lessons": len(content["lessons"]),
            "questions": len(content["questions"]),
            "competences": sum(len(g["competences"]) for g in content["framework"]),
        },
        "is_draft": found.status == VersionStatus.DRAFT,
    }
    return render(request, "curriculum/version.html", context)


@editor_required
@require_http_methods(GET_POST)
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    """A confirmation page, then publishing: learners see the new version at once."""
    found = _version_or_404(request, pk)
    if found.status != VersionStatus.DRAFT:
        messages.info(request, _("This version is not a draft."))
        return redirect("curriculum:version", pk=found.pk)
    if request.method == "POST":
        report = do_publish(found)
        messages.success(
            request,
            _("Published: %(created)s new, %(updated)s changed, %(retired)s retired.")
            % {"created": report.created, "updated": report.updated, "retired": report.retired},
        )
        return redirect("curriculum:version", pk=found.pk)
    return render(request, "curriculum/publish.html", {"version": found})


@editor_required
@require_http_methods(["GET", "HEAD"])
def preview(request: HttpRequest, pk: int, lesson_id: str) -> HttpResponse:
    found = _version_or_404(request, pk)
    lesson = next((item for item in found.content["lessons"] if item["id"] == lesson_id), None)
    if lesson is None:
        raise Http404
    glossary = {term_key(term): text for term, text in found.content["glossary"].items()}
    rendered = render_lesson(
        lesson["body"], glossary, image_base=f"/curriculum/versions/{found.pk}/files/lessons/"
    )
    return render(
        request,
        "curriculum/preview.html",
        {"version": found, "lesson": lesson, "body": rendered.html},
    )


@editor_required
@require_http_methods(["GET", "HEAD"])
def image(request: HttpRequest, pk: int, path: str) -> HttpResponse:
    """A picture of a version, for the preview."""
    found = _version_or_404(request, pk)
    data = found.content["images"].get(path)
    if data is None:
        raise Http404
    kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
    response = HttpResponse(base64.b64decode(data), content_type=kind)
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
