"""The kinds of record the one sync endpoint takes: each app registers its own handlers."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _


class Status:
    ACCEPTED = "accepted"
    DUPLICATE = "duplicate"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Item:
    """One record made on a device: what happened, the device's id for it and its clock."""

    kind: str
    client_id: uuid.UUID
    client_time: datetime.datetime
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    status: str
    code: str = ""
    message: str = ""


class Rejected(Exception):
    """Raised by a handler: the item is refused with a stable code and a plain message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Actor:
    """Whose record it is, and who helped (a volunteer acting for an assisted learner)."""

    user: Any
    assisted_by: Any = None


Handler = Callable[[Actor, Item], Outcome]

_kinds: dict[str, Handler] = {}


def register_kind(kind: str, handler: Handler) -> None:
    _kinds[kind] = handler


def kinds() -> list[str]:
    return sorted(_kinds)


def handler_for(kind: str) -> Handler:
    try:
        return _kinds[kind]
    except KeyError:
        raise Rejected("unknown_kind", _("This kind of record is not known.")) from None


def parse_item(raw: Any) -> Item:
    """Check the envelope of one item; the handler checks its data."""
    if not isinstance(raw, dict):
        raise Rejected("bad_item", _("The record is not in the expected form."))
    kind, client_id, client_time, data = (
        raw.get("kind"),
        raw.get("client_id"),
        raw.get("client_time"),
        raw.get("data", {}),
    )
    if not isinstance(kind, str) or not kind:
        raise Rejected("bad_item", _("The record does not say what it is."))
    try:
        parsed_id = uuid.UUID(str(client_id))
    except ValueError:
        raise Rejected("bad_client_id", _("The record's identifier is not valid.")) from None
    try:
        parsed_time = datetime.datetime.fromisoformat(str(client_time)[:40])
        if parsed_time.tzinfo is None:
            parsed_time = parsed_time.replace(tzinfo=datetime.UTC)
        parsed_time = parsed_time.astimezone(datetime.UTC)
    except (ValueError, OverflowError):
        raise Rejected("bad_client_time", _("The record's time is not valid.")) from None
    if not 2000 <= parsed_time.year <= 9998:
        raise Rejected("bad_client_time", _("The record's time is not valid."))
    if not isinstance(data, dict):
        raise Rejected("bad_item", _("The record is not in the expected form."))
    return Item(kind=kind, client_id=parsed_id, client_time=parsed_time, data=data)
