"""Model and form fields that store and accept text only in Unicode NFC.

The model fields normalise in get_prep_value, so every write path goes through them: save(),
bulk_create(), update() and lookups alike. The form fields normalise in to_python, for forms fed
from anything other than a request (the request itself is normalised by NFCInputMiddleware).
"""

from typing import Any

from django import forms
from django.db import models

from hocvuso.lib.vi_text import nfc


class NFCMixin:
    """Normalise a text model field's value to NFC when read from forms and when written."""

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)  # type: ignore[misc]
        return nfc(value) if isinstance(value, str) else value

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)  # type: ignore[misc]
        return nfc(value) if isinstance(value, str) else value


class NFCCharField(NFCMixin, models.CharField):  # type: ignore[type-arg]
    """A CharField whose stored value is always NFC."""


class NFCTextField(NFCMixin, models.TextField):  # type: ignore[type-arg]
    """A TextField whose stored value is always NFC."""


class TextInputField(forms.CharField):
    """The base of every free-text form field: stripped and NFC-normalised."""

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        return nfc(value) if isinstance(value, str) else value
