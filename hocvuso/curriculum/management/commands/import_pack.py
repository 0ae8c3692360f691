"""manage.py import_pack PATH|ZIP: check a content pack and keep it as a draft (or publish it)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hocvuso.curriculum.actions import do_import_pack, do_publish


class Command(BaseCommand):
    help = "Check a content pack (a folder or a .zip); if it has no problem, keep it as a draft version."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--publish", action="store_true", help="Publish the version at once.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.exists():
            raise CommandError(f"{path} does not exist.")
        result = do_import_pack(path)
        if result.problems:
            for problem in result.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(result.problems)} problems: nothing was written.")
        version = result.version
        if version is None:  # only when problems were reported above
            raise CommandError("Nothing was imported.")
        message = f"Pack {version.pack.pack_id} version {version.version}: " + (
            "new draft" if result.new_version else "0 changes"
        )
        if options["publish"]:
            report = do_publish(version)
            message += f"; published: {report.changes} changes ({report.created} created, {report.updated} updated, {report.retired} retired)"
        self.stdout.write(message + ".")
