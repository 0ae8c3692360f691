"""manage.py import_gift FILE --competence CODE [--pack ID]: add a GIFT file's questions to a
new draft version of a pack (all or nothing)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hocvuso.curriculum.actions import do_import_gift


class Command(BaseCommand):
    help = "Turn a Moodle GIFT file into questions of one competence, in a new draft of a pack."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--competence", required=True, help="The competence code, e.g. S5.3.")
        parser.add_argument(
            "--pack", default="default", help="The pack to add to (default: default)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = do_import_gift(options["file"], options["competence"], options["pack"])
        if result.problems:
            for problem in result.problems:
                self.stderr.write(problem)
            raise CommandError(f"{len(result.problems)} problems: nothing was imported.")
        if result.added == 0:
            self.stdout.write("0 questions added: every question is already in the pack.")
        else:
            self.stdout.write(
                f"{result.added} questions added to a new draft of pack {options['pack']}; preview and publish it."
            )
