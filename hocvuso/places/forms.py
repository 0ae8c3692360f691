"""The place picker's form: a search and the codes chosen so far."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hocvuso.core.fields import TextInputField

CODE_PATTERN = r"^[0-9A-Za-z.-]{1,32}$"


class PlacePickerForm(forms.Form):
    """What the place finder was asked: a search, and the codes chosen so far.

    A malformed code is dropped (the person starts that step again), never looked up.
    """

    q = TextInputField(
        label=_("Search by name"),
        required=False,
        max_length=100,
        error_messages={"max_length": _("Please type at most %(limit_value)d characters.")},
        help_text=_("You can type without accents, for example: phuong ba dinh"),
    )
    province = forms.RegexField(regex=CODE_PATTERN, required=False)
    commune = forms.RegexField(regex=CODE_PATTERN, required=False)
    subunit = forms.RegexField(regex=CODE_PATTERN, required=False)

    def value(self, name: str) -> str:
        """The cleaned value of a field, or "" when it was missing or malformed."""
        self.is_valid()
        return str(self.cleaned_data.get(name) or "")
