"""manage.py make_signing_key: a new Ed25519 key that signs certificates from now on.

The older keys stay in the folder and in /.well-known/jwks.json, so every certificate they
signed still verifies (docs/operations.md, "Certificate signing keys")."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from hocvuso.certificates import credential


class Command(BaseCommand):
    help = "Make a new certificate signing key (rotation); --if-missing makes one only if none."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-missing", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        existing = credential.public_keys()
        if options["if_missing"] and existing:
            self.stdout.write(f"{len(existing)} signing keys already in {credential.keys_dir()}.")
            return
        kid = credential.make_key()
        self.stdout.write(
            f"New signing key {kid} in {credential.keys_dir()}; it signs from now on."
        )
