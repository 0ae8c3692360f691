"""Writes to the curriculum: importing a pack as a draft version, and publishing a version."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hocvuso.curriculum import snapshot
from hocvuso.curriculum.models import (
    Competence,
    CompetenceGroup,
    ContentPack,
    Course,
    Lesson,
    PackVersion,
    Question,
    VersionStatus,
)
from hocvuso.curriculum.packs.validate import Code, Problem, validate_pack
from hocvuso.lib.vi_text import fold
from hocvuso.places.models import Level, Place

NOT_YOURS = _("You can only upload packs owned by the area you edit for.")
MAX_ZIP_BYTES = 50 * 1024 * 1024
MAX_ZIP_FILES = 5000


@dataclass
class ImportResult:
    problems: list[Problem] = field(default_factory=list)
    version: PackVersion | None = None
    new_version: bool = False


@dataclass
class PublishReport:
    created: int = 0
    updated: int = 0
    retired: int = 0

    @property
    def changes(self) -> int:
        return self.created + self.updated + self.retired


def _owner_place(owner: str) -> Place | None:
    if owner == "national":
        return Place.objects.filter(level=Level.COUNTRY).first()
    return Place.objects.filter(level=Level.PROVINCE, code=owner).first()


def unpack_zip(archive: Path, target: Path) -> list[Problem]:
    """Extract a zipped pack safely (no paths outside `target`, bounded size); a single top
    folder inside the zip is accepted too."""
    try:
        with zipfile.ZipFile(archive) as zipped:
            members = zipped.infolist()
            if len(members) > MAX_ZIP_FILES or sum(m.file_size for m in members) > MAX_ZIP_BYTES:
                return [Problem(archive.name, 1, Code.MISSING_FILE, "The zip file is too large.")]
            for member in members:
                if member.flag_bits & 0x1 or member.compress_type not in (
                    zipfile.ZIP_STORED,
                    zipfile.ZIP_DEFLATED,
                ):
                    return [
                        Problem(
                            member.filename,
                            1,
                            Code.MISSING_FILE,
                            "Encrypted or unusually compressed files cannot be read.",
                        )
                    ]
                destination = (target / member.filename).resolve()
                if not destination.is_relative_to(target.resolve()):
                    return [
                        Problem(
                            member.filename,
                            1,
                            Code.MISSING_FILE,
                            "A path in the zip points outside the pack.",
                        )
                    ]
            zipped.extractall(target)
    except (
        zipfile.BadZipFile,
        RuntimeError,
        NotImplementedError,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
    ):
        return [
            Problem(archive.name, 1, Code.MISSING_FILE, "This is not a zip file that can be read.")
        ]
    return []


def pack_root(target: Path) -> Path:
    if (target / "pack.yaml").exists():
        return target
    folders = [
        p
        for p in target.iterdir()
        if p.is_dir() and p.name != "__MACOSX" and not p.name.startswith(".")
    ]
    return folders[0] if len(folders) == 1 and (folders[0] / "pack.yaml").exists() else target


def do_import_pack(
    source: Path, *, by: Any = None, may_own: Callable[[Place], bool] | None = None
) -> ImportResult:
    """Check the pack at `source` (a folder or a .zip) and keep it as a draft version.

    Nothing is written when the pack has any problem. Importing the same content again adds
    nothing (`new_version` is False)."""
    with tempfile.TemporaryDirectory() as scratch:
        root = source
        if source.is_file():
            problems = unpack_zip(source, Path(scratch))
            if problems:
                return ImportResult(problems=problems)
            root = pack_root(Path(scratch))
        known = Competence.objects.filter(retired_at=None).values_list("code", flat=True)
        national = live_lessons_for(None)
        pack, problems = validate_pack(
            root, known_competences=list(known), known_lessons=list(national)
        )
        if pack is None:
            return ImportResult(problems=problems)
        content = snapshot.build(pack)
    owner = _owner_place(content["pack"]["owner"])
    if owner is None:
        return ImportResult(
            problems=[
                Problem(
                    "pack.yaml",
                    pack.meta.line_of("owner"),
                    Code.BAD_OWNER,
                    f"The province {content['pack']['owner']} is not loaded (run load_places).",
                )
            ]
        )
    if may_own is not None and not may_own(owner):
        return ImportResult(
            problems=[
                Problem("pack.yaml", pack.meta.line_of("owner"), Code.BAD_OWNER, str(NOT_YOURS))
            ]
        )
    digest = snapshot.content_hash(content)
    with transaction.atomic():
        record, _created = ContentPack.objects.get_or_create(
            pack_id=content["pack"]["id"],
            defaults={"owner": owner, "title": content["pack"]["title"]},
        )
        if record.owner_id != owner.pk:
            return ImportResult(
                problems=[
                    Problem(
                        "pack.yaml",
                        pack.meta.line_of("owner"),
                        Code.BAD_OWNER,
                        "This pack already belongs to another owner.",
                    )
                ]
            )
        latest = record.versions.exclude(status=VersionStatus.SUPERSEDED).first()
        if latest is not None and latest.content_hash == digest:
            return ImportResult(version=latest)
        record.title = content["pack"]["title"]
        record.save(update_fields=["title"])
        version = PackVersion.objects.create(
            pack=record,
            version=content["pack"]["version"],
            content=content,
            content_hash=digest,
            imported_by=by,
        )
    return ImportResult(version=version, new_version=True)


def _sync(
    model: Any, pack: ContentPack, rows: dict[str, dict[str, Any]], report: PublishReport
) -> dict[str, Any]:
    """Create or update rows of one model by stable id; retire those the version dropped."""
    now = timezone.now()
    existing = {obj.stable_id: obj for obj in model.objects.filter(pack=pack)}
    for stable_id, values in rows.items():
        obj = existing.get(stable_id)
        if obj is None:
            existing[stable_id] = model.objects.create(pack=pack, stable_id=stable_id, **values)
            report.created += 1
            continue
        changed = [k for k, v in values.items() if getattr(obj, k) != v]
        if obj.retired_at is not None:
            obj.retired_at = None
            changed.append("retired_at")
        if changed:
            for key in changed:
                if key != "retired_at":
                    setattr(obj, key, values[key])
            obj.save()
            report.updated += 1
    for stable_id, obj in existing.items():
        if stable_id not in rows and obj.retired_at is None:
            obj.retired_at = now
            obj.save(update_fields=["retired_at"])
            report.retired += 1
    return existing


@transaction.atomic
def do_publish(version: PackVersion) -> PublishReport:
    """Bring the live rows in line with `version`; learners' progress stays attached because
    rows are matched by stable id and only ever retired."""
    content = version.content
    pack = version.pack
    report = PublishReport()
    framework = content["framework"] if pack.owner.level == Level.COUNTRY else []
    if framework:  # competences the national framework dropped are retired
        kept = {item["code"] for group in framework for item in group["competences"]}
        report.retired += (
            Competence.objects.filter(retired_at=None)
            .exclude(code__in=kept)
            .update(retired_at=timezone.now())
        )
    for order, group in enumerate(framework):
        group_row, made = CompetenceGroup.objects.update_or_create(
            code=group["code"], defaults={"title": group["title"], "order": order}
        )
        for item in group["competences"]:
            row = Competence.objects.filter(code=item["code"]).first()
            values = {
                "group": group_row,
                "title": item["title"],
                "description": item.get("description", ""),
                "retired_at": None,
            }
            if row is None:
                Competence.objects.create(code=item["code"], **values)
                report.created += 1
            elif any(getattr(row, k) != v for k, v in values.items()):
                Competence.objects.filter(pk=row.pk).update(**values)
                report.updated += 1
    competences = {c.code: c for c in Competence.objects.all()}
    _sync(
        Course,
        pack,
        {
            c["id"]: {
                "title": c["title"],
                "order": c.get("order", 100),
                "learner_groups": c["learner_groups"],
                "lesson_ids": c["lessons"],
            }
            for c in content["courses"]
        },
        report,
    )
    lesson_values = {
        lesson["id"]: {
            "title": lesson["title"],
            "body": lesson["body"],
            "learner_groups": lesson["learner_groups"],
            "minutes": lesson["minutes"],
            "prerequisites": lesson.get("prerequisites", []),
            "sources": lesson["sources"],
        }
        for lesson in content["lessons"]
    }
    lessons = _sync(Lesson, pack, lesson_values, report)
    for lesson in content["lessons"]:
        wanted = {competences[code].pk for code in lesson["competences"]}
        row = lessons[lesson["id"]]
        if set(row.competences.values_list("pk", flat=True)) != wanted:
            row.competences.set(wanted)
    question_values = {
        q["id"]: {
            "bank": q["bank"],
            "kind": q["kind"],
            "competence": competences[q["competence"]],
            "prompt": q["prompt"],
            "choices": q.get("choices", []),
            "answer": q["answer"],
            "explanation": q["explanation"],
            "scenario": q.get("scenario", {}),
            "lesson_ref": q.get("lesson", ""),
            "pool": q.get("pool", ""),
            "position": position,
        }
        for position, q in enumerate(content["questions"])
    }
    _sync(Question, pack, question_values, report)
    pack.versions.filter(status=VersionStatus.PUBLISHED).exclude(pk=version.pk).update(
        status=VersionStatus.SUPERSEDED
    )
    if version.status != VersionStatus.PUBLISHED:
        version.status = VersionStatus.PUBLISHED
        version.published_at = timezone.now()
        version.save(update_fields=["status", "published_at"])
    return report


class ExportTargetError(Exception):
    """The target folder holds something other than a pack: nothing is overwritten."""


def export_version(version: PackVersion, target: Path) -> None:
    """Write `version` to `target`, replacing an earlier export there, never anything else."""
    if target.exists() and any(target.iterdir()):
        if not (target / "pack.yaml").is_file():
            raise ExportTargetError(str(target))
        shutil.rmtree(target)
    snapshot.write(version.content, target)


def live_lessons_for(place: Place | None) -> dict[str, Lesson]:
    """The published, unretired lessons a learner living at `place` sees, by stable id: the
    national ones, with those of their province's packs added or taking their place."""
    national = Lesson.objects.filter(pack__owner__level=Level.COUNTRY, retired_at=None)
    lessons = {
        lesson.stable_id: lesson
        for lesson in national.filter(pack__versions__status=VersionStatus.PUBLISHED).distinct()
    }
    province_code = place.province_code() if place is not None else None
    if province_code:
        local = Lesson.objects.filter(
            pack__owner__code=province_code,
            retired_at=None,
            pack__versions__status=VersionStatus.PUBLISHED,
        ).distinct()
        lessons.update({lesson.stable_id: lesson for lesson in local})
    return lessons


@dataclass
class GiftResult:
    problems: list[str] = field(default_factory=list)
    added: int = 0
    version: PackVersion | None = None


def do_import_gift(path: Path, competence: str, pack_id: str, *, by: Any = None) -> GiftResult:
    """Add a GIFT file's questions to a new draft version of a pack, as the bank
    questions/gift-<file name>.yaml. All or nothing; questions already there are skipped, so
    importing the same file again adds nothing."""
    from hocvuso.curriculum.gift import parse_gift

    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        return GiftResult(problems=[f"{path.name}: {error}"])
    latest = (
        PackVersion.objects.filter(pack__pack_id=pack_id)
        .exclude(status=VersionStatus.SUPERSEDED)
        .first()
    )
    if latest is None:
        return GiftResult(problems=[f"No pack {pack_id}: import the pack first."])
    known = set(Competence.objects.filter(retired_at=None).values_list("code", flat=True))
    known |= {c["code"] for g in latest.content["framework"] for c in g["competences"]}
    if competence not in known:
        return GiftResult(problems=[f"There is no competence {competence} in the framework."])
    stem = re.sub(r"[^a-z0-9]+", "-", fold(path.stem)).strip("-")[:30]
    questions, problems = parse_gift(text, competence, namespace=stem)
    if problems:
        return GiftResult(problems=[f"{path.name}:{p.line}: {p.message}" for p in problems])
    content = json.loads(json.dumps(latest.content))
    present = {q["id"] for q in content["questions"]}
    bank = f"questions/gift-{re.sub(r'[^a-z0-9]+', '-', path.stem.lower()).strip('-') or 'import'}.yaml"
    new = [{"bank": bank, **q} for q in questions if q["id"] not in present]
    if not new:
        return GiftResult(version=latest)
    content["questions"].extend(new)
    with transaction.atomic():
        version = PackVersion.objects.create(
            pack=latest.pack,
            version=latest.version,
            content=content,
            content_hash=snapshot.content_hash(content),
            imported_by=by,
        )
    return GiftResult(added=len(new), version=version)
