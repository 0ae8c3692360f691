"""Consent: what a person (or their guardian, or a volunteer on paper) agreed to, and when."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hocvuso.core.fields import NFCCharField, NFCTextField


class ConsentKind(models.TextChoices):
    SELF = "self", _("given by the person")
    GUARDIAN = "guardian", _("given by a parent or guardian")
    PAPER = "paper", _("given on paper to a volunteer")


class Consent(models.Model):
    """One consent to the purposes of a given text version. Withdrawal keeps the record."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents"
    )
    kind = models.CharField(max_length=10, choices=ConsentKind.choices)
    version = NFCCharField(max_length=20)
    text = NFCTextField(help_text=_("The purposes exactly as shown when consent was given."))
    given_at = models.DateTimeField(
        null=True, blank=True, help_text=_("Empty while a guardian has not confirmed yet.")
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    guardian_name = NFCCharField(max_length=120, blank=True, default="")
    guardian_relation = NFCCharField(max_length=40, blank=True, default="")
    guardian_phone = NFCCharField(max_length=16, blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-given_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.version}"

    @property
    def is_current(self) -> bool:
        return self.given_at is not None and self.withdrawn_at is None
