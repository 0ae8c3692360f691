"""The tally app."""

from django.apps import AppConfig


class TallyConfig(AppConfig):
    name = "hocvuso.tally"
    verbose_name = "Counters"
