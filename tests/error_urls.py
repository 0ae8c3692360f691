"""The site's addresses plus one that fails, to show the 500 and 400 pages in tests."""

from django.core.exceptions import BadRequest, PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import path

from hocvuso.urls import handler400, handler403, handler404, handler500, urlpatterns


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a failure the visitor must not see")


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def bad(request: HttpRequest) -> HttpResponse:
    raise BadRequest


urlpatterns = [
    *urlpatterns,
    path("test-errors/500/", broken),
    path("test-errors/403/", forbidden),
    path("test-errors/400/", bad),
]
__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
