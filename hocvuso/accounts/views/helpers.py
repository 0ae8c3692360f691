"""Volunteers' pages: assisted learners (registered on paper, helped in person), claim and
reset codes handed over face to face."""

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hocvuso.accounts.access import (
    ASSISTING_SESSION_KEY,
    audit,
    helper_required,
    signed_in_user,
    visible_user_or_404,
)
from hocvuso.accounts.actions import (
    ScopeError,
    can_act_for,
    can_help_at,
    do_hand_claim_code,
    do_hand_reset_code,
    do_log_assist,
    do_register_assisted,
    do_update_profile,
)
from hocvuso.accounts.consent_text import purposes
from hocvuso.accounts.forms import AssistedForm, ProfileForm
from hocvuso.accounts.models import AccountStatus, User
from hocvuso.accounts.views.auth import GET_POST, _place_from_query
from hocvuso.lib.vi_text import nfc

PER_PAGE = 20


def assisted_people(helper: User) -> QuerySet[User]:
    """People a helper looks after: registered by a volunteer (with or without a phone yet)."""
    return User.objects.visible_to(helper).filter(
        Q(status=AccountStatus.ASSISTED) | Q(registered_by__isnull=False)
    )


def assisted_person_or_404(helper: User, pk: int) -> User:
    """One of them, whom this helper may act for; anyone else is a 404."""
    person = assisted_people(helper).select_related("home_place").filter(pk=pk).first()
    if person is None or not can_act_for(helper, person):
        raise Http404
    return person


@helper_required
@require_http_methods(["GET", "HEAD"])
def assisted_list(request: HttpRequest) -> HttpResponse:
    helper = signed_in_user(request)
    people = assisted_people(helper)
    query = nfc(request.GET.get("q", ""))[:100].strip()
    if query:
        people = people.filter(full_name__icontains=query)
    page = Paginator(
        people.select_related("home_place").order_by("full_name", "pk"), PER_PAGE
    ).get_page(request.GET.get("page"))
    audit(request, "list_assisted", page.object_list)
    return render(request, "accounts/assisted_list.html", {"page": page, "q": query})


@helper_required
@require_http_methods(GET_POST)
def assisted_new(request: HttpRequest) -> HttpResponse:
    helper = signed_in_user(request)
    place = _place_from_query(request)
    form = AssistedForm(
        request.POST or None,
        initial={"place": place.code if place else "", "consent_date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        day = form.cleaned_data["consent_date"]
        given_on = datetime.datetime.combine(
            day, datetime.time(12), tzinfo=timezone.get_current_timezone()
        )
        try:
            person = do_register_assisted(helper, form.profile(), given_on, form.guardian)
        except ScopeError:
            form.add_error(
                None,
                _(
                    "You can only register people who live in the area you help in. Choose another place."
                ),
            )
        else:
            messages.success(
                request,
                _("%(name)s is registered. You can now help them learn.")
                % {"name": person.full_name},
            )
            return redirect("accounts:assisted-detail", pk=person.pk)
    if form.is_bound:
        place = form.cleaned_data.get("place") or place
    return render(
        request,
        "accounts/assisted_new.html",
        {"form": form, "place": place, "purposes": purposes()},
    )


@helper_required
@require_http_methods(GET_POST)
def assisted_detail(request: HttpRequest, pk: int) -> HttpResponse:
    helper = signed_in_user(request)
    person = assisted_person_or_404(helper, pk)
    assisting = request.session.get(ASSISTING_SESSION_KEY) == person.pk
    place = _place_from_query(request) or person.home_place
    form = ProfileForm.for_person(person, place, request.POST or None)
    if request.method == "POST":
        if not assisting:
            messages.error(
                request, _("Press “Start helping” before changing this person's details.")
            )
            return redirect("accounts:assisted-detail", pk=person.pk)
        if form.is_valid() and not can_help_at(helper, form.cleaned_data["place"]):
            form.add_error(
                None,
                _(
                    "You can only register people who live in the area you help in. Choose another place."
                ),
            )
        elif form.is_valid():
            do_update_profile(person, form.profile(), assisted_by=helper)
            messages.success(request, _("Saved. The change is recorded as done with your help."))
            return redirect("accounts:assisted-detail", pk=person.pk)
        place = form.cleaned_data.get("place") or place
    audit(request, "view_assisted", [person])
    return render(
        request,
        "accounts/assisted_detail.html",
        {"person": person, "form": form, "place": place, "assisting": assisting},
    )


@helper_required
@require_POST
def start_assisting(request: HttpRequest, pk: int) -> HttpResponse:
    helper = signed_in_user(request)
    person = assisted_person_or_404(helper, pk)
    request.session[ASSISTING_SESSION_KEY] = person.pk
    do_log_assist(helper, person, started=True)
    messages.info(
        request,
        _("You are now helping %(name)s. What you do for them is recorded with your name.")
        % {"name": person.full_name},
    )
    return redirect("accounts:assisted-detail", pk=person.pk)


@helper_required
@require_POST
def stop_assisting(request: HttpRequest) -> HttpResponse:
    helper = signed_in_user(request)
    pk = request.session.pop(ASSISTING_SESSION_KEY, None)
    person = User.objects.visible_to(helper).filter(pk=pk).first() if pk else None
    if person is not None:
        do_log_assist(helper, person, started=False)
    messages.info(request, _("You stopped helping."))
    return redirect("accounts:assisted")


@helper_required
@require_POST
def claim_code(request: HttpRequest, pk: int) -> HttpResponse:
    helper = signed_in_user(request)
    person = assisted_person_or_404(helper, pk)
    try:
        code = do_hand_claim_code(helper, person)
    except ScopeError:
        raise Http404 from None
    audit(request, "claim_code", [person])
    return render(
        request, "accounts/handed_code.html", {"person": person, "code": code, "kind": "claim"}
    )


@helper_required
@require_POST
def reset_code(request: HttpRequest, pk: int) -> HttpResponse:
    helper = signed_in_user(request)
    person = visible_user_or_404(helper, pk)
    try:
        code = do_hand_reset_code(helper, person)
    except ScopeError:
        raise Http404 from None
    audit(request, "reset_code", [person])
    return render(
        request, "accounts/handed_code.html", {"person": person, "code": code, "kind": "reset"}
    )
