"""Static files: collectstatic builds the hashed, compressed set that `make run` serves."""

from pathlib import Path
from typing import Any

from django.core.management import call_command

VENDOR = Path(__file__).resolve().parent.parent / "hocvuso" / "core" / "static" / "vendor"


def test_collectstatic_makes_hashed_compressed_files(settings: Any, tmp_path: Path) -> None:
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    css = list((tmp_path / "core" / "css").glob("site.*.css"))
    assert css, "the stylesheet has no hashed copy"
    assert (tmp_path / "staticfiles.json").exists()
    assert list((tmp_path / "vendor" / "htmx").glob("htmx.min.*.js.gz"))


def test_vendored_libraries_carry_their_licence_and_version() -> None:
    for library in VENDOR.iterdir():
        assert (library / "LICENSE").exists(), library
        assert (library / "VERSION").read_text().strip(), library
