"""Issuing and checking one-time codes: short-lived, few attempts, stored as a keyed hash.

Sending never fails a request: a provider error is logged, and the answer stays the same
whether or not a message went out (so nobody learns which numbers have accounts). Messages are
written in Vietnamese, whatever language the requesting page was in.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hocvuso.accounts.models import CodePurpose, OneTimeCode, User
from hocvuso.accounts.sms import get_sender

logger = logging.getLogger(__name__)

LIFETIME = {
    CodePurpose.VERIFY: timedelta(minutes=15),
    CodePurpose.RESET: timedelta(minutes=15),
    CodePurpose.GUARDIAN: timedelta(hours=24),
    CodePurpose.CLAIM: timedelta(days=14),
}
MAX_ATTEMPTS = 5  # wrong guesses at one code
MAX_WRONG_PER_DAY = 20  # wrong guesses at one number's codes of one purpose, all codes together
MAX_SENT_PER_HOUR = 5  # messages to one number
REISSUE_WINDOW = timedelta(hours=1)  # a pending request can be sent again for this long
KEEP_FOR = timedelta(days=30)  # then `manage.py purge_codes` deletes the rows
# Hand-typed codes avoid look-alike letters (0/O, 1/I/L).
CLAIM_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def _hash(code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, code.strip().upper().encode(), hashlib.sha256).hexdigest()


def _new_code(purpose: str) -> str:
    if purpose == CodePurpose.CLAIM:
        return "".join(secrets.choice(CLAIM_ALPHABET) for _ in range(8))
    return f"{secrets.randbelow(10**6):06d}"


def _message(purpose: str, code: str) -> str:
    with translation.override("vi"):
        texts = {
            CodePurpose.VERIFY: _("Your hocvuso code is %(code)s. Do not tell it to anyone."),
            CodePurpose.RESET: _(
                "Your hocvuso password reset code is %(code)s. Do not tell it to anyone, not even staff."
            ),
            CodePurpose.GUARDIAN: _(
                "Your child asked to learn on hocvuso. If you agree, give them this code: %(code)s."
            ),
        }
        return texts[CodePurpose(purpose)] % {"code": code}


def sent_recently(phone: str) -> int:
    since = timezone.now() - timedelta(hours=1)
    return OneTimeCode.objects.filter(phone=phone, created_at__gte=since, issued_by=None).count()


def wrong_today(phone: str, purpose: str) -> int:
    since = timezone.now() - timedelta(days=1)
    rows = OneTimeCode.objects.filter(phone=phone, purpose=purpose, created_at__gte=since)
    return int(rows.aggregate(total=Sum("attempts"))["total"] or 0)


def send_text(phone: str, text: str) -> None:
    """Send a message, logging (never raising) a provider failure. The log names the error's
    type only: a provider's message could quote the text, and with it a code."""
    try:
        get_sender().send(phone, text)
    except Exception as error:
        logger.error("Could not send a text message to %s…: %s", phone[:6], type(error).__name__)


def _count_message(phone: str, purpose: str) -> None:
    """A spent row that only counts a message against the number's hourly limit."""
    now = timezone.now()
    OneTimeCode.objects.create(
        phone=phone, purpose=purpose, code_hash="", expires_at=now, used_at=now
    )


def notify(phone: str, text: str, *, always: bool = False) -> None:
    """A message without a code (a warning), under the hourly limit unless `always`: a warning
    about a code handed over in person must not be silenced by someone using up the limit."""
    if always or sent_recently(phone) < MAX_SENT_PER_HOUR:
        _count_message(phone, CodePurpose.VERIFY)
        send_text(phone, text)


def issue_code(
    purpose: str,
    *,
    phone: str = "",
    user: User | None = None,
    issued_by: User | None = None,
    payload: dict[str, Any] | None = None,
) -> tuple[str, OneTimeCode] | None:
    """Make a code. Codes for a phone are sent to it (at most MAX_SENT_PER_HOUR an hour, so
    nobody can flood a number); codes issued by a staff member or volunteer are returned for
    them to hand over in person. Earlier unused codes of the same purpose for the same account
    stop working; pending sign-ups (with a payload) of other sessions are left alone."""
    if issued_by is None and phone and sent_recently(phone) >= MAX_SENT_PER_HOUR:
        return None
    code = _new_code(purpose)
    now = timezone.now()
    with transaction.atomic():
        if user is not None:
            OneTimeCode.objects.filter(purpose=purpose, used_at=None, user=user).update(used_at=now)
        row = OneTimeCode.objects.create(
            phone=phone,
            purpose=purpose,
            user=user,
            code_hash=_hash(code),
            created_at=now,
            expires_at=now + LIFETIME[CodePurpose(purpose)],
            issued_by=issued_by,
            payload=payload or {},
        )
    if issued_by is None and phone:
        send_text(phone, _message(purpose, code))
    return code, row


def reissue(row: OneTimeCode) -> bool:
    """A fresh code for the same pending request (a lost or expired message), within an hour
    of the request; wrong guesses already made still count."""
    now = timezone.now()
    if (
        row.used_at is not None
        or row.created_at < now - REISSUE_WINDOW
        or row.attempts >= MAX_ATTEMPTS
        or sent_recently(row.phone) >= MAX_SENT_PER_HOUR
    ):
        return False
    code = _new_code(row.purpose)
    expires = now + LIFETIME[CodePurpose(row.purpose)]
    OneTimeCode.objects.filter(pk=row.pk).update(code_hash=_hash(code), expires_at=expires)
    _count_message(row.phone, row.purpose)
    send_text(row.phone, _message(row.purpose, code))
    return True


def check_code(
    purpose: str,
    code: str,
    *,
    phone: str = "",
    user: User | None = None,
    row_id: int | None = None,
    consume: bool = True,
) -> OneTimeCode | None:
    """The matching live code, marked used; None for a wrong, expired or exhausted code.

    A code is looked up by what the caller knows: its own row (a pending sign-up), the account,
    or the phone. Wrong guesses count per code and per number and day. A claim code is looked
    up by its hash alone (it is long and random, and names the account). A used row gives its
    details to the caller and keeps no copy of them.
    """
    now = timezone.now()
    live = (
        OneTimeCode.objects.select_for_update()
        .filter(purpose=purpose, used_at=None, expires_at__gt=now, attempts__lt=MAX_ATTEMPTS)
        .exclude(code_hash="")
    )
    digest = _hash(code)
    with transaction.atomic():
        if purpose == CodePurpose.CLAIM:
            found = live.filter(code_hash=digest).first()
        else:
            if phone and wrong_today(phone, purpose) >= MAX_WRONG_PER_DAY:
                # Too many wrong guesses at this number today: texted codes stop working,
                # a code handed over in person by a volunteer or officer still does.
                live = live.exclude(issued_by=None)
            if row_id is not None:
                live = live.filter(pk=row_id)
            if user is not None:
                live = live.filter(user=user)
            if phone:
                live = live.filter(phone=phone)
            found = live.order_by("-created_at").first()
            if found is not None and not hmac.compare_digest(found.code_hash, digest):
                found.attempts += 1
                found.save(update_fields=["attempts"])
                return None
        if found is None:
            return None
        if consume:
            found.used_at = now
            found.save(update_fields=["used_at"])
            if found.payload:
                OneTimeCode.objects.filter(pk=found.pk).update(payload={})
        return found


def purge(older_than: timedelta = KEEP_FOR) -> int:
    """Delete code rows (and any pending sign-up details in them) past their keeping time."""
    deleted, _by_model = OneTimeCode.objects.filter(
        created_at__lt=timezone.now() - older_than
    ).delete()
    return deleted
