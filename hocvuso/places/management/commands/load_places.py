"""manage.py load_places: load or refresh the official administrative units."""

from typing import Any

from django.core.management.base import BaseCommand

from hocvuso.places.actions import do_load_places
from hocvuso.places.official import read_official_data


class Command(BaseCommand):
    help = "Load the official provinces and communes from the pinned vietnam-provinces package."

    def handle(self, *args: Any, **options: Any) -> None:
        data = read_official_data()
        report = do_load_places(data)
        self.stdout.write(
            f"Places from vietnam-provinces {data.package_version} "
            f"(data of {data.data_version}): {report.provinces} provinces, "
            f"{report.communes} communes. "
            f"{report.changes} changes: {report.created} created, {report.updated} updated, "
            f"{report.retired} retired."
        )
