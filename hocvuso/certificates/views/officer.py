"""Officers' and assessors' pages: the certificates of their area (filtered, exported, printed
as one PDF), revocation with a reason, and the record of an in-person assessment."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hocvuso.accounts.access import audit, role_required, signed_in_user, visible_user_or_404
from hocvuso.accounts.models import User
from hocvuso.certificates.actions import (
    AlreadyRevoked,
    do_record_assessment,
    do_revoke_certificate,
    issuing_unit,
    shown_code,
)
from hocvuso.certificates.models import (
    ASSESSOR_KINDS,
    ISSUER_KINDS,
    STANDARD,
    Certificate,
    CertificateQuerySet,
    PrintJob,
)
from hocvuso.certificates.officer_forms import (
    AssessmentForm,
    CertificateFilterForm,
    PersonSearchForm,
    RevokeForm,
    in_scope,
    scope_paths,
)
from hocvuso.certificates.printing import MAX_PRINT, do_start_print, print_file
from hocvuso.lib.phones import PhoneError, parse_vn_mobile

PER_PAGE = 25
GET = ["GET", "HEAD"]
GET_POST = ["GET", "HEAD", "POST"]
issuer_required = role_required(ISSUER_KINDS)
assessor_required = role_required(ASSESSOR_KINDS)


def _certificate_or_404(request: HttpRequest, pk: int) -> Certificate:
    return get_object_or_404(
        Certificate.objects.visible_to(signed_in_user(request)).select_related(
            "holder",
            "issued_place",
            "revoked_by",
            "in_person",
            "in_person__assessor",
            "in_person__place",
        ),
        pk=pk,
    )


def _filter_form(request: HttpRequest, data: QueryDict) -> CertificateFilterForm:
    return CertificateFilterForm(data, viewer=signed_in_user(request), kinds=ISSUER_KINDS)


def _filtered(request: HttpRequest, form: CertificateFilterForm) -> CertificateQuerySet:
    return form.apply(Certificate.objects.visible_to(signed_in_user(request)))


def _picker_url(request: HttpRequest, keep: dict[str, str]) -> str:
    """The place finder, coming back to this page with the other filters kept."""
    back = request.path + ("?" + urlencode(keep) if keep else "")
    return reverse("places:pick") + "?" + urlencode({"next": back})


@issuer_required
@require_http_methods(GET)
def certificate_list(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request, request.GET)
    valid = form.is_valid()
    query = form.as_query()
    context = {
        "form": form,
        "query": query,
        "place": form.cleaned_data.get("place") if valid else None,
        "picker_url": _picker_url(request, {k: v for k, v in query.items() if k != "place"}),
        "without_place": "?" + urlencode({k: v for k, v in query.items() if k != "place"}),
        "filters": urlencode(query),
        "page": None,
    }
    if not valid:
        return render(request, "certificates/officer/list.html", context, status=400)
    shown = (
        _filtered(request, form)
        .select_related("holder", "issued_place")
        .order_by("-issued_at", "-pk")
    )
    page = Paginator(shown, PER_PAGE).get_page(request.GET.get("page"))
    audit(request, "list_certificates", [c.holder for c in page.object_list])
    context["page"] = page
    return render(request, "certificates/officer/list.html", context)


def _cell(text: str) -> str:
    """A typed name that Excel would run as a formula ("=HYPERLINK(...)") is kept as text."""
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


def _csv_rows(certificates: CertificateQuerySet) -> Iterator[list[str]]:
    yield [
        _("Full name"),
        _("Certificate"),
        _("Issued on"),
        _("Place"),
        _("Status"),
        _("Code"),
        _("Assessed in person"),
    ]
    for c in certificates.iterator(chunk_size=2000):
        yield [
            _cell(c.holder_name),
            _cell(c.title),
            timezone.localtime(c.issued_at).strftime("%d/%m/%Y"),
            _cell(c.issued_place.name),  # a sub-unit's name is typed by an officer
            _("Revoked") if c.revoked_at else _("Valid"),
            shown_code(c.code),
            _("Yes") if c.in_person_id else _("No"),
        ]


@issuer_required
@require_http_methods(GET)
def export(request: HttpRequest) -> HttpResponse:
    """The filtered list as CSV that Excel opens with its Vietnamese letters intact (UTF-8
    with a byte-order mark)."""
    form = _filter_form(request, request.GET)
    if not form.is_valid():
        return certificate_list(request)
    chosen = _filtered(request, form).select_related("issued_place").order_by("-issued_at", "-pk")
    audit(
        request,
        "export_certificates",
        User.objects.filter(pk__in=chosen.values("holder_id")).only("pk"),
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="chung-nhan-{stamp}.csv"'},
    )
    response.write("\ufeff")
    csv.writer(response).writerows(_csv_rows(chosen))
    return response


@issuer_required
@require_http_methods(GET)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = _certificate_or_404(request, pk)
    audit(request, "view_certificate", [found.holder])
    return render(request, "certificates/officer/detail.html", _detail_context(found, RevokeForm()))


def _detail_context(found: Certificate, form: RevokeForm) -> dict[str, object]:
    return {
        "certificate": found,
        "form": form,
        "unit": issuing_unit(found.issued_place),
        "code": shown_code(found.code),
    }


@issuer_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """The reason first, then a confirmation page; a revoked certificate stops counting and
    its public page says so."""
    found = _certificate_or_404(request, pk)
    if found.is_revoked:
        messages.info(request, _("This certificate is already revoked. Nothing was changed."))
        return redirect("certificates:detail", pk=found.pk)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        return render(
            request, "certificates/officer/detail.html", _detail_context(found, form), status=400
        )
    reason = form.cleaned_data["reason"]
    if request.POST.get("confirm") != "yes":
        audit(request, "view_certificate", [found.holder])
        return render(
            request,
            "certificates/officer/confirm_revoke.html",
            {"certificate": found, "reason": reason, "code": shown_code(found.code)},
        )
    try:
        do_revoke_certificate(signed_in_user(request), found, reason)
    except AlreadyRevoked:
        messages.info(request, _("This certificate is already revoked. Nothing was changed."))
    else:
        messages.success(
            request, _("The certificate is revoked. Its check page now says so, from today.")
        )
    return redirect("certificates:detail", pk=found.pk)


def _assessable_or_404(viewer: User, pk: str) -> User:
    """A person living in the assessor's area (never the assessor themselves), or 404."""
    if not (pk.isascii() and pk.isdigit()):  # "²".isdigit() is true, and int("²") fails
        raise Http404
    person = visible_user_or_404(viewer, int(pk))
    home = person.home_place
    if (
        person.pk == viewer.pk
        or home is None
        or not in_scope(home, scope_paths(viewer, ASSESSOR_KINDS))
    ):
        raise Http404
    return person


def _find_person(request: HttpRequest, viewer: User) -> HttpResponse:
    """Choose whom to assess: by name, or by mobile number (assisted learners have none)."""
    form = PersonSearchForm(request.GET)
    found = None
    if form.is_valid() and (typed := form.cleaned_data["q"]):
        people = User.objects.visible_to(viewer).exclude(pk=viewer.pk)
        paths = scope_paths(viewer, ASSESSOR_KINDS)
        in_area = people.none()
        for place_path in paths:
            in_area |= people.filter(home_place__path__startswith=place_path)
        try:
            in_area = in_area.filter(phone=parse_vn_mobile(typed))
        except PhoneError:
            in_area = in_area.filter(full_name__icontains=typed)
        found = Paginator(
            in_area.select_related("home_place").order_by("full_name", "pk"), PER_PAGE
        ).get_page(request.GET.get("page"))
        audit(request, "find_person", found.object_list)
    return render(request, "certificates/officer/find_person.html", {"form": form, "page": found})


@assessor_required
@require_http_methods(GET_POST)
def assess(request: HttpRequest) -> HttpResponse:
    viewer = signed_in_user(request)
    if "person" not in request.GET:
        return _find_person(request, viewer)
    person = _assessable_or_404(viewer, request.GET["person"])
    chosen_code = request.GET.get("place", "")[:32]
    place_code = chosen_code or (person.home_place.code if person.home_place else "")
    form = AssessmentForm(
        request.POST if request.method == "POST" else None,
        viewer=viewer,
        kinds=ASSESSOR_KINDS,
        initial={"assessed_on": timezone.localdate(), "place": place_code},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        assessment, certificate = do_record_assessment(
            viewer,
            person,
            place=data["place"],
            assessed_on=data["assessed_on"],
            groups=data["groups"],
            passed=data["passed"],
            note=data["note"],
        )
        if certificate is None:
            messages.success(request, _("The assessment is recorded."))
            if data["passed"]:
                messages.info(request, _("A certificate needs a pass in all nine groups."))
        elif certificate.in_person_id == assessment.pk:
            messages.success(
                request,
                _(
                    "The assessment is recorded: %(name)s passed in all nine groups and has "
                    "the certificate, code %(code)s."
                )
                % {"name": person.full_name, "code": shown_code(certificate.code)},
            )
            if Certificate.objects.visible_to(viewer).filter(pk=certificate.pk).exists():
                return redirect("certificates:detail", pk=certificate.pk)
        else:
            messages.success(
                request,
                _("The assessment is recorded. %(name)s already had the certificate.")
                % {"name": person.full_name},
            )
        return redirect(reverse("certificates:assess") + "?" + urlencode({"person": person.pk}))
    audit(request, "view_person", [person])
    held = (
        Certificate.objects.filter(holder=person, achievement=STANDARD, revoked_at=None)
        .select_related("issued_place")
        .first()
    )
    keep = {"person": str(person.pk)}
    context = {
        "person": person,
        "form": form,
        "place": form.place_shown(),
        "picker_url": _picker_url(request, keep),
        "held": held,
        "held_visible": held is not None
        and Certificate.objects.visible_to(viewer).filter(pk=held.pk).exists(),
    }
    status = 400 if form.is_bound else 200
    return render(request, "certificates/officer/assess.html", context, status=status)


@issuer_required
@require_http_methods(GET_POST)
def print_certificates(request: HttpRequest) -> HttpResponse:
    """What would be printed (the list's filters, valid certificates only), then the job."""
    viewer = signed_in_user(request)
    form = _filter_form(request, request.POST if request.method == "POST" else request.GET)
    context: dict[str, object] = {
        "form": form,
        "jobs": PrintJob.objects.filter(requester=viewer)[:10],
        "limit": MAX_PRINT,
        "total": None,
    }
    if not form.is_valid():
        return render(request, "certificates/officer/print.html", context, status=400)
    chosen = _filtered(request, form).filter(revoked_at=None)
    total = chosen.count()
    context |= {
        "total": total,
        "query": form.as_query(),
        "filters": urlencode(form.as_query()),
        "place": form.cleaned_data.get("place"),
    }
    if request.method == "POST":
        if total == 0:
            form.add_error(None, _("No valid certificate matches these filters."))
        elif total > MAX_PRINT:
            form.add_error(
                None,
                _(
                    "%(total)s certificates is too many for one file (at most %(limit)s). "
                    "Choose a smaller place or a shorter time."
                )
                % {"total": total, "limit": MAX_PRINT},
            )
        else:
            audit(
                request,
                "print_certificates",
                User.objects.filter(pk__in=chosen.values("holder_id")).only("pk"),
            )
            job = do_start_print(viewer, form, total)
            return redirect("certificates:print-job", pk=job.pk)
        return render(request, "certificates/officer/print.html", context, status=400)
    return render(request, "certificates/officer/print.html", context)


def _job_or_404(request: HttpRequest, pk: int) -> PrintJob:
    """A print job: only the person who asked for it sees it."""
    return get_object_or_404(PrintJob, pk=pk, requester=signed_in_user(request))


@issuer_required
@require_http_methods(GET)
def print_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_or_404(request, pk)
    template = "certificates/officer/print_job.html"
    if request.GET.get("partial") == "progress":
        template += "#progress"
    return render(request, template, {"job": job})


@issuer_required
@require_http_methods(GET)
def print_download(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_or_404(request, pk)
    found = print_file(job)
    if found is None:
        if job.is_finished:
            messages.error(request, _("This file is no longer here. Please make it again."))
        return redirect("certificates:print-job", pk=job.pk)
    stamp = timezone.localtime(job.created_at).strftime("%Y%m%d-%H%M")
    return HttpResponse(
        found.read_bytes(),
        content_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="chung-nhan-{stamp}.pdf"'},
    )


urlpatterns = [
    path("certificates/", certificate_list, name="list"),
    path("certificates/export.csv", export, name="export"),
    path("certificates/<int:pk>/", detail, name="detail"),
    path("certificates/<int:pk>/revoke/", revoke, name="revoke"),
    path("certificates/assess/", assess, name="assess"),
    path("certificates/print/", print_certificates, name="print"),
    path("certificates/print/<int:pk>/", print_job, name="print-job"),
    path("certificates/print/<int:pk>/download/", print_download, name="print-download"),
]
