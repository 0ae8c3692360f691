"""The certificates app: issues certificates when learning says so, and counts them."""

from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "hocvuso.certificates"

    def ready(self) -> None:
        from hocvuso.certificates import counting, receivers

        counting.register_sources()
        receivers.connect()
