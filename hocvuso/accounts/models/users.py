"""The person: signs in with a mobile number, or is helped by a volunteer without one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hocvuso.core.fields import NFCCharField
from hocvuso.lib.phones import display, masked
from hocvuso.places.models import Place

if TYPE_CHECKING:
    from hocvuso.accounts.models.roles import Role

GUARDIAN_AGE = 16


class LearnerGroup(models.TextChoices):
    """The four learner groups of the national framework."""

    CITIZEN = "citizen", _("Citizen")
    STUDENT = "student", _("Pupil or student")
    CIVIL_SERVANT = "civil_servant", _("Civil servant or public employee")
    ENTERPRISE = "enterprise", _("Worker in an enterprise or cooperative")


class AccountStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    AWAITING_GUARDIAN = "awaiting_guardian", _("waiting for a parent's consent")
    ASSISTED = "assisted", _("helped by a volunteer, no phone yet")
    WITHDRAWN = "withdrawn", _("consent withdrawn")


class UserQuerySet(models.QuerySet["User"]):
    def visible_to(self, viewer: Any) -> UserQuerySet:
        """The people `viewer` may see: themselves, and those living under a place where the
        viewer holds a role that covers people."""
        from hocvuso.accounts.models.roles import PEOPLE_KINDS, Role

        if not getattr(viewer, "is_authenticated", False):
            return self.none()
        paths = Role.objects.filter(user=viewer, kind__in=PEOPLE_KINDS).values_list(
            "place__path", flat=True
        )
        scope = Q(pk=viewer.pk)
        for path in paths:
            scope |= Q(home_place__path__startswith=path)
        return self.filter(scope)


class UserManager(BaseUserManager["User"]):
    def get_queryset(self) -> UserQuerySet:
        return UserQuerySet(self.model, using=self._db)

    def visible_to(self, viewer: Any) -> UserQuerySet:
        return self.get_queryset().visible_to(viewer)

    def create_user(self, phone: str | None, password: str | None = None, **fields: Any) -> User:
        """A bare account, counted as registered (sign-up and assisted registration go
        through accounts.actions instead)."""
        from hocvuso.accounts.counting import count_new_person

        user = self.model(phone=phone, **fields)
        user.set_password(password)
        user.save(using=self._db)
        count_new_person(user)
        return user

    def create_superuser(self, phone: str, password: str, **fields: Any) -> User:
        """An admin of the whole country (manage.py createsuperuser)."""
        from hocvuso.accounts.counting import count_verified
        from hocvuso.accounts.models.roles import Role, RoleKind
        from hocvuso.lib.phones import parse_vn_mobile

        fields.setdefault("full_name", "Quản trị viên")
        with transaction.atomic():  # the account, its counters and its role, or nothing
            user = self.create_user(parse_vn_mobile(phone), password, **fields)
            user.phone_verified_at = timezone.now()
            user.save(update_fields=["phone_verified_at"])
            count_verified(user)
            root = Place.objects.get(level=0)
            Role.objects.create(user=user, kind=RoleKind.ADMIN, place=root)
        return user


class User(AbstractBaseUser):
    """A person. `phone` is None for an assisted learner until they claim the account."""

    phone = NFCCharField(_("mobile number"), max_length=16, unique=True, null=True, blank=True)
    full_name = NFCCharField(_("full name"), max_length=120)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    learner_group = models.CharField(
        _("learner group"),
        max_length=16,
        choices=LearnerGroup.choices,
        default=LearnerGroup.CITIZEN,
    )
    home_place = models.ForeignKey(
        Place,
        verbose_name=_("home commune or sub-unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="residents",
    )
    status = models.CharField(
        max_length=20, choices=AccountStatus.choices, default=AccountStatus.ACTIVE
    )
    phone_verified_at = models.DateTimeField(null=True, blank=True)
    registered_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="registered"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    totp_secret = NFCCharField(max_length=64, blank=True, default="")
    totp_confirmed_at = models.DateTimeField(null=True, blank=True)
    totp_last_step = models.BigIntegerField(
        default=0, help_text=_("Last accepted time step; a code is never accepted twice.")
    )
    date_joined = models.DateTimeField(default=timezone.now)
    is_active = models.BooleanField(default=True)

    objects = UserManager()

    USERNAME_FIELD = "phone"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [models.Index(fields=["home_place"], name="user_home_place")]

    def __str__(self) -> str:
        return str(self.full_name)

    # Django's admin-less auth still asks these of a user model.
    @property
    def is_staff(self) -> bool:
        return False

    @property
    def is_verified(self) -> bool:
        return self.phone_verified_at is not None

    @property
    def phone_display(self) -> str:
        return display(self.phone) if self.phone else ""

    @property
    def phone_masked(self) -> str:
        return masked(self.phone) if self.phone else ""

    def age_in(self, year: int | None = None) -> int | None:
        if self.birth_year is None:
            return None
        return (year or timezone.localdate().year) - self.birth_year

    def needs_guardian(self) -> bool:
        age = self.age_in()
        return age is not None and age < GUARDIAN_AGE

    def can_sign_in(self) -> bool:
        """Active accounts with a proved number, and withdrawn ones (to read their data or
        consent again)."""
        return (
            self.is_active
            and self.phone is not None
            and self.phone_verified_at is not None
            and self.status in {AccountStatus.ACTIVE, AccountStatus.WITHDRAWN}
        )

    def roles(self) -> models.QuerySet[Role]:
        from hocvuso.accounts.models.roles import Role

        return Role.objects.filter(user=self).select_related("place")


class BackupCode(models.Model):
    """A single-use code for the staff two-step sign-in when the phone app is not at hand."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="backup_codes")
    code_hash = NFCCharField(max_length=128)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"backup code of {self.user_id}"
