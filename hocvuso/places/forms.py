"""The place picker's search form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hocvuso.core.fields import TextInputField


class PlaceSearchForm(forms.Form):
    q = TextInputField(
        label=_("Search by name"),
        required=False,
        max_length=100,
        help_text=_("You can type without accents, for example: phuong ba dinh"),
    )
