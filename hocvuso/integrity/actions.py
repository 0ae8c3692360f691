"""Raising flags (called by the apps that keep the records) and deciding them."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from hocvuso.integrity.models import Flag, FlagStatus
from hocvuso.integrity.signals import flag_rejected


class AlreadyDecided(Exception):
    pass


def do_raise_flag(
    person: Any, place_id: int | None, reason: str, subject: str, detail: str = ""
) -> Flag | None:
    """Flag a record once; call it inside the transaction that made the record."""
    if place_id is None:
        from hocvuso.tally.actions import national_root_id

        place_id = national_root_id()
    flag, created = Flag.objects.get_or_create(
        subject=subject,
        reason=reason,
        defaults={"person": person, "place_id": place_id, "detail": detail},
    )
    return flag if created else None


@transaction.atomic
def do_decide_flag(officer: Any, flag: Flag, *, accept: bool, note: str = "") -> Flag:
    flag = Flag.objects.select_for_update().get(pk=flag.pk)
    if flag.status != FlagStatus.OPEN:
        raise AlreadyDecided
    flag.status = FlagStatus.ACCEPTED if accept else FlagStatus.REJECTED
    flag.decided_by = officer
    flag.decided_at = timezone.now()
    flag.note = note
    flag.save(update_fields=["status", "decided_by", "decided_at", "note"])
    if not accept:
        flag_rejected.send(Flag, flag=flag)
    return flag
