"""Importing content packs: all or nothing, idempotent, drafts before publishing, versions that
keep rows (and so learners' progress), province overrides, zip files, and the export round trip."""

import shutil
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hocvuso.curriculum import snapshot
from hocvuso.curriculum.actions import do_import_pack, do_publish, export_version, live_lessons_for
from hocvuso.curriculum.models import (
    Competence,
    ContentPack,
    Lesson,
    PackVersion,
    Question,
    VersionStatus,
)
from hocvuso.curriculum.packs.validate import validate_pack
from hocvuso.places.models import Place

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).parent / "fixtures" / "packs" / "sample"


def copy_sample(tmp_path: Path, name: str = "pack") -> Path:
    root = tmp_path / name
    shutil.copytree(SAMPLE, root)
    return root


def run(*args: str) -> str:
    out = StringIO()
    call_command("import_pack", *args, stdout=out)
    return out.getvalue()


def test_a_pack_is_kept_as_a_draft_then_published(places: None) -> None:
    assert "new draft" in run(str(SAMPLE))
    assert not Lesson.objects.exists()  # learners see nothing of a draft
    version = PackVersion.objects.get()
    report = do_publish(version)
    assert report.created == 3 + 1 + 2 + 5  # competences, course, lessons, questions
    assert Lesson.objects.count() == 2 and Question.objects.count() == 5
    assert set(Question.objects.values_list("kind", flat=True)) == {
        "single",
        "multiple",
        "true_false",
        "ordering",
        "scenario",
    }
    assert Competence.objects.get(code="S5.1").lessons.get().stable_id == "giu-ma-otp"


def test_a_second_import_reports_no_changes(places: None) -> None:
    run(str(SAMPLE), "--publish")
    assert "0 changes; published: 0 changes" in run(str(SAMPLE), "--publish")
    assert PackVersion.objects.count() == 1


def test_a_pack_with_a_problem_writes_nothing(places: None, tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    (root / "lessons" / "giu-ma-otp.md").write_text("no front matter", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_pack", str(root), stderr=err)
    assert "lessons/giu-ma-otp.md:1:" in err.getvalue() and "[front_matter]" in err.getvalue()
    assert not ContentPack.objects.exists() and not PackVersion.objects.exists()


def test_a_new_version_keeps_rows_and_retires_what_it_drops(places: None, tmp_path: Path) -> None:
    run(str(SAMPLE), "--publish")
    kept = Lesson.objects.get(stable_id="giu-ma-otp")
    dropped = Lesson.objects.get(stable_id="chuyen-doi-so-la-gi")
    root = copy_sample(tmp_path)
    (root / "pack.yaml").write_text((root / "pack.yaml").read_text().replace('"1.0"', '"1.1"'))
    lesson = root / "lessons" / "giu-ma-otp.md"
    lesson.write_text(
        lesson.read_text()
        .replace("title: Giữ bí mật mã OTP", "title: Giữ kín mã OTP")
        .replace("prerequisites: [chuyen-doi-so-la-gi]\n", "")
    )
    (root / "lessons" / "chuyen-doi-so-la-gi.md").unlink()
    course = root / "courses" / "an-toan-co-ban.yaml"
    course.write_text(course.read_text().replace("chuyen-doi-so-la-gi, ", ""))
    assert "published" in run(str(root), "--publish")
    kept.refresh_from_db()
    dropped.refresh_from_db()
    assert kept.title == "Giữ kín mã OTP"  # same row: progress recorded against it stays
    assert dropped.retired_at is not None  # retired, not deleted
    assert list(PackVersion.objects.values_list("status", flat=True)) == [
        VersionStatus.PUBLISHED,
        VersionStatus.SUPERSEDED,
    ]


def test_a_province_pack_overrides_a_national_lesson_for_its_province_only(
    places: None, tmp_path: Path
) -> None:
    run(str(SAMPLE), "--publish")
    root = copy_sample(tmp_path, "ha-noi")
    (root / "framework.yaml").unlink()
    meta = (
        (root / "pack.yaml")
        .read_text()
        .replace("id: sample", "id: ha-noi")
        .replace("owner: national", 'owner: "01"')
    )
    (root / "pack.yaml").write_text(meta)
    lesson = root / "lessons" / "giu-ma-otp.md"
    lesson.write_text(
        lesson.read_text().replace("title: Giữ bí mật mã OTP", "title: Giữ bí mật mã OTP (Hà Nội)")
    )
    for extra in ("chuyen-doi-so-la-gi.md",):
        (root / "lessons" / extra).unlink()
    course = root / "courses" / "an-toan-co-ban.yaml"
    course.write_text(
        course.read_text()
        .replace("id: an-toan-co-ban", "id: an-toan-ha-noi")
        .replace("chuyen-doi-so-la-gi, ", "")
    )
    lesson.write_text(lesson.read_text().replace("prerequisites: [chuyen-doi-so-la-gi]\n", ""))
    (root / "questions" / "an-toan.yaml").unlink()
    result = do_import_pack(root)
    assert result.problems == [], [str(p) for p in result.problems]
    assert result.version is not None
    hanoi_ward, saigon = Place.objects.get(code="00004"), Place.objects.get(code="79")
    assert live_lessons_for(hanoi_ward)["giu-ma-otp"].title == "Giữ bí mật mã OTP"  # still a draft
    do_publish(result.version)
    assert live_lessons_for(hanoi_ward)["giu-ma-otp"].title == "Giữ bí mật mã OTP (Hà Nội)"
    assert live_lessons_for(saigon)["giu-ma-otp"].title == "Giữ bí mật mã OTP"


def test_a_zipped_pack_imports_and_a_hostile_zip_does_not(places: None, tmp_path: Path) -> None:
    archive = tmp_path / "pack.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in SAMPLE.rglob("*"):
            if path.is_file():
                zipped.write(path, "sample/" + path.relative_to(SAMPLE).as_posix())
    assert do_import_pack(archive).new_version
    hostile = tmp_path / "evil.zip"
    with zipfile.ZipFile(hostile, "w") as zipped:
        zipped.writestr("../../escape.txt", "x")
    assert do_import_pack(hostile).problems
    assert not (tmp_path.parent / "escape.txt").exists()
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"not a zip")
    assert do_import_pack(broken).problems


def test_export_then_import_then_export_is_identical(places: None, tmp_path: Path) -> None:
    run(str(SAMPLE), "--publish")
    first = tmp_path / "first"
    call_command("export_pack", "sample", str(first), stdout=StringIO())
    pack, problems = validate_pack(first)
    assert problems == [] and pack is not None
    assert snapshot.build(pack) == PackVersion.objects.get().content
    second = tmp_path / "second"
    snapshot.write(snapshot.build(pack), second)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    export_version(PackVersion.objects.get(), second)  # over an existing folder
    assert (second / "pack.yaml").read_bytes() == (first / "pack.yaml").read_bytes()


def test_export_needs_a_published_version(places: None, tmp_path: Path) -> None:
    run(str(SAMPLE))
    with pytest.raises(CommandError):
        call_command("export_pack", "sample", str(tmp_path / "out"))


def test_export_never_overwrites_a_folder_that_is_not_a_pack(places: None, tmp_path: Path) -> None:
    run(str(SAMPLE), "--publish")
    precious = tmp_path / "notes"
    precious.mkdir()
    (precious / "thu.txt").write_text("giữ lại")
    with pytest.raises(CommandError, match="not a pack folder"):
        call_command("export_pack", "sample", str(precious))
    assert (precious / "thu.txt").read_text() == "giữ lại"


def test_competences_dropped_from_the_framework_are_retired(places: None, tmp_path: Path) -> None:
    run(str(SAMPLE), "--publish")
    root = copy_sample(tmp_path)
    framework = root / "framework.yaml"
    text = framework.read_text()
    framework.write_text(text.split("  - code: S5")[0])
    for path in [
        *root.glob("lessons/*.md"),
        *root.glob("questions/*.yaml"),
        *root.glob("courses/*.yaml"),
    ]:
        path.unlink()
    (root / "pack.yaml").write_text((root / "pack.yaml").read_text().replace('"1.0"', '"2.0"'))
    run(str(root), "--publish")
    assert Competence.objects.get(code="S5.1").retired_at is not None
    assert Competence.objects.get(code="K1.1").retired_at is None


def test_a_province_course_may_use_national_lessons(places: None, tmp_path: Path) -> None:
    run(str(SAMPLE), "--publish")
    root = copy_sample(tmp_path, "tinh")
    (root / "framework.yaml").unlink()
    (root / "pack.yaml").write_text(
        (root / "pack.yaml")
        .read_text()
        .replace("id: sample", "id: tinh")
        .replace("owner: national", 'owner: "01"')
    )
    (root / "lessons" / "chuyen-doi-so-la-gi.md").unlink()  # the course keeps naming it: national
    course = root / "courses" / "an-toan-co-ban.yaml"
    course.write_text(course.read_text().replace("id: an-toan-co-ban", "id: an-toan-tinh"))
    (root / "questions" / "an-toan.yaml").unlink()
    result = do_import_pack(root)
    assert result.problems == [], [str(p) for p in result.problems]
