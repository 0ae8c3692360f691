"""Role: a kind of responsibility held on a place; it covers the place's whole subtree."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hocvuso.places.models import Place


class RoleKind(models.TextChoices):
    VOLUNTEER = "volunteer", _("Volunteer")
    TEAM_LEAD = "team_lead", _("Team leader")
    ASSESSOR = "assessor", _("Assessor")
    OFFICER = "officer", _("Officer")
    EDITOR = "editor", _("Content editor")
    ADMIN = "admin", _("Administrator")


# Kinds whose holders must pass the two-step sign-in before any staff page.
STAFF_KINDS = frozenset({RoleKind.ASSESSOR, RoleKind.OFFICER, RoleKind.EDITOR, RoleKind.ADMIN})
# Kinds that see the people living in their scope (an editor works on content only).
PEOPLE_KINDS = frozenset(
    {RoleKind.VOLUNTEER, RoleKind.TEAM_LEAD, RoleKind.ASSESSOR, RoleKind.OFFICER, RoleKind.ADMIN}
)
# Kinds that manage roles and sub-units in their scope.
MANAGER_KINDS = frozenset({RoleKind.OFFICER, RoleKind.ADMIN})


class RoleQuerySet(models.QuerySet["Role"]):
    def covering(self, place: Place) -> RoleQuerySet:
        """Roles held on `place` or on any place above it."""
        return self.filter(place__code__in=[*place.ancestor_codes(), place.code])

    def visible_to(self, viewer: Any) -> RoleQuerySet:
        """Roles a manager may see: those on places inside the viewer's managing scope,
        plus the viewer's own."""
        if not getattr(viewer, "is_authenticated", False):
            return self.none()
        paths = Role.objects.filter(user=viewer, kind__in=MANAGER_KINDS).values_list(
            "place__path", flat=True
        )
        scope = Q(user=viewer)
        for path in paths:
            scope |= Q(place__path__startswith=path)
        return self.filter(scope)


class Role(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_set"
    )
    kind = models.CharField(_("role"), max_length=16, choices=RoleKind.choices)
    place = models.ForeignKey(
        Place, verbose_name=_("place"), on_delete=models.PROTECT, related_name="roles"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)

    objects = RoleQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "place"], name="role_once_per_place")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.place}"
