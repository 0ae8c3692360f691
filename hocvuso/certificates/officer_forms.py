"""Forms of the officers' and assessors' certificate pages: the list's filters, revocation and
the in-person assessment. Each checks what was typed against the viewer's own area."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hocvuso.accounts.models import Role, User
from hocvuso.certificates.actions import CODE_ALPHABET, CODE_LENGTH, normalise_code
from hocvuso.certificates.models import GROUPS, CertificateKind, CertificateQuerySet
from hocvuso.core.fields import TextInputField
from hocvuso.curriculum.models import CompetenceGroup
from hocvuso.places.models import Level, Place

DATE_WIDGET = {"type": "date"}


def scope_paths(viewer: User, kinds: Iterable[str]) -> list[str]:
    """The paths of the places where `viewer` holds one of `kinds`: their area for this page."""
    return list(
        Role.objects.filter(user=viewer, kind__in=list(kinds)).values_list("place__path", flat=True)
    )


def in_scope(place: Place, paths: list[str]) -> bool:
    return any(place.path.startswith(path) for path in paths)


def _date_field(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
    )


def _place_by_code(code: str) -> Place | None:
    return Place.objects.filter(code=code[:32]).select_related("parent").first() if code else None


class Status:
    ALL = "all"
    VALID = "valid"
    REVOKED = "revoked"


class CertificateFilterForm(forms.Form):
    """The filters of the officers' list, also used by the print job and the CSV export.

    Filled from the query string, so a shared or bookmarked address shows the same list.
    """

    q = TextInputField(label=_("Name or code"), max_length=100, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *CertificateKind.choices],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            (Status.ALL, _("All")),
            (Status.VALID, _("Valid")),
            (Status.REVOKED, _("Revoked")),
        ],
    )
    issued_from = _date_field(_("Issued from"))
    issued_to = _date_field(_("Issued until"))
    place = forms.CharField(required=False, max_length=32, widget=forms.HiddenInput)

    FIELDS = ("q", "kind", "status", "issued_from", "issued_to", "place")

    def __init__(self, data: Any, *, viewer: User, kinds: Iterable[str]) -> None:
        super().__init__(data)
        self.paths = scope_paths(viewer, kinds)
        self.fields["q"].widget.attrs.update({"type": "search", "autocomplete": "off"})

    def clean_place(self) -> Place | None:
        code: str = self.cleaned_data.get("place") or ""
        if not code:
            return None
        place = _place_by_code(code)
        if place is None:
            raise forms.ValidationError(
                _("This place is not on the list. Choose it again."), code="place_unknown"
            )
        if not in_scope(place, self.paths):
            raise forms.ValidationError(
                _("This place is outside your area. Choose a place in your area."),
                code="place_out_of_scope",
            )
        return place

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("issued_from"), data.get("issued_to")
        if start and end and start > end:
            self.add_error(
                "issued_to", _("The end date is before the start date. Check the two dates.")
            )
        return data

    def as_query(self) -> dict[str, str]:
        """The filters as typed, without empty ones: kept in a print job and in links."""
        return {
            name: str(self.data[name]).strip()[:100]
            for name in self.FIELDS
            if str(self.data.get(name, "")).strip()
        }

    def apply(self, certificates: CertificateQuerySet) -> CertificateQuerySet:
        """The certificates that match the (valid) filters."""
        data = self.cleaned_data
        if data.get("kind"):
            certificates = certificates.filter(kind=data["kind"])
        if data.get("status") == Status.VALID:
            certificates = certificates.filter(revoked_at=None)
        elif data.get("status") == Status.REVOKED:
            certificates = certificates.exclude(revoked_at=None)
        if place := data.get("place"):
            certificates = certificates.filter(issued_place__path__startswith=place.path)
        if data.get("issued_from"):
            certificates = certificates.filter(issued_at__date__gte=data["issued_from"])
        if data.get("issued_to"):
            certificates = certificates.filter(issued_at__date__lte=data["issued_to"])
        if query := data.get("q"):
            match = Q(holder_name__icontains=query)
            code = normalise_code(query)
            if len(code) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in code):
                match |= Q(code=code)
            certificates = certificates.filter(match)
        return certificates


class RevokeForm(forms.Form):
    reason = TextInputField(
        label=_("Why is it revoked?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The reason is kept with the certificate's record."),
        error_messages={
            "required": _("Please write why the certificate is revoked."),
        },
    )


def group_choices() -> list[tuple[str, str]]:
    """The nine groups with their Vietnamese titles (from the loaded framework, if any)."""
    titles = dict(CompetenceGroup.objects.filter(code__in=GROUPS).values_list("code", "title"))
    return [(code, f"{code} · {titles[code]}" if code in titles else code) for code in GROUPS]


class AssessmentForm(forms.Form):
    """What an assessor saw: when, where, which groups, and the result."""

    assessed_on = forms.DateField(
        label=_("Date of the assessment"),
        widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
        error_messages={"required": _("Please give the date of the assessment.")},
    )
    groups = forms.MultipleChoiceField(
        label=_("Groups assessed"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick the groups you assessed.")},
    )
    passed = forms.TypedChoiceField(
        label=_("Result"),
        choices=[("yes", _("Passed")), ("no", _("Not passed yet"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether the person passed.")},
    )
    note = TextInputField(
        label=_("Note (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    place = forms.CharField(
        widget=forms.HiddenInput,
        max_length=32,
        error_messages={"required": _("Choose the place of the assessment.")},
    )

    def __init__(self, data: Any = None, *, viewer: User, kinds: Iterable[str], **kw: Any) -> None:
        super().__init__(data, **kw)
        self.paths = scope_paths(viewer, kinds)
        cast(forms.MultipleChoiceField, self.fields["groups"]).choices = group_choices()

    def clean_assessed_on(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["assessed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(
                _("The date cannot be in the future. Give the day the person was assessed."),
                code="future",
            )
        return day

    def clean_place(self) -> Place:
        place = _place_by_code(self.cleaned_data["place"])
        if place is None or place.level < Level.COMMUNE or not place.is_active:
            raise forms.ValidationError(
                _("Choose the commune or ward of the assessment again."), code="place_unknown"
            )
        if not in_scope(place, self.paths):
            raise forms.ValidationError(
                _("This place is outside your area. Choose a place where you assess."),
                code="place_out_of_scope",
            )
        return place

    def place_shown(self) -> Place | None:
        """The place to show beside the form: the one typed, while it is not yet valid too."""
        return _place_by_code(str(self["place"].value() or ""))


class PersonSearchForm(forms.Form):
    q = TextInputField(label=_("Name or mobile number"), max_length=100, required=False)
