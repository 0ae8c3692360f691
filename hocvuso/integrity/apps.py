"""The integrity app."""

from django.apps import AppConfig


class IntegrityConfig(AppConfig):
    name = "hocvuso.integrity"
