"""Sign-in protection: who is counted for lockout, from which address, and what they see."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hocvuso.lib.phones import PhoneError, parse_vn_mobile


def client_ip(request: HttpRequest) -> str:
    """The client's address: the socket's, or the one our own trusted proxies appended.

    Only the last PROXY_COUNT entries of X-Forwarded-For were written by our proxies; what a
    client writes there itself sits further left and is ignored.
    """
    count = settings.PROXY_COUNT
    if count > 0:
        forwarded = [
            a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()
        ]
        if len(forwarded) >= count:
            return str(forwarded[-count])
    return str(request.META.get("REMOTE_ADDR", ""))


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """Count failures per number, whichever way it was typed."""
    raw = ""
    if credentials:
        raw = str(credentials.get("username") or credentials.get("phone") or "")
    if not raw:
        raw = str(request.POST.get("phone", ""))
    try:
        return parse_vn_mobile(raw)
    except PhoneError:
        return raw.strip()[:32]


def lockout_response(
    request: HttpRequest, credentials: dict[str, Any] | None = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    return render(request, "accounts/locked_out.html", status=429)
