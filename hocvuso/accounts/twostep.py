"""Staff two-step sign-in: a TOTP authenticator app, with single-use backup codes."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
import unicodedata

import pyotp
import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hocvuso.accounts.models import AccountEvent, BackupCode, EventKind, User

ISSUER = "hocvuso"
BACKUP_CODES = 10


def _hash(code: str) -> str:
    normalised = unicodedata.normalize("NFKC", code).replace(" ", "").replace("-", "").lower()
    return hmac.new(settings.SECRET_KEY.encode(), normalised.encode(), hashlib.sha256).hexdigest()


def start_setup(user: User) -> str:
    """The secret for the authenticator app (made once); it counts only once confirmed."""
    if not user.totp_secret:
        user.totp_secret = pyotp.random_base32()
        user.save(update_fields=["totp_secret"])
    return str(user.totp_secret)


def provisioning_uri(user: User) -> str:
    return str(
        pyotp.TOTP(user.totp_secret).provisioning_uri(
            name=user.phone or str(user.pk), issuer_name=ISSUER
        )
    )


def qr_svg(user: User) -> str:
    """The setup QR as an inline SVG (no inline style, so the CSP allows it)."""
    svg: str = segno.make(provisioning_uri(user), error="m").svg_inline(
        scale=5, border=2, dark="#000", light="#fff"
    )
    return svg


def _accept_totp(user: User, code: str) -> bool:
    """A code of the current 30-second step or a neighbour, each step accepted only once (a
    code seen over someone's shoulder cannot be replayed)."""
    code = unicodedata.normalize("NFKC", code).replace(" ", "")
    if not user.totp_secret or not (code.isascii() and code.isdigit() and len(code) == 6):
        return False
    totp = pyotp.TOTP(user.totp_secret)
    now = int(time.time()) // totp.interval
    for step in (now - 1, now, now + 1):
        if step > user.totp_last_step and hmac.compare_digest(totp.at(step * totp.interval), code):
            updated = User.objects.filter(pk=user.pk, totp_last_step__lt=step).update(
                totp_last_step=step
            )
            user.totp_last_step = step
            return updated == 1
    return False


@transaction.atomic
def confirm_setup(user: User, code: str) -> list[str] | None:
    """Confirm the app with a first code; returns the backup codes to show once."""
    if not _accept_totp(user, code):
        return None
    user.totp_confirmed_at = timezone.now()
    user.save(update_fields=["totp_confirmed_at"])
    BackupCode.objects.filter(user=user).delete()
    codes = [f"{secrets.token_hex(2)}-{secrets.token_hex(2)}" for _ in range(BACKUP_CODES)]
    BackupCode.objects.bulk_create([BackupCode(user=user, code_hash=_hash(c)) for c in codes])
    AccountEvent.objects.create(user=user, kind=EventKind.TWO_STEP_SET_UP)
    return codes


@transaction.atomic
def verify(user: User, code: str) -> bool:
    """A current TOTP code, or an unused backup code (which is then spent)."""
    if user.totp_confirmed_at is None:
        return False
    if _accept_totp(user, code):
        return True
    backup = (
        BackupCode.objects.select_for_update()
        .filter(user=user, code_hash=_hash(code), used_at=None)
        .first()
    )
    if backup is None:
        return False
    backup.used_at = timezone.now()
    backup.save(update_fields=["used_at"])
    return True
