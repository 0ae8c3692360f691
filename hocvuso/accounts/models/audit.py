"""What happened to accounts (events) and who looked at whose personal data (audit)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hocvuso.core.fields import NFCCharField


class EventKind(models.TextChoices):
    SIGNED_UP = "signed_up", _("signed up")
    PHONE_VERIFIED = "phone_verified", _("verified the phone")
    GUARDIAN_CONSENTED = "guardian_consented", _("guardian gave consent")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("withdrew consent")
    PROFILE_UPDATED = "profile_updated", _("updated the profile")
    PASSWORD_CHANGED = "password_changed", _("changed the password")
    PASSWORD_RESET = "password_reset", _("reset the password")
    REGISTERED_ASSISTED = "registered_assisted", _("was registered by a volunteer")
    CLAIMED = "claimed", _("claimed the account")
    ROLE_GRANTED = "role_granted", _("was given a role")
    ROLE_REVOKED = "role_revoked", _("lost a role")
    TWO_STEP_SET_UP = "two_step_set_up", _("set up two-step sign-in")
    ASSIST_STARTED = "assist_started", _("a volunteer started helping")
    ASSIST_ENDED = "assist_ended", _("a volunteer stopped helping")
    RESET_CODE_HANDED = "reset_code_handed", _("was handed a reset code in person")
    CLAIM_CODE_HANDED = "claim_code_handed", _("was handed a claim code")


class AccountEvent(models.Model):
    """Append-only history of one account; `assisted_by` names the volunteer who helped."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(max_length=24, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assisted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    detail = NFCCharField(max_length=200, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}"


class AuditEntry(models.Model):
    """A staff member saw or exported someone else's personal data."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = NFCCharField(max_length=40)
    path = NFCCharField(max_length=300)
    object_type = NFCCharField(max_length=40)
    object_ids = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.actor_id} {self.action} {self.created_at:%Y-%m-%d %H:%M}"
