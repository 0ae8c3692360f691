"""The editors' upload form."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD = 20 * 1024 * 1024


class UploadPackForm(forms.Form):
    archive = forms.FileField(
        label=_("Zipped content pack"),
        help_text=_("A .zip file of the pack folder, at most 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )

    def clean_archive(self) -> Any:
        upload = self.cleaned_data["archive"]
        if not (upload.name or "").lower().endswith(".zip"):
            raise forms.ValidationError(_("Choose a .zip file."), code="not_zip")
        if (upload.size or 0) > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 20 MB."), code="too_large")
        return upload
