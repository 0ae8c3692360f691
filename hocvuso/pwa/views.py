"""The service worker, the web app manifest and the offline page."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

# The colours of site.css: --brand for the browser's bars, --paper behind the splash screen.
THEME_COLOUR = "#0a4f96"
BACKGROUND_COLOUR = "#ffffff"


def release() -> str:
    return str(getattr(settings, "RELEASE", "dev"))


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    # Rendered without the request: the script is the same for everyone and must not carry a
    # person's data into a cache shared by a family.
    body = render_to_string("pwa/sw.js", {"release": release()})
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_safe
def manifest(request: HttpRequest) -> JsonResponse:
    data = {
        "id": "/",
        "name": "Bình dân học vụ số",
        "short_name": "Học vụ số",
        "lang": "vi",
        "dir": "ltr",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            {"src": static("pwa/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
            {"src": static("pwa/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("pwa/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        ],
    }
    response = JsonResponse(
        data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False}
    )
    # It changes only with a release; a day's staleness costs nothing on a 3G phone.
    patch_cache_control(response, public=True, max_age=24 * 3600)
    return response


@require_safe
def offline(request: HttpRequest) -> HttpResponse:
    response = render(request, "pwa/offline.html")
    patch_cache_control(response, public=True, max_age=0)
    return response
