"""Officers review flags raised in their area and accept or reject them."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hocvuso.accounts.access import audit, role_required, signed_in_user
from hocvuso.integrity.actions import AlreadyDecided, do_decide_flag
from hocvuso.integrity.models import REVIEWER_KINDS, Flag, FlagStatus

PER_PAGE = 25
reviewer_required = role_required(REVIEWER_KINDS)


def _flag_or_404(request: HttpRequest, pk: int) -> Flag:
    viewer = signed_in_user(request)
    # Nobody decides a flag about their own record.
    return get_object_or_404(
        Flag.objects.visible_to(viewer)
        .exclude(person=viewer)
        .select_related("person", "place", "decided_by"),
        pk=pk,
    )


@reviewer_required
@require_http_methods(["GET", "HEAD"])
def flags(request: HttpRequest) -> HttpResponse:
    viewer = signed_in_user(request)
    status = request.GET.get("status", FlagStatus.OPEN)
    if status not in FlagStatus.values and status != "all":
        status = FlagStatus.OPEN
    shown = Flag.objects.visible_to(viewer).exclude(person=viewer).select_related("person", "place")
    if status != "all":
        shown = shown.filter(status=status)
    page = Paginator(shown.order_by("-raised_at", "-pk"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    audit(request, "list_flags", [f.person for f in page.object_list])
    return render(
        request,
        "integrity/flags.html",
        {"page": page, "status": status, "statuses": FlagStatus.choices},
    )


@reviewer_required
@require_http_methods(["GET", "HEAD"])
def flag(request: HttpRequest, pk: int) -> HttpResponse:
    found = _flag_or_404(request, pk)
    audit(request, "view_flag", [found.person])
    return render(request, "integrity/flag.html", {"flag": found})


@reviewer_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept, or (after a confirmation) reject: a rejected record stops counting."""
    found = _flag_or_404(request, pk)
    choice = request.POST.get("decision")
    note = request.POST.get("note", "")[:1000]
    if choice not in {"accept", "reject"}:
        messages.error(request, _("Please choose to accept or reject."))
        return render(request, "integrity/flag.html", {"flag": found, "note": note}, status=400)
    if choice == "reject" and request.POST.get("confirm") != "yes":
        return render(request, "integrity/confirm_reject.html", {"flag": found, "note": note})
    try:
        do_decide_flag(signed_in_user(request), found, accept=choice == "accept", note=note)
    except AlreadyDecided:
        messages.info(request, _("Someone has already decided this flag."))
        return redirect("integrity:flag", pk=found.pk)
    if choice == "accept":
        messages.success(request, _("Accepted: the record keeps counting."))
    else:
        messages.success(request, _("Rejected: the record no longer counts."))
    return redirect("integrity:flags")
