"""Anyone may check a certificate: by the QR code's address, or by its short code together with
the holder's year of birth. Both lookups are limited per client address (the socket's, or what
our own proxies wrote: a client cannot reset the count with its own X-Forwarded-For)."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_safe

from hocvuso.accounts.security import client_ip
from hocvuso.certificates import credential
from hocvuso.certificates.actions import issuing_unit, normalise_code, shown_code
from hocvuso.certificates.forms import LookupForm
from hocvuso.certificates.models import Certificate

LOOKUPS_PER_WINDOW = 30  # QR addresses opened
CODE_TRIES_PER_WINDOW = 10  # short codes typed
WINDOW = 15 * 60
MISSES_PER_CODE = 5  # wrong birth years for one code, from anywhere, in a day


def masked_name(name: str) -> str:
    """ "Nguyễn Thị Hoa" -> "Nguyễn T*** H***": enough to recognise, not to copy."""
    words = name.split()
    if not words:
        return ""
    return " ".join([words[0], *[w[0] + "***" for w in words[1:]]])


def _count(key: str, timeout: int) -> int:
    """Add one to a counter kept in the cache for `timeout` seconds; the new count."""
    if cache.add(key, 1, timeout=timeout):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between the two calls
        cache.set(key, 1, timeout=timeout)
        return 1


def _over_limit(request: HttpRequest, name: str, limit: int) -> bool:
    return _count(f"certificate-lookup:{name}:{client_ip(request)}", WINDOW) > limit


def _limited(request: HttpRequest, *, this_code: bool = False) -> HttpResponse:
    response = render(request, "certificates/too_many.html", {"this_code": this_code}, status=429)
    response["Retry-After"] = str(WINDOW)
    return response


def _result(request: HttpRequest, certificate: Certificate | None) -> HttpResponse:
    context: dict[str, object] = {"certificate": certificate}
    if certificate is not None:
        context |= {
            "name": masked_name(certificate.holder_name),
            "unit": issuing_unit(certificate.issued_place),
            "code": shown_code(certificate.code),
        }
    return render(request, "certificates/verify.html", context, status=200 if certificate else 404)


@require_safe
def verify(request: HttpRequest, token: str) -> HttpResponse:
    if _over_limit(request, "token", LOOKUPS_PER_WINDOW):
        return _limited(request)
    found = Certificate.objects.select_related("issued_place").filter(token=token).first()
    return _result(request, found)


@require_http_methods(["GET", "HEAD", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    form = LookupForm(request.POST or None)
    if request.method != "POST":
        return render(request, "certificates/lookup.html", {"form": form})
    if _over_limit(request, "code", CODE_TRIES_PER_WINDOW):
        return _limited(request)
    if not form.is_valid():
        return render(request, "certificates/lookup.html", {"form": form}, status=400)
    code = normalise_code(form.cleaned_data["code"])
    # Misses are also counted per code, from every address together: someone holding a paper
    # certificate cannot find its holder's birth year by trying the years one by one.
    misses = f"certificate-code-misses:{code}"
    if int(cache.get(misses) or 0) >= MISSES_PER_CODE:
        return _limited(request, this_code=True)
    found = (
        Certificate.objects.select_related("issued_place")
        .filter(code=code, holder__birth_year=form.cleaned_data["birth_year"])
        .first()
    )
    if found is None:
        _count(misses, 24 * 3600)
        form.add_error(None, form.not_found_message)
        return render(request, "certificates/lookup.html", {"form": form}, status=404)
    return _result(request, found)


@require_safe
def jwks(request: HttpRequest) -> JsonResponse:
    """The public keys that sign certificates, old ones included, so any copy verifies."""
    response = JsonResponse(credential.jwks())
    response["Cache-Control"] = "public, max-age=3600"
    response["Access-Control-Allow-Origin"] = "*"
    return response


urlpatterns = [
    path("verify/", lookup, name="lookup"),
    # A token is URL-safe base64 (a slug): anything else, a NUL byte above all (which
    # PostgreSQL refuses in a query), is no certificate's address and never reaches the database.
    path("verify/<slug:token>/", verify, name="verify"),
    path(".well-known/jwks.json", jwks, name="jwks"),
]
