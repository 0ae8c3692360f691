"""manage.py purge_codes: delete one-time code rows older than 30 days (run it daily)."""

from typing import Any

from django.core.management.base import BaseCommand

from hocvuso.accounts.codes import purge


class Command(BaseCommand):
    help = "Delete one-time codes and unfinished sign-ups older than 30 days."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Deleted {purge()} old code rows.")
