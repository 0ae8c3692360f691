"""Forms of the certificate pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hocvuso.certificates.actions import CODE_ALPHABET, CODE_LENGTH, normalise_code


class LookupForm(forms.Form):
    code = forms.CharField(
        label=_("Certificate code"),
        max_length=20,
        help_text=_("The ten letters and digits printed under the QR code, e.g. AC3F9-KMNP7."),
    )
    birth_year = forms.IntegerField(
        label=_("Holder's year of birth"), min_value=1900, help_text=_("For example 1958.")
    )
    not_found_message = _(
        "No certificate matches this code and year of birth. Check both and try again."
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
            raise forms.ValidationError(
                _("A certificate code has ten letters and digits, as printed under the QR code."),
                code="bad_code",
            )
        return code

    def clean_birth_year(self) -> int:
        year: int = self.cleaned_data["birth_year"]
        if year > timezone.localdate().year:
            raise forms.ValidationError(_("Please check the year of birth."), code="bad_year")
        return year

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"autocomplete": "off", "autocapitalize": "characters"}
        )
        self.fields["birth_year"].widget.attrs.update({"inputmode": "numeric"})
