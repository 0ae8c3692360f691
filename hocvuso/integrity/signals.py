"""Sent inside the deciding transaction so the app that raised a flag can act on the decision."""

from django.dispatch import Signal

# Arguments: flag. The record behind the flag must stop counting.
flag_rejected = Signal()
