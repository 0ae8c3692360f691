"""A validated pack as one plain, ordered structure (kept in PackVersion.content), and back to
files: export writes the same format the importer reads."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

import yaml

from hocvuso.curriculum.packs.validate import Pack
from hocvuso.lib.vi_text import nfc

PACK_KEYS = ("id", "title", "version", "language", "licence", "owner")
LESSON_KEYS = (
    "id",
    "title",
    "competences",
    "learner_groups",
    "minutes",
    "prerequisites",
    "sources",
)
COURSE_KEYS = ("id", "title", "order", "learner_groups", "lessons")
QUESTION_KEYS = (
    "id",
    "kind",
    "competence",
    "lesson",
    "pool",
    "prompt",
    "scenario",
    "choices",
    "answer",
    "explanation",
)


def _plain(value: Any) -> Any:
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _pick(mapping: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {
        key: _plain(mapping[key]) for key in keys if key in mapping and mapping[key] is not None
    }


def build(pack: Pack) -> dict[str, Any]:
    meta = _pick(pack.meta, PACK_KEYS)
    meta["version"] = str(meta["version"])
    meta["owner"] = str(meta["owner"])
    return {
        "pack": meta,
        "framework": [
            {
                "code": g["code"],
                "title": g["title"],
                "competences": [
                    _pick(c, ("code", "title", "description")) for c in g.get("competences") or []
                ],
            }
            for g in pack.groups
        ],
        "glossary": dict(sorted(pack.terms.items())),
        "courses": [_pick(pack.courses[cid], COURSE_KEYS) for cid in sorted(pack.courses)],
        "lessons": [
            {
                **_pick(pack.lessons[lid].meta, LESSON_KEYS),
                "body": pack.lessons[lid].body.strip("\n") + "\n",
            }
            for lid in sorted(pack.lessons)
        ],
        "questions": [
            {"bank": pack.question_files[qid], **_pick(pack.questions[qid], QUESTION_KEYS)}
            for qid in sorted(
                pack.questions, key=lambda q: (pack.question_files[q], pack.questions[q].line)
            )
        ],
        "images": {
            path: base64.b64encode((pack.root / path).read_bytes()).decode("ascii")
            for path in sorted(pack.images)
        },
    }


def content_hash(content: dict[str, Any]) -> str:
    return hashlib.sha256(
        json.dumps(content, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()


SCENARIO_KEYS = ("type", "text", "image")


def _ordered(mapping: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    """Keys in the format's order (PostgreSQL's jsonb does not keep the order they came in)."""
    return {key: mapping[key] for key in keys if key in mapping}


def _yaml(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def write(content: dict[str, Any], target: Path) -> None:
    """Write a pack folder from a snapshot; the same snapshot always gives the same bytes."""
    target.mkdir(parents=True, exist_ok=True)
    (target / "pack.yaml").write_text(_yaml(_ordered(content["pack"], PACK_KEYS)), encoding="utf-8")
    if content["framework"]:
        groups = [
            {
                **_ordered(group, ("code", "title")),
                "competences": [
                    _ordered(c, ("code", "title", "description")) for c in group["competences"]
                ],
            }
            for group in content["framework"]
        ]
        (target / "framework.yaml").write_text(_yaml({"groups": groups}), encoding="utf-8")
    if content["glossary"]:
        glossary = dict(sorted(content["glossary"].items()))
        (target / "glossary.yaml").write_text(_yaml(glossary), encoding="utf-8")
    for folder in ("courses", "lessons", "questions"):
        (target / folder).mkdir(exist_ok=True)
    for course in content["courses"]:
        text = _yaml(_ordered(course, COURSE_KEYS))
        (target / "courses" / f"{course['id']}.yaml").write_text(text, encoding="utf-8")
    for lesson in content["lessons"]:
        front = _yaml(_ordered(lesson, LESSON_KEYS))
        (target / "lessons" / f"{lesson['id']}.md").write_text(
            f"---\n{front}---\n{lesson['body']}", encoding="utf-8"
        )
    banks: dict[str, list[dict[str, Any]]] = {}
    for question in content["questions"]:
        ordered = _ordered(question, QUESTION_KEYS)
        if "scenario" in ordered:
            ordered["scenario"] = _ordered(ordered["scenario"], SCENARIO_KEYS)
        banks.setdefault(question["bank"], []).append(ordered)
    for bank, questions in banks.items():
        (target / bank).parent.mkdir(parents=True, exist_ok=True)
        (target / bank).write_text(_yaml(questions), encoding="utf-8")
    for path, data in sorted(content["images"].items()):
        (target / path).parent.mkdir(parents=True, exist_ok=True)
        (target / path).write_bytes(base64.b64decode(data))
