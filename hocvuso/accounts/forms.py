"""Forms of accounts. Messages are plain Vietnamese (through i18n) and say what to do."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hocvuso.accounts.actions import SUBUNIT_KINDS, Guardian, Profile
from hocvuso.accounts.models import LearnerGroup, RoleKind, User
from hocvuso.core.fields import TextInputField
from hocvuso.lib.phones import PhoneError, PhoneProblem, parse_vn_mobile
from hocvuso.places.models import Level, Place

PHONE_MESSAGES = {
    PhoneProblem.EMPTY: _("Please type your mobile number."),
    PhoneProblem.NOT_A_NUMBER: _(
        "This does not look like a phone number. Type the 10 digits, for example 0912 345 678."
    ),
    PhoneProblem.FOREIGN: _("Please use a Vietnamese mobile number."),
    PhoneProblem.LANDLINE: _(
        "This is a landline number. Please use a mobile number: codes are sent by text message."
    ),
    PhoneProblem.INVALID: _(
        "This number does not exist. Check the digits, for example 0912 345 678."
    ),
}


class PhoneField(TextInputField):
    """A Vietnamese mobile number, cleaned to E.164."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Mobile number"))
        kwargs.setdefault("max_length", 32)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "tel", "autocomplete": "tel"})

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        if not text and not self.required:
            return ""
        try:
            return parse_vn_mobile(text)
        except PhoneError as error:
            raise forms.ValidationError(
                PHONE_MESSAGES[error.problem], code=error.problem.value
            ) from None


def _year_choices() -> list[tuple[str, Any]]:
    this_year = timezone.now().year
    return [("", _("Choose a year"))] + [
        (str(y), str(y)) for y in range(this_year - 5, this_year - 111, -1)
    ]


class BirthYearField(forms.TypedChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            choices=_year_choices, coerce=int, empty_value=None, label=_("Year of birth"), **kwargs
        )


class PlaceCodeField(forms.CharField):
    """The home place, chosen with the place finder and carried as its code."""

    widget = forms.HiddenInput

    def clean(self, value: Any) -> Place | None:
        code = super().clean(value)
        if not code:
            if self.required:
                raise forms.ValidationError(
                    _("Choose your commune or ward first."), code="place_missing"
                )
            return None
        place = (
            Place.objects.active()
            .filter(code=code, level__gte=Level.COMMUNE)
            .select_related("parent")
            .first()
        )
        if place is None:
            raise forms.ValidationError(
                _("Choose your commune or ward again: this one is not on the list."),
                code="place_unknown",
            )
        return place


class NewPasswordMixin(forms.Form):
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters. A short sentence you remember is best."),
    )
    password2 = forms.CharField(
        label=_("Type the password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_password2(self) -> str:
        first, second = self.cleaned_data.get("password1"), self.cleaned_data.get("password2", "")
        if first and first != second:
            raise forms.ValidationError(
                _("The two passwords are different. Type them again."), code="password_mismatch"
            )
        return str(second)

    def check_password_strength(self, user: User | None) -> None:
        password = self.cleaned_data.get("password1")
        if password:
            try:
                password_validation.validate_password(password, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)


class ProfileFieldsMixin(forms.Form):
    full_name = TextInputField(
        label=_("Full name"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    birth_year = BirthYearField()
    learner_group = forms.ChoiceField(
        label=_("You are"), choices=LearnerGroup.choices, widget=forms.RadioSelect
    )
    place = PlaceCodeField(required=True)

    def profile(self) -> Profile:
        data = self.cleaned_data
        return Profile(
            full_name=data["full_name"],
            birth_year=data["birth_year"],
            learner_group=data["learner_group"],
            home_place=data["place"],
        )

    def is_under_16(self) -> bool:
        year = self.cleaned_data.get("birth_year")
        return year is not None and timezone.now().year - year < 16


class GuardianFieldsMixin(forms.Form):
    """A parent's or guardian's details, asked only of learners under 16; pages show them in
    a group of their own (`guardian_fields`), after the person's own (`own_fields`)."""

    GUARDIAN = ("guardian_name", "guardian_relation", "guardian_phone")
    CLOSING = ("consent", "consent_date", "consent_confirm")

    def own_fields(self) -> list[forms.BoundField]:
        return [f for f in self.visible_fields() if f.name not in self.GUARDIAN + self.CLOSING]

    def guardian_fields(self) -> list[forms.BoundField]:
        return [f for f in self.visible_fields() if f.name in self.GUARDIAN]

    def closing_fields(self) -> list[forms.BoundField]:
        return [f for f in self.visible_fields() if f.name in self.CLOSING]

    guardian_name = TextInputField(
        label=_("Parent or guardian's full name"), max_length=120, required=False
    )
    guardian_relation = TextInputField(
        label=_("Relation (for example: mother, father, grandmother)"),
        max_length=40,
        required=False,
    )
    guardian_phone = PhoneField(label=_("Parent or guardian's mobile number"), required=False)

    def clean_guardian(self, phone_required: bool) -> Guardian | None:
        if not self.is_under_16():  # type: ignore[attr-defined]
            return None
        data = self.cleaned_data
        missing = _("Learners under 16 need a parent's or guardian's consent: please fill this in.")
        needed = ["guardian_name", "guardian_relation"] + (
            ["guardian_phone"] if phone_required else []
        )
        for name in needed:
            if not data.get(name) and name not in self.errors:
                self.add_error(name, forms.ValidationError(missing, code="guardian_missing"))
        if any(name in self.errors for name in needed):
            return None
        return Guardian(
            name=data["guardian_name"],
            relation=data["guardian_relation"],
            phone=data.get("guardian_phone", ""),
        )


class SignUpForm(ProfileFieldsMixin, GuardianFieldsMixin, NewPasswordMixin):
    phone = PhoneField()
    consent = forms.BooleanField(
        label=_("I have read and agree to the purposes above."),
        error_messages={
            "required": _("Please tick the box to agree, or you cannot create an account.")
        },
    )

    field_order = [
        "full_name",
        "phone",
        "birth_year",
        "learner_group",
        "password1",
        "password2",
        "guardian_name",
        "guardian_relation",
        "guardian_phone",
        "consent",
        "place",
    ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.check_password_strength(
            User(phone=data.get("phone"), full_name=data.get("full_name", ""))
        )
        self.guardian = self.clean_guardian(phone_required=True)
        if self.guardian and self.guardian.phone == data.get("phone"):
            self.add_error(
                "guardian_phone",
                forms.ValidationError(
                    _("This must be your parent's or guardian's own number, not yours."),
                    code="guardian_same_phone",
                ),
            )
        return data


class SignInForm(forms.Form):
    phone = PhoneField()
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(forms.Form):
    code = TextInputField(
        label=_("Code"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class PhoneCodeForm(CodeForm):
    phone = PhoneField()
    field_order = ["phone", "code"]


class ResetRequestForm(forms.Form):
    phone = PhoneField()


class ResetConfirmForm(NewPasswordMixin, PhoneCodeForm):
    field_order = ["phone", "code", "password1", "password2"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.check_password_strength(None)
        return data


class ProfileForm(ProfileFieldsMixin):
    @classmethod
    def for_person(cls, person: User, place: Place | None, data: Any = None) -> ProfileForm:
        """The person's details, with `place` (just chosen in the finder, or their own)."""
        initial = {
            "full_name": person.full_name,
            "birth_year": person.birth_year,
            "learner_group": person.learner_group,
            "place": place.code if place else "",
        }
        return cls(data, initial=initial)


class ChangePasswordForm(NewPasswordMixin):
    old_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["old_password", "password1", "password2"]

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_old_password(self) -> str:
        old: str = self.cleaned_data["old_password"]
        if not self.user.check_password(old):
            raise forms.ValidationError(
                _("The current password is not right."), code="password_incorrect"
            )
        return old

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.check_password_strength(self.user)
        return data


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password, to confirm"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not right."), code="password_incorrect")
        return password


class AssistedForm(ProfileFieldsMixin, GuardianFieldsMixin):
    consent_date = forms.DateField(
        label=_("Date the person signed the paper consent"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    consent_confirm = forms.BooleanField(
        label=_("I read the purposes to the person and they signed the paper form."),
        error_messages={"required": _("The person must agree on paper before you register them.")},
    )

    def clean_consent_date(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["consent_date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."), code="date_future")
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.guardian = self.clean_guardian(phone_required=False)
        return data


class ClaimForm(NewPasswordMixin):
    claim_code = TextInputField(label=_("Code from the volunteer"), max_length=12)
    phone = PhoneField(label=_("Your mobile number"))
    field_order = ["claim_code", "phone", "password1", "password2"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.check_password_strength(None)
        return data


class GrantRoleForm(forms.Form):
    phone = PhoneField(label=_("Mobile number of the person"))
    kind = forms.ChoiceField(label=_("Role"), choices=RoleKind.choices)
    place = PlaceCodeField(required=True)

    def __init__(self, *args: Any, can_grant_admin: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not can_grant_admin:
            self.fields["kind"].choices = [c for c in RoleKind.choices if c[0] != RoleKind.ADMIN]  # type: ignore[attr-defined]
        self.fields["place"].clean = self._clean_any_place  # type: ignore[method-assign]

    @staticmethod
    def _clean_any_place(value: Any) -> Place:
        place = Place.objects.active().filter(code=value or "").first()
        if place is None:
            raise forms.ValidationError(_("Choose a place first."), code="place_missing")
        return place


class SubunitForm(forms.Form):
    name = TextInputField(label=_("Name, for example: Tổ dân phố số 5"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=[(k.value, k.label) for k in SUBUNIT_KINDS])


class AuditFilterForm(forms.Form):
    actor = PhoneField(label=_("Staff member's number"), required=False)
    action = TextInputField(label=_("Action"), max_length=40, required=False)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
