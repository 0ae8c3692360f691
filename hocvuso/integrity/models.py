"""Flag: a record that looks implausible, waiting for an officer of its place to decide."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hocvuso.accounts.models import Role, RoleKind
from hocvuso.core.fields import NFCCharField, NFCTextField
from hocvuso.places.models import Place

REVIEWER_KINDS = frozenset({RoleKind.OFFICER, RoleKind.ADMIN})


class FlagReason(models.TextChoices):
    FAST_LESSON = "fast_lesson", _("Lesson finished far faster than its reading time")
    FAST_ANSWERS = "fast_answers", _("Answers sent faster than a person can read")


class FlagStatus(models.TextChoices):
    OPEN = "open", _("Waiting for a decision")
    ACCEPTED = "accepted", _("Accepted: it counts")
    REJECTED = "rejected", _("Rejected: it does not count")


class FlagQuerySet(models.QuerySet["Flag"]):
    def visible_to(self, viewer: Any) -> FlagQuerySet:
        """Flags at places where the viewer is an officer or admin (their subtree)."""
        if not getattr(viewer, "is_authenticated", False):
            return self.none()
        paths = Role.objects.filter(user=viewer, kind__in=REVIEWER_KINDS).values_list(
            "place__path", flat=True
        )
        scope = Q(pk__in=[])
        for path in paths:
            scope |= Q(place__path__startswith=path)
        return self.filter(scope)


class Flag(models.Model):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flags"
    )
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=16, choices=FlagReason.choices)
    # What the flag is about, as "<kind>:<id>" of the app that raised it.
    subject = NFCCharField(max_length=64)
    detail = NFCTextField(blank=True, default="")
    raised_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=FlagStatus.choices, default=FlagStatus.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = NFCTextField(blank=True, default="")

    objects = FlagQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["subject", "reason"], name="flag_once_per_subject")
        ]
        indexes = [models.Index(fields=["status", "raised_at"], name="flag_status_raised")]

    def __str__(self) -> str:
        return f"{self.reason} {self.subject}"
