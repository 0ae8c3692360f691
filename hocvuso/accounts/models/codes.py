"""One-time codes sent to a phone (or handed over in person), stored only as a keyed hash."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hocvuso.core.fields import NFCCharField


class CodePurpose(models.TextChoices):
    VERIFY = "verify", _("verify a phone number")
    RESET = "reset", _("reset a password")
    GUARDIAN = "guardian", _("a guardian's consent")
    CLAIM = "claim", _("claim an account")


class OneTimeCode(models.Model):
    phone = NFCCharField(max_length=16, blank=True, default="")
    purpose = models.CharField(max_length=10, choices=CodePurpose.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True
    )
    code_hash = NFCCharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A sign-up waiting for its code: the details (and password hash) typed in the session that
    # asked for it. The account is made from them only when this very code comes back.
    payload = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [models.Index(fields=["phone", "purpose", "created_at"], name="code_lookup")]

    def __str__(self) -> str:
        return f"{self.purpose} code for {self.phone or self.user_id}"
