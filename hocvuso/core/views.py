"""Pages of the site shell: home, text size switch, and the error pages."""

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, HttpResponseServerError
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from hocvuso.core.context_processors import LARGE, TEXT_SIZE_COOKIE, is_large_text

ONE_YEAR = 365 * 24 * 3600
logger = logging.getLogger(__name__)


def safe_next(request: HttpRequest, default: str = "/") -> str:
    """The `next` address of a request if it stays on this site, else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@require_POST
def text_size(request: HttpRequest) -> HttpResponse:
    """Switch between normal and large text; the choice is remembered on this device."""
    response = HttpResponseRedirect(safe_next(request))
    wants_large = request.POST.get("size", "") == LARGE or (
        "size" not in request.POST and not is_large_text(request)
    )
    if wants_large:
        response.set_cookie(
            TEXT_SIZE_COOKIE,
            LARGE,
            max_age=ONE_YEAR,
            samesite="Lax",
            secure=settings.USE_HTTPS,
            httponly=True,
        )
    else:
        response.delete_cookie(TEXT_SIZE_COOKIE, samesite="Lax")
    return response


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


FALLBACK_500 = (
    '<!doctype html><html lang="vi"><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>Đã có lỗi xảy ra</title><h1>Hệ thống của chúng tôi gặp lỗi</h1>"
    "<p>Đây không phải lỗi của bạn. Chờ một phút rồi tải lại trang.</p>"
    '<p><a href="/">Về trang chủ</a></p></html>'
)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered with the request so the page keeps its text size and language; the template
    # touches no database. If even that fails (say, static files not collected), a bare page
    # still tells the person what to do.
    try:
        return render(request, "500.html", status=500)
    except Exception:
        logger.exception("The 500 page itself could not be rendered")
        return HttpResponseServerError(FALLBACK_500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)
