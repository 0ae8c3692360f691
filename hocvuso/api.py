"""The one JSON API: the sync endpoint that takes batches of any registered kind."""

from __future__ import annotations

import logging
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

from hocvuso.accounts.access import acting_learner, owner_key
from hocvuso.core.sync import Actor, Item, Outcome, Rejected, Status, handler_for, parse_item

MAX_ITEMS = 100
logger = logging.getLogger(__name__)


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


def _handle(actor: Actor, item: Item) -> Outcome:
    try:
        handler = handler_for(item.kind)
        with transaction.atomic():
            return handler(actor, item)
    except Rejected as refused:
        return Outcome(Status.REJECTED, refused.code, refused.message)
    except Exception:  # a fault of ours: refuse this item alone, keep the others
        logger.exception("sync item failed")
        return Outcome(
            Status.REJECTED,
            "server_error",
            _("This record could not be saved. Please tell the people who run the site."),
        )


@api.post("/sync", response=SyncOut, auth=signed_in, summary="Send a batch of records")
def sync(request: HttpRequest, payload: SyncIn, response: HttpResponse) -> dict[str, Any]:
    """Each item is `{kind, client_id (UUID), client_time (ISO 8601), data}` and comes back
    accepted, duplicate (already received: nothing changes) or rejected with a stable code.
    One bad item never drops the others."""
    add_never_cache_headers(response)
    if len(payload.items) > MAX_ITEMS:
        raise BatchTooLarge
    actor = acting_learner(request)
    owner = owner_key(request)
    outcomes: dict[int, Outcome] = {}
    parsed: list[tuple[int, Item]] = []
    for index, raw in enumerate(payload.items):
        try:
            if isinstance(raw, dict) and raw.get("owner") not in (None, "", owner):
                raise Rejected(
                    "wrong_person",
                    _("This was recorded for someone else on this phone, so it was not kept."),
                )
            parsed.append((index, parse_item(raw)))
        except Rejected as refused:
            outcomes[index] = Outcome(Status.REJECTED, refused.code, refused.message)
    # In the order things happened on the device, so a lesson finished offline is in before
    # the one that needed it; the answers come back in the order they were sent.
    for index, item in sorted(
        parsed, key=lambda pair: (pair[1].client_time, str(pair[1].client_id))
    ):
        outcomes[index] = _handle(actor, item)
    results = []
    for index, raw in enumerate(payload.items):
        client_id = raw.get("client_id", "") if isinstance(raw, dict) else ""
        outcome = outcomes[index]
        results.append(
            {
                "client_id": str(client_id),
                "status": outcome.status,
                "code": outcome.code,
                "message": outcome.message,
            }
        )
    return {"results": results}
