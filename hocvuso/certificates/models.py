"""Certificates a learner can show, and the in-person assessments that can earn one."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hocvuso.accounts.models import Role, RoleKind
from hocvuso.core.fields import NFCCharField, NFCTextField
from hocvuso.curriculum.models import Course
from hocvuso.places.models import Place

# Who sees, prints and revokes the certificates issued in their area.
ISSUER_KINDS = frozenset({RoleKind.OFFICER, RoleKind.ADMIN})
# Who records an in-person assessment for a person of their area.
ASSESSOR_KINDS = frozenset({RoleKind.ASSESSOR, RoleKind.OFFICER, RoleKind.ADMIN})
GROUPS = ("K1", "K2", "K3", "S1", "S2", "S3", "S4", "S5", "S6")
STANDARD = "standard"  # the achievement key of "Đạt chuẩn kỹ năng số cơ bản"


class CertificateKind(models.TextChoices):
    STANDARD = "standard", _("Basic digital skills standard")
    COURSE = "course", _("Course completed")


def _scope(viewer: Any, kinds: frozenset[str], field: str) -> Q:
    if not getattr(viewer, "is_authenticated", False):
        return Q(pk__in=[])
    paths = Role.objects.filter(user=viewer, kind__in=kinds).values_list("place__path", flat=True)
    scope = Q(pk__in=[])
    for path in paths:
        scope |= Q(**{f"{field}__path__startswith": path})
    return scope


class InPersonAssessment(models.Model):
    """An assessor saw the person do the tasks: for someone who learned offline or with help."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="in_person_assessments"
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+")
    assessed_on = models.DateField()
    groups = models.JSONField(default=list)  # the competence groups assessed, e.g. ["K1", ...]
    passed = models.BooleanField()
    note = NFCTextField(blank=True, default="")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-assessed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.person_id} {self.assessed_on}"


class CertificateQuerySet(models.QuerySet["Certificate"]):
    def visible_to(self, viewer: Any) -> CertificateQuerySet:
        """Certificates issued at places where the viewer is an officer or admin."""
        return self.filter(_scope(viewer, ISSUER_KINDS, "issued_place"))


class Certificate(models.Model):
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates"
    )
    kind = models.CharField(max_length=10, choices=CertificateKind.choices)
    # What was achieved, once per holder: "standard" or "course:<course id>".
    achievement = NFCCharField(max_length=80)
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # As written on the certificate when it was issued.
    holder_name = NFCCharField(max_length=120)
    title = NFCCharField(max_length=200)
    groups = models.JSONField(default=list)
    issued_at = models.DateTimeField()
    issued_place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+")
    segment = NFCCharField(max_length=16, blank=True, default="")  # learner group
    # RESTRICT, not PROTECT: the assessment may go only together with its certificate, as
    # when the person's account is deleted (both cascade from the person).
    in_person = models.ForeignKey(
        InPersonAssessment, on_delete=models.RESTRICT, null=True, blank=True, related_name="+"
    )
    # The QR code's secret (128 random bits) and the short code typed by hand.
    token = NFCCharField(max_length=32, unique=True)
    code = NFCCharField(max_length=10, unique=True)
    credential = NFCTextField(blank=True, default="")  # the signed VC-JWT
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoke_reason = NFCTextField(blank=True, default="")

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-pk"]
        constraints = [
            # One valid certificate per achievement; a revoked one stays on record beside the
            # one issued again (a leaked key, or the standard withdrawn and then reached again).
            models.UniqueConstraint(
                fields=["holder", "achievement"],
                condition=Q(revoked_at=None),
                name="certificate_once_per_achievement",
            )
        ]
        indexes = [models.Index(fields=["issued_place", "issued_at"], name="certificate_place")]

    def __str__(self) -> str:
        return f"{self.code} {self.achievement}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class PrintStatus(models.TextChoices):
    QUEUED = "queued", _("waiting to start")
    RUNNING = "running", _("being made")
    READY = "ready", _("ready")
    FAILED = "failed", _("failed")
    EXPIRED = "expired", _("removed after a week")


class PrintJob(models.Model):
    """One PDF of many certificates, made in the background; only its requester may fetch it."""

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    filters = models.JSONField(default=dict)  # the list's filters, as typed (re-checked on run)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=8, choices=PrintStatus.choices, default=PrintStatus.QUEUED)
    # The file's name under settings.DATA_DIR / "prints" once it is made.
    file_path = NFCCharField(max_length=200, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"print {self.pk} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in {PrintStatus.READY, PrintStatus.FAILED, PrintStatus.EXPIRED}
