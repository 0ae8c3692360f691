"""manage.py export_pack PACK_ID DIR: write the published version of a pack back as a folder."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hocvuso.curriculum.actions import ExportTargetError, export_version
from hocvuso.curriculum.models import PackVersion, VersionStatus


class Command(BaseCommand):
    help = "Write the published version of a content pack to a folder, in the import format."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("pack_id")
        parser.add_argument("target", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        version = PackVersion.objects.filter(
            pack__pack_id=options["pack_id"], status=VersionStatus.PUBLISHED
        ).first()
        if version is None:
            raise CommandError(f"No published version of pack {options['pack_id']}.")
        try:
            export_version(version, options["target"])
        except ExportTargetError:
            raise CommandError(
                f"{options['target']} is not empty and is not a pack folder: choose an empty folder."
            ) from None
        self.stdout.write(
            f"Wrote pack {version.pack.pack_id} version {version.version} to {options['target']}."
        )
