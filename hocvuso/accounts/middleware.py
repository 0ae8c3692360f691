"""Personal pages must never be kept by a shared phone's cache or a proxy."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control

from hocvuso.accounts.access import ASSISTING_SESSION_KEY, OWNER_COOKIE, owner_key


class PrivatePagesMiddleware:
    """Any page answered to a signed-in person is `Cache-Control: private, no-store`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(response, "public_content", False) and not _assisting(request):
            # The same page for everyone (a lesson): a phone may keep it to read offline,
            # but asks again whenever it is online.
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, no_cache=True)
        elif request.user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True, no_store=True)
        _keep_owner_cookie(request, response)
        return response


def _keep_owner_cookie(request: HttpRequest, response: HttpResponse) -> None:
    """The device's note of whose records it makes now (read by the offline outbox)."""
    owner = owner_key(request) if hasattr(request, "user") else ""
    if owner == request.COOKIES.get(OWNER_COOKIE, ""):
        return
    if owner:
        response.set_cookie(
            OWNER_COOKIE,
            owner,
            max_age=settings.SESSION_COOKIE_AGE,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    else:
        response.delete_cookie(OWNER_COOKIE, samesite="Lax")


def _assisting(request: HttpRequest) -> bool:
    return bool(request.user.is_authenticated and request.session.get(ASSISTING_SESSION_KEY))
