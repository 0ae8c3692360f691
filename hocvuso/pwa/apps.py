"""App configuration of the installable web app: manifest, service worker and offline outbox."""

from django.apps import AppConfig


class PwaConfig(AppConfig):
    name = "hocvuso.pwa"
    label = "pwa"
