"""Content packs for tests, built from the sample pack through the real import."""

import shutil
import tempfile
from pathlib import Path

from hocvuso.curriculum.actions import do_import_pack, do_publish
from hocvuso.curriculum.models import PackVersion

SAMPLE = Path(__file__).parent / "fixtures" / "packs" / "sample"


def national_sample() -> PackVersion:
    result = do_import_pack(SAMPLE)
    assert result.version is not None, [str(p) for p in result.problems]
    do_publish(result.version)
    return result.version


def province_pack(code: str) -> PackVersion:
    """A draft pack owned by province `code`, overriding the sample's OTP lesson."""
    PackVersion.objects.filter(pack__pack_id="sample").exists() or national_sample()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "pack"
        shutil.copytree(SAMPLE, root)
        (root / "framework.yaml").unlink()
        meta = root / "pack.yaml"
        meta.write_text(
            meta.read_text()
            .replace("id: sample", f"id: tinh-{code}")
            .replace("owner: national", f'owner: "{code}"')
        )
        course = root / "courses" / "an-toan-co-ban.yaml"
        course.write_text(course.read_text().replace("id: an-toan-co-ban", f"id: an-toan-{code}"))
        result = do_import_pack(root)
    assert result.version is not None, [str(p) for p in result.problems]
    return result.version
