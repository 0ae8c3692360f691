"""How views reach people and staff pages: scope checks, the two-step gate, the audit log."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.crypto import salted_hmac

from hocvuso.accounts.models import STAFF_KINDS, AuditEntry, Role, User
from hocvuso.accounts.models.roles import MANAGER_KINDS, PEOPLE_KINDS
from hocvuso.accounts.security import client_ip
from hocvuso.core.sync import Actor

TWO_STEP_SESSION_KEY = "two_step_user"
ASSISTING_SESSION_KEY = "assisting_user"

View = Callable[..., HttpResponse]


def signed_in_user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # views call this only behind a sign-in check
        raise PermissionDenied
    return user


def is_staff_member(user: User) -> bool:
    return Role.objects.filter(user=user, kind__in=STAFF_KINDS).exists()


def passed_two_step(request: HttpRequest) -> bool:
    return bool(request.session.get(TWO_STEP_SESSION_KEY) == request.user.pk)


def visible_user_or_404(viewer: User, pk: int) -> User:
    """The one way a view reaches another person: in the viewer's scope, or 404."""
    return get_object_or_404(User.objects.visible_to(viewer).select_related("home_place"), pk=pk)


def role_required(kinds: Iterable[str]) -> Callable[[View], View]:
    """Signed in and holding one of `kinds`; a staff member must also pass the two-step
    sign-in, whichever page they open.

    Anonymous visitors go to sign-in; people without the role get 403 (it reveals nothing
    about any record); staff without an authenticator app are sent to set one up.
    """
    wanted = frozenset(kinds)

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            user = signed_in_user(request)
            if not Role.objects.filter(user=user, kind__in=wanted).exists():
                raise PermissionDenied
            if is_staff_member(user):
                back = urlencode({"next": request.get_full_path()})
                if user.totp_confirmed_at is None:
                    return redirect(f"/accounts/two-step/setup/?{back}")
                if not passed_two_step(request):
                    return redirect(f"/accounts/two-step/?{back}")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_required = role_required(STAFF_KINDS)
manager_required = role_required(MANAGER_KINDS)
helper_required = role_required(PEOPLE_KINDS)


def audit(request: HttpRequest, action: str, people: Iterable[User]) -> None:
    """Record that the signed-in staff member saw these people's personal data."""
    ids = sorted({p.pk for p in people if p.pk != request.user.pk})
    if ids:
        AuditEntry.objects.create(
            actor=signed_in_user(request),
            action=action,
            path=request.get_full_path()[:300],
            object_type="person",
            object_ids=ids,
        )


TRIES_PER_WINDOW = 20
SENDS_PER_WINDOW = 30
WINDOW = 15 * 60


def _bump(key: str) -> None:
    if not cache.add(key, 1, timeout=WINDOW):
        try:
            cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.set(key, 1, timeout=WINDOW)


def throttled(
    name: str, *, limit: int = TRIES_PER_WINDOW, every_post: bool = False
) -> Callable[[View], View]:
    """Limit code guessing (and, with `every_post`, message sending) per client address.

    Pages that check codes count only failed tries (the form comes back, status 200), so a
    commune office or a mobile carrier's shared address is not blocked by people who succeed;
    pages that send messages count every request. Beyond the limit: the lockout page (429).
    With several app processes the count needs a shared cache (REDIS_URL).
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method != "POST":
                return view(request, *args, **kwargs)
            key = f"throttle:{name}:{client_ip(request)}"
            if int(cache.get(key) or 0) >= limit:
                return render(request, "accounts/locked_out.html", status=429)
            response = view(request, *args, **kwargs)
            if every_post or response.status_code == 200:
                _bump(key)
            return response

        return wrapped

    return decorator


OWNER_COOKIE = "hv_owner"


def owner_key(request: HttpRequest) -> str:
    """An opaque name for whose records a device makes now (the person signed in, and whom
    they are helping); the offline outbox stamps each record with it."""
    if not request.user.is_authenticated:
        return ""
    helping = request.session.get(ASSISTING_SESSION_KEY) or ""
    key = f"{request.user.pk}:{helping}"
    return salted_hmac("hocvuso.owner", key, algorithm="sha256").hexdigest()[:20]


def acting_learner(request: HttpRequest) -> Actor:
    """Whose learning a request records: the signed-in person, or the person a volunteer is
    helping right now (then the volunteer is kept as `assisted_by`)."""
    from hocvuso.accounts.actions import can_act_for

    user = signed_in_user(request)
    if pk := request.session.get(ASSISTING_SESSION_KEY):
        person = User.objects.visible_to(user).filter(pk=pk).first()
        if person is not None and can_act_for(user, person):
            return Actor(user=person, assisted_by=user)
    return Actor(user=user)
