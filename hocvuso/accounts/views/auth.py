"""Signing up, in and out; verifying a phone; forgotten passwords; claiming an account.

Answers never reveal whether a number has an account: sign-up and reset lead to the same
page either way, and a password is hashed on every path.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hocvuso.accounts.access import (
    SENDS_PER_WINDOW,
    TWO_STEP_SESSION_KEY,
    is_staff_member,
    throttled,
)
from hocvuso.accounts.actions import (
    do_confirm_guardian,
    do_request_reset,
    do_resend_guardian,
    do_resend_verification,
    do_reset_password,
    do_sign_up,
    do_start_claim,
    do_verify_phone,
)
from hocvuso.accounts.consent_text import purposes
from hocvuso.accounts.forms import (
    ClaimForm,
    CodeForm,
    PhoneCodeForm,
    ResetConfirmForm,
    ResetRequestForm,
    SignInForm,
    SignUpForm,
)
from hocvuso.accounts.models import AccountStatus, User
from hocvuso.core.views import safe_next
from hocvuso.lib.phones import display, masked
from hocvuso.places.models import Place

PENDING_PHONE = "pending_phone"
PENDING_ID = "pending_code"
RESET_PHONE = "reset_phone"
BACKEND = "django.contrib.auth.backends.ModelBackend"
GET_POST = ["GET", "HEAD", "POST"]


def _place_from_query(request: HttpRequest) -> Place | None:
    code = request.GET.get("place", "")[:32]
    return (
        Place.objects.active().filter(code=code, level__gte=2).select_related("parent").first()
        if code
        else None
    )


def _after_sign_in(request: HttpRequest, user: User) -> HttpResponse:
    target = safe_next(request, default="/accounts/profile/")
    if is_staff_member(user):
        step = "setup/" if user.totp_confirmed_at is None else ""
        return redirect(f"/accounts/two-step/{step}?{urlencode({'next': target})}")
    return redirect(target)


@require_http_methods(GET_POST)
@throttled("send-sign-up", limit=SENDS_PER_WINDOW, every_post=True)
def sign_up(request: HttpRequest) -> HttpResponse:
    place = _place_from_query(request)
    form = SignUpForm(request.POST or None, initial={"place": place.code if place else ""})
    if request.method == "POST" and form.is_valid():
        phone = form.cleaned_data["phone"]
        pending = do_sign_up(phone, form.cleaned_data["password1"], form.profile(), form.guardian)
        _remember_pending(request, phone, pending.pk if pending else None)
        return redirect("accounts:verify")
    chosen = (
        form.cleaned_data.get("place") if form.is_bound and hasattr(form, "cleaned_data") else place
    )
    return render(
        request, "accounts/sign_up.html", {"form": form, "place": chosen, "purposes": purposes()}
    )


def _remember_pending(request: HttpRequest, phone: str, pending_id: int | None) -> None:
    """The verify page answers only for the request made in this browser session."""
    request.session[PENDING_PHONE] = phone
    request.session[PENDING_ID] = pending_id


@require_http_methods(GET_POST)
@throttled("verify")
def verify(request: HttpRequest) -> HttpResponse:
    phone = request.session.get(PENDING_PHONE, "")
    if not phone:
        return redirect("accounts:sign-up")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = do_verify_phone(
            phone, form.cleaned_data["code"], request.session.get(PENDING_ID) or 0
        )
        if user is None:
            form.add_error(
                "code",
                _(
                    "This code is not right or has expired. Check the last message, or ask for a new code."
                ),
            )
        else:
            request.session.pop(PENDING_PHONE, None)
            request.session.pop(PENDING_ID, None)
            if user.status == AccountStatus.AWAITING_GUARDIAN:
                messages.info(
                    request, _("Your number is verified. Now your parent or guardian must agree.")
                )
                return redirect("accounts:guardian")
            login(request, user, backend=BACKEND)
            messages.success(request, _("Your number is verified. Welcome!"))
            return redirect("accounts:profile")
    return render(request, "accounts/verify.html", {"form": form, "phone": masked(phone)})


@require_POST
@throttled("send-resend", limit=SENDS_PER_WINDOW, every_post=True)
def resend(request: HttpRequest) -> HttpResponse:
    do_resend_verification(request.session.get(PENDING_ID))
    messages.info(
        request,
        _("If this number is waiting for a code, a new one is on its way. It can take a minute."),
    )
    return redirect("accounts:verify")


@require_http_methods(GET_POST)
@throttled("guardian")
def guardian(request: HttpRequest) -> HttpResponse:
    form = PhoneCodeForm(request.POST or None)
    form.fields["phone"].label = _("The learner's mobile number")
    form.fields["code"].label = _("Code sent to the parent or guardian")
    if request.method == "POST" and "resend" in request.POST:
        phone_only = ResetRequestForm(request.POST)
        if phone_only.is_valid():
            do_resend_guardian(phone_only.cleaned_data["phone"])
        messages.info(
            request,
            _(
                "If this learner is waiting for a parent's consent, a new code is on its way to the parent."
            ),
        )
        form = PhoneCodeForm(initial={"phone": request.POST.get("phone", "")})
    elif request.method == "POST" and form.is_valid():
        if do_confirm_guardian(form.cleaned_data["phone"], form.cleaned_data["code"]) is None:
            form.add_error(
                "code",
                _(
                    "This code is not right or has expired. Ask your parent or guardian to read it again."
                ),
            )
        else:
            messages.success(request, _("Thank you. The account is active: you can sign in now."))
            return redirect("accounts:sign-in")
    return render(request, "accounts/guardian.html", {"form": form})


@require_http_methods(GET_POST)
def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request, username=form.cleaned_data["phone"], password=form.cleaned_data["password"]
        )
        if user is None or not isinstance(user, User):
            form.add_error(
                None,
                _("The number or the password is not right. Check them, or use “Forgot password”."),
            )
        elif user.status == AccountStatus.AWAITING_GUARDIAN:
            form.add_error(
                None,
                _(
                    "This account waits for a parent's or guardian's consent. Type their code on the consent page."
                ),
            )
        elif not user.can_sign_in():
            form.add_error(
                None,
                _(
                    "This account cannot be used now. Ask the officer of your commune or ward for help."
                ),
            )
        else:
            login(request, user, backend=BACKEND)
            return _after_sign_in(request, user)
    return render(
        request, "accounts/sign_in.html", {"form": form, "next": safe_next(request, default="")}
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(
        request, _("You have signed out. On a shared phone, nothing of yours stays here.")
    )
    response = redirect("home")
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


@require_http_methods(GET_POST)
@throttled("send-reset", limit=SENDS_PER_WINDOW, every_post=True)
def reset(request: HttpRequest) -> HttpResponse:
    form = ResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        do_request_reset(form.cleaned_data["phone"])
        request.session[RESET_PHONE] = form.cleaned_data["phone"]
        return redirect("accounts:reset-confirm")
    return render(request, "accounts/reset.html", {"form": form})


@require_http_methods(GET_POST)
@throttled("reset")
def reset_confirm(request: HttpRequest) -> HttpResponse:
    phone = request.session.get(RESET_PHONE, "")
    form = ResetConfirmForm(
        request.POST or None, initial={"phone": display(phone) if phone else ""}
    )
    if request.method == "POST" and form.is_valid():
        user = do_reset_password(
            form.cleaned_data["phone"], form.cleaned_data["code"], form.cleaned_data["password1"]
        )
        if user is None:
            form.add_error("code", _("This code is not right or has expired. Ask for a new code."))
        else:
            request.session.pop(RESET_PHONE, None)
            request.session.pop(TWO_STEP_SESSION_KEY, None)
            messages.success(request, _("Your password is changed. Sign in with the new password."))
            return redirect("accounts:sign-in")
    return render(
        request,
        "accounts/reset_confirm.html",
        {"form": form, "phone": masked(phone) if phone else ""},
    )


@require_http_methods(GET_POST)
@throttled("claim")
def claim(request: HttpRequest) -> HttpResponse:
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        pending = do_start_claim(data["claim_code"], data["phone"], data["password1"])
        if pending is None:
            form.add_error(
                "claim_code",
                _("This code is not right or has expired. Ask the volunteer for a new one."),
            )
        else:
            _remember_pending(request, data["phone"], pending.pk)
            return redirect("accounts:verify")
    return render(request, "accounts/claim.html", {"form": form})
