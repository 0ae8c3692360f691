"""The one JSON API: the sync endpoint that takes batches of any registered kind."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.utils import check_csrf

from hocvuso.accounts.access import acting_learner
from hocvuso.core.sync import Outcome, Rejected, Status, handler_for, parse_item

MAX_ITEMS = 100


class CsrfRefused(Exception):
    pass


class BatchTooLarge(Exception):
    pass


def signed_in(request: HttpRequest) -> Any:
    """Session sign-in, with Django's CSRF check (the page sends the token in X-CSRFToken)."""
    if check_csrf(request) is not None:
        raise CsrfRefused
    return request.user if request.user.is_authenticated else None


api = NinjaAPI(
    title="hocvuso",
    version=getattr(settings, "RELEASE", "dev"),
    description="Sync of records made on learners' and volunteers' devices.",
    docs_url=None,
    urls_namespace="api",
)


def _error(
    request: HttpRequest, status: int, code: str, message: str, **extra: Any
) -> HttpResponse:
    response = api.create_response(
        request, {"code": code, "message": message, **extra}, status=status
    )
    add_never_cache_headers(response)
    return response


@api.exception_handler(AuthenticationError)
def _not_signed_in(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 401, "not_signed_in", _("Please sign in again to send your answers."))


@api.exception_handler(CsrfRefused)
def _csrf(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 403, "csrf_failed", _("The page is out of date. Please reload it."))


@api.exception_handler(HttpError)
def _unreadable(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """Ninja's own refusals; a body over Django's size limit is a batch too large."""
    if isinstance(exc.__cause__, RequestDataTooBig):
        return _too_large(request, exc)
    if exc.status_code == 400:
        return _error(request, 400, "bad_request", _("The request is not valid JSON."))
    return _error(request, exc.status_code, "refused", str(exc))


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return _error(
        request,
        422,
        "bad_request",
        _("The request is not in the expected form."),
        detail=[{"loc": e.get("loc"), "msg": e.get("msg")} for e in exc.errors],
    )


@api.exception_handler(BatchTooLarge)
@api.exception_handler(RequestDataTooBig)
def _too_large(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(
        request,
        400,
        "batch_too_large",
        _("Too many records at once: send at most %(n)s in one batch.") % {"n": MAX_ITEMS},
        max_items=MAX_ITEMS,
    )


class CsrfOut(Schema):
    token: str


class SyncIn(Schema):
    items: list[Any]


class ItemResult(Schema):
    client_id: str
    status: str
    code: str = ""
    message: str = ""


class SyncOut(Schema):
    results: list[ItemResult]


@api.get("/csrf", response=CsrfOut, summary="A CSRF token for the next POST")
def csrf(request: HttpRequest, response: HttpResponse) -> dict[str, str]:
    add_never_cache_headers(response)
    return {"token": get_token(request)}


@api.post("/sync", response=SyncOut, auth=signed_in, summary="Send a batch of records")
def sync(request: HttpRequest, payload: SyncIn, response: HttpResponse) -> dict[str, Any]:
    """Each item is `{kind, client_id (UUID), client_time (ISO 8601), data}` and comes back
    accepted, duplicate (already received: nothing changes) or rejected with a stable code.
    One bad item never drops the others."""
    add_never_cache_headers(response)
    if len(payload.items) > MAX_ITEMS:
        raise BatchTooLarge
    actor = acting_learner(request)
    results = []
    for raw in payload.items:
        client_id = raw.get("client_id", "") if isinstance(raw, dict) else ""
        try:
            item = parse_item(raw)
            handler = handler_for(item.kind)
            with transaction.atomic():
                outcome = handler(actor, item)
        except Rejected as refused:
            outcome = Outcome(Status.REJECTED, refused.code, refused.message)
        results.append(
            {
                "client_id": str(client_id),
                "status": outcome.status,
                "code": outcome.code,
                "message": outcome.message,
            }
        )
    return {"results": results}
