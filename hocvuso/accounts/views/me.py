"""A person's own pages: profile, password, and what they consented to."""

from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hocvuso.accounts.access import signed_in_user
from hocvuso.accounts.actions import (
    do_change_password,
    do_delete_account,
    do_give_consent_again,
    do_update_profile,
    do_withdraw_consent,
)
from hocvuso.accounts.forms import ChangePasswordForm, DeleteAccountForm, ProfileForm
from hocvuso.accounts.models import AccountStatus, Consent, ConsentKind, User
from hocvuso.accounts.views.auth import GET_POST, _place_from_query


def has_guardian_consent(user: User) -> bool:
    return (
        Consent.objects.filter(
            user=user, kind__in=[ConsentKind.GUARDIAN, ConsentKind.PAPER], withdrawn_at=None
        )
        .exclude(given_at=None)
        .exists()
    )


@login_required
@require_http_methods(GET_POST)
def profile(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    place = _place_from_query(request) or user.home_place
    form = ProfileForm.for_person(user, place, request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and form.is_under_16()
        and not has_guardian_consent(user)
    ):
        form.add_error(
            "birth_year",
            _(
                "Learners under 16 need a parent's consent. Ask a volunteer or the commune officer to help you change this."
            ),
        )
    elif request.method == "POST" and form.is_valid():
        do_update_profile(user, form.profile())
        messages.success(request, _("Your details are saved."))
        return redirect("accounts:profile")
    if form.is_bound:
        place = form.cleaned_data.get("place") or place
    return render(request, "accounts/profile.html", {"form": form, "place": place, "person": user})


@login_required
@require_http_methods(GET_POST)
def change_password(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = ChangePasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        do_change_password(user, form.cleaned_data["password1"])
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password is changed."))
        return redirect("accounts:profile")
    return render(request, "accounts/password.html", {"form": form})


@login_required
@require_http_methods(["GET", "HEAD"])
def consent(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    consents = Consent.objects.filter(user=user).select_related("recorded_by")
    return render(
        request,
        "accounts/consent.html",
        {"consents": consents, "withdrawn": user.status == AccountStatus.WITHDRAWN},
    )


@login_required
@require_http_methods(GET_POST)
def withdraw_consent(request: HttpRequest) -> HttpResponse:
    """A confirmation page first; withdrawing signs the person out."""
    if request.method == "POST":
        do_withdraw_consent(signed_in_user(request))
        logout(request)
        messages.info(
            request,
            _(
                "You withdrew your consent. Your account is closed to learning; sign in again any time to agree once more."
            ),
        )
        return redirect("home")
    return render(request, "accounts/withdraw_consent.html")


@login_required
@require_http_methods(GET_POST)
def delete_account(request: HttpRequest) -> HttpResponse:
    """Deleting asks for the password; everything about the person goes, and what they
    counted for in the figures stops counting."""
    user = signed_in_user(request)
    form = DeleteAccountForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        do_delete_account(user)
        logout(request)
        messages.info(request, _("Your account and everything recorded about you are deleted."))
        response = redirect("home")
        response.headers["Clear-Site-Data"] = '"cache", "storage"'
        return response
    return render(request, "accounts/delete_account.html", {"form": form})


@login_required
@require_POST
def consent_again(request: HttpRequest) -> HttpResponse:
    do_give_consent_again(signed_in_user(request))
    messages.success(request, _("Thank you. Your consent is recorded again."))
    return redirect("accounts:consent")
