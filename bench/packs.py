"""Benchmark of content packs: checking, importing and publishing, and rendering lessons.

Run: .venv/bin/python bench/packs.py  (a temporary SQLite database, or DATABASE_URL)
"""

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="hocvuso-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hocvuso.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from hocvuso.curriculum.actions import do_import_pack, do_publish  # noqa: E402
from hocvuso.curriculum.packs.validate import validate_pack  # noqa: E402
from hocvuso.lib.lesson_markdown import render_lesson  # noqa: E402
from hocvuso.places.actions import do_load_places  # noqa: E402
from hocvuso.places.official import read_official_data  # noqa: E402

SAMPLE = ROOT / "tests" / "fixtures" / "packs" / "sample"


def timed_ms(func, repeat: int = 5) -> float:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def big_pack(lessons: int) -> Path:
    """The sample pack with `lessons` copies of its OTP lesson, to see how checking scales."""
    root = Path(tempfile.mkdtemp(prefix="hocvuso-pack-")) / "pack"
    shutil.copytree(SAMPLE, root)
    source = (root / "lessons" / "giu-ma-otp.md").read_text()
    for n in range(lessons):
        (root / "lessons" / f"bai-{n}.md").write_text(
            source.replace("id: giu-ma-otp", f"id: bai-{n}")
        )
    return root


def main() -> None:
    call_command("migrate", verbosity=0)
    do_load_places(read_official_data())
    print(
        f"check the default pack: {timed_ms(lambda: validate_pack(ROOT / 'content' / 'default')):.1f} ms"
    )
    print(f"check the sample pack: {timed_ms(lambda: validate_pack(SAMPLE)):.1f} ms")
    for size in (100, 500):
        root = big_pack(size)
        print(
            f"check a pack of {size + 2} lessons: {timed_ms(lambda root=root: validate_pack(root), 3):.0f} ms"
        )
    start = time.perf_counter()
    result = do_import_pack(ROOT / "content" / "default")
    assert result.version is not None
    report = do_publish(result.version)
    print(
        f"import and publish the default pack: {(time.perf_counter() - start) * 1000:.0f} ms, {report.changes} changes"
    )
    start = time.perf_counter()
    result = do_import_pack(big_pack(500))
    assert result.version is not None, [str(p) for p in result.problems]
    report = do_publish(result.version)
    print(
        f"import and publish a pack of 502 lessons: {(time.perf_counter() - start) * 1000:.0f} ms, {report.changes} changes"
    )
    body = (SAMPLE / "lessons" / "giu-ma-otp.md").read_text().split("---", 2)[2] * 20
    print(
        f"render a lesson of {len(body.split())} words: {timed_ms(lambda: render_lesson(body, {'otp': 'mã'}), 20):.2f} ms"
    )


if __name__ == "__main__":
    main()
