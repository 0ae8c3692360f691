"""App configuration of accounts."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hocvuso.accounts"
    label = "accounts"

    def ready(self) -> None:
        from hocvuso.accounts.counting import register_sources

        register_sources()
