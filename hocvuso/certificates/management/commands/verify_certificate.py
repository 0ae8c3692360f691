"""manage.py verify_certificate FILE: check a certificate's signed credential without the
database.

FILE holds the VC-JWT (as downloaded by its holder). The public keys come from the signing-key
folder, or from a JWK set given with --jwks (a copy of /.well-known/jwks.json), so a school or
an employer can check offline. Exits 0 and prints the claims when the signature holds; exits
1 for a forged, altered or malformed credential or one signed by an unknown key."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hocvuso.certificates import credential


class Command(BaseCommand):
    help = "Check a certificate credential (VC-JWT) against the platform's public keys."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--jwks", type=Path, help="A JWK set file instead of the key folder.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            token = path.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{path} cannot be read: {error}") from error
        if options["jwks"]:
            try:
                keys = credential.keys_from_jwks(json.loads(options["jwks"].read_text()))
            except (OSError, ValueError) as error:
                raise CommandError(f"{options['jwks']} is not a JWK set: {error}") from error
        else:
            keys = credential.public_keys()
        try:
            claims = credential.verify(token, keys)
        except credential.NotValid as error:
            raise CommandError(f"NOT VALID: {error}") from error
        subject = claims["vc"]["credentialSubject"]
        self.stdout.write(
            f"VALID: “{claims['vc']['name']}” for {subject['name']}, "
            f"issued by {claims['vc']['issuer']['name']} on {claims['vc']['validFrom']}."
        )
        self.stdout.write(credential.dumps(claims))
