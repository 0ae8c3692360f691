"""Staff two-step sign-in: setting up the authenticator app, and the second step itself."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hocvuso.accounts import twostep as totp
from hocvuso.accounts.access import TWO_STEP_SESSION_KEY, is_staff_member, signed_in_user
from hocvuso.accounts.forms import CodeForm
from hocvuso.accounts.views.auth import GET_POST
from hocvuso.core.views import safe_next

MAX_FAILURES = 5
MAX_FAILURES_WINDOW = 15 * 60


@login_required
@require_http_methods(GET_POST)
def setup(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not is_staff_member(user):
        raise PermissionDenied
    if user.totp_confirmed_at is not None:
        return redirect(f"/accounts/two-step/?next={safe_next(request, '/accounts/profile/')}")
    secret = totp.start_setup(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = totp.confirm_setup(user, form.cleaned_data["code"])
        if codes is None:
            form.add_error(
                "code", _("This code is not right. Type the 6 digits the app shows now.")
            )
        else:
            request.session[TWO_STEP_SESSION_KEY] = user.pk
            return render(
                request,
                "accounts/backup_codes.html",
                {"codes": codes, "next": safe_next(request, "/accounts/profile/")},
            )
    context = {
        "form": form,
        "qr": totp.qr_svg(user),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    }
    return render(request, "accounts/two_step_setup.html", context)


@login_required
@require_http_methods(GET_POST)
def second_step(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not is_staff_member(user):
        raise PermissionDenied
    if user.totp_confirmed_at is None:
        return redirect(
            f"/accounts/two-step/setup/?next={safe_next(request, '/accounts/profile/')}"
        )
    form = CodeForm(request.POST or None)
    failures_key = f"two-step-failures:{user.pk}"
    if request.method == "POST" and form.is_valid():
        if totp.verify(user, form.cleaned_data["code"]):
            cache.delete(failures_key)
            request.session[TWO_STEP_SESSION_KEY] = user.pk
            messages.success(request, _("Signed in with two steps."))
            return redirect(safe_next(request, "/accounts/profile/"))
        failures = int(cache.get(failures_key) or 0) + 1
        cache.set(failures_key, failures, timeout=MAX_FAILURES_WINDOW)
        if failures >= MAX_FAILURES:
            logout(request)
            messages.error(request, _("Too many wrong codes. Sign in again in a few minutes."))
            return redirect("accounts:sign-in")
        form.add_error(
            "code",
            _(
                "This code is not right. Type the 6 digits the app shows now, or one of your backup codes."
            ),
        )
    return render(request, "accounts/two_step.html", {"form": form})
