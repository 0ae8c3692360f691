"""manage.py rebuild_counters: recount every indicator from the records."""

from typing import Any

from django.core.management.base import BaseCommand

from hocvuso.tally.actions import do_rebuild_counters, live_cells, recounted_cells


class Command(BaseCommand):
    help = "Recount every indicator from the records behind it and replace the counters."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only compare: exit 1 if the live counters differ from a recount.",
        )

    def handle(self, *args: Any, check: bool = False, **options: Any) -> None:
        if check:
            live, recounted = live_cells(), recounted_cells()
            differ = {c for c in live.keys() | recounted.keys() if live.get(c) != recounted.get(c)}
            if differ:
                self.stderr.write(f"{len(differ)} counters differ from a recount.")
                raise SystemExit(1)
            self.stdout.write("The counters agree with the records.")
            return
        written = do_rebuild_counters()
        self.stdout.write(f"Counters rebuilt: {written} rows.")
