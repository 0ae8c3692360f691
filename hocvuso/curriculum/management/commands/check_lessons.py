"""manage.py check_lessons PATH: the writing checks of a pack's lessons, before importing it.

Prints, per lesson, what a program can tell about writing for beginners (docs/curriculum.md):
length, sentence length, the sections, and glossary words explained where first used. A
province pack may use the national glossary's words; they are looked up in the published
national pack when there is one."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hocvuso.curriculum.actions import live_lessons_for
from hocvuso.curriculum.models import Competence, PackVersion, VersionStatus
from hocvuso.curriculum.packs.validate import validate_pack
from hocvuso.lib.lesson_quality import lesson_findings
from hocvuso.places.models import Level


class Command(BaseCommand):
    help = "Check the writing of a content pack's lessons (a folder); exit 1 if any finding."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        root: Path = options["path"]
        if not root.is_dir():
            raise CommandError(f"{root} is not a folder.")
        known = Competence.objects.filter(retired_at=None).values_list("code", flat=True)
        pack, problems = validate_pack(
            root, known_competences=list(known), known_lessons=list(live_lessons_for(None))
        )
        if pack is None:
            for problem in problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(problems)} problems: fix them first (import_pack).")
        terms = dict(national_terms())
        terms.update(pack.terms)
        count = 0
        for lesson in sorted(pack.lessons.values(), key=lambda item: item.file):
            for finding in lesson_findings(lesson.body, terms):
                count += 1
                self.stdout.write(f"{lesson.file}: {finding.message} [{finding.code}]")
        self.stdout.write(f"{len(pack.lessons)} lessons, {count} findings.")
        if count:
            raise CommandError(f"{count} findings.")


def national_terms() -> dict[str, str]:
    glossary = (
        PackVersion.objects.filter(status=VersionStatus.PUBLISHED, pack__owner__level=Level.COUNTRY)
        .values_list("content__glossary", flat=True)
        .first()
    )
    return {str(term): str(text) for term, text in (glossary or {}).items()}
