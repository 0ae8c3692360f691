"""The default curriculum in content/default, checked for what a program can check: each
lesson's length, sentence length, sections and glossary words; each question's explanation;
no question twice; only allow-listed phone numbers and web addresses; and the counts, paths
and pools the platform needs (docs/curriculum.md)."""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from hocvuso.lib.lesson_quality import (
    lesson_findings,
    texts_of,
    unlisted_addresses,
    unlisted_numbers,
)
from hocvuso.lib.vi_text import fold

CONTENT = Path(__file__).resolve().parent.parent / "content" / "default"
LESSON_FILES = sorted((CONTENT / "lessons").glob("*.md"))
BANK_FILES = sorted((CONTENT / "questions").glob("*.yaml"))
GROUPS = ["K1", "K2", "K3", "S1", "S2", "S3", "S4", "S5", "S6"]
LEARNER_GROUPS = ["citizen", "student", "civil_servant", "enterprise"]

# Every phone number the pack may name: national emergency and help lines, and the citizen
# hotline many provinces use. Anything else must be the safe general rule instead ("the number
# printed on the back of your bank card").
ALLOWED_NUMBERS = {
    "111": "Tổng đài quốc gia bảo vệ trẻ em",
    "112": "Cứu nạn, cứu hộ",
    "113": "Công an",
    "114": "Cứu hỏa",
    "115": "Cấp cứu",
    "1022": "Tổng đài tiếp nhận phản ánh của người dân ở nhiều tỉnh, thành",
}
# Every web address the pack may name.
ALLOWED_ADDRESSES = {
    "dichvucong.gov.vn": "Cổng Dịch vụ công quốc gia",
}
# Invented addresses that scam examples show as fakes. They only ever appear as what not to
# trust; no real service lives at them as far as the pack is concerned.
FAKE_EXAMPLES = {
    "dichvucong-gov.com",
    "vneid-capnhat.top",
    "qua-tang-tri-an.xyz",
    "nganhang-xacthuc.com",
    "viec-lam-online.xyz",
}
# Endings a lesson may name on their own ("địa chỉ cơ quan nhà nước có đuôi .gov.vn").
ALLOWED_SUFFIXES = {"gov.vn", "vn", "com", "edu.vn"}


def _front_matter(path: Path) -> tuple[dict[str, Any], str]:
    text = path.read_text(encoding="utf-8")
    head, body = text.removeprefix("---\n").split("\n---\n", 1)
    return yaml.safe_load(head), body


@cache
def glossary() -> dict[str, str]:
    data = yaml.safe_load((CONTENT / "glossary.yaml").read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in data.items()}


@cache
def lessons() -> dict[str, tuple[dict[str, Any], str]]:
    found = {}
    for path in LESSON_FILES:
        meta, body = _front_matter(path)
        found[meta["id"]] = (meta, body)
    return found


@cache
def questions() -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for path in BANK_FILES:
        for question in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            found.append({**question, "_bank": path.stem})
    return found


@cache
def courses() -> list[dict[str, Any]]:
    return [
        yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted((CONTENT / "courses").glob("*.yaml"))
    ]


def group_of(competence: str) -> str:
    return competence.split(".")[0]


# --- each lesson -----------------------------------------------------------------------------
@pytest.mark.parametrize("path", LESSON_FILES, ids=lambda p: p.stem)
def test_each_lesson_is_written_for_beginners(path: Path) -> None:
    """300-900 words, sentences of 20 words or fewer on average, steps, "Thử ngay", "Lưu ý an
    toàn" and a three-line summary, and every glossary word explained where first used."""
    meta, body = _front_matter(path)
    assert meta["id"] == path.stem
    assert meta.get("sources"), "name where the facts come from"
    findings = lesson_findings(body, glossary())
    assert [f"{f.code}: {f.message}" for f in findings] == []


@pytest.mark.parametrize("path", LESSON_FILES, ids=lambda p: p.stem)
def test_each_lesson_has_practice_questions_of_its_own_competences(path: Path) -> None:
    meta, _body = _front_matter(path)
    own = [q for q in questions() if q.get("lesson") == meta["id"]]
    assert len(own) >= 6, f"{len(own)} practice questions"
    assert {q["competence"] for q in own} <= set(meta["competences"])


# --- each question ---------------------------------------------------------------------------
@pytest.mark.parametrize("path", BANK_FILES, ids=lambda p: p.stem)
def test_every_question_explains_its_answer(path: Path) -> None:
    bank = [q for q in questions() if q["_bank"] == path.stem]
    assert bank
    short = [q["id"] for q in bank if len(str(q.get("explanation", "")).split()) < 6]
    assert short == []
    scenario_without_text = [
        q["id"]
        for q in bank
        if q["kind"] == "scenario" and len(str(q["scenario"].get("text", "")).split()) < 8
    ]
    assert scenario_without_text == []


def _right_is_the_longest(question: dict[str, Any]) -> bool:
    lengths = [len(str(c)) for c in question["choices"]]
    right = lengths[question["answer"] - 1]
    return right == max(lengths) and lengths.count(right) == 1


@pytest.mark.parametrize("path", BANK_FILES, ids=lambda p: p.stem)
def test_the_right_choice_is_not_given_away_by_its_length(path: Path) -> None:
    """Writers make the right answer the careful, long one; a learner soon learns to pick the
    longest. In a bank, the right choice may be the single longest in at most 40% of the
    one-answer questions (by chance, with three or four choices, it is 25-33%)."""
    one_answer = [
        q for q in questions() if q["_bank"] == path.stem and q["kind"] in {"single", "scenario"}
    ]
    longest = [q["id"] for q in one_answer if _right_is_the_longest(q)]
    assert len(longest) <= 0.4 * len(one_answer), longest


@pytest.mark.parametrize("path", BANK_FILES, ids=lambda p: p.stem)
def test_pool_questions_stand_alone(path: Path) -> None:
    """Self-check and final questions belong to no lesson, so learners meet them fresh."""
    bank = [q for q in questions() if q["_bank"] == path.stem]
    assert [q["id"] for q in bank if q.get("pool") and q.get("lesson")] == []


def test_no_two_questions_are_the_same() -> None:
    """The same question twice, perhaps with other accents or spacing, would be asked twice."""
    seen = Counter(
        fold(" ".join([str(q["prompt"]), str((q.get("scenario") or {}).get("text", ""))]))
        for q in questions()
    )
    assert [text for text, n in seen.items() if n > 1] == []


# --- numbers and addresses -------------------------------------------------------------------
def _pack_texts() -> list[tuple[str, str]]:
    found = [(f"lessons/{p.name}", p.read_text(encoding="utf-8")) for p in LESSON_FILES]
    for path in [*BANK_FILES, CONTENT / "glossary.yaml", CONTENT / "pack.yaml"]:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found += [(path.name, text) for text in texts_of(data)]
    for course in courses():
        found += [(f"courses/{course['id']}", text) for text in texts_of(course)]
    return found


def test_only_allow_listed_phone_numbers() -> None:
    found = [
        (where, number)
        for where, text in _pack_texts()
        for number in unlisted_numbers(text, ALLOWED_NUMBERS)
    ]
    assert found == []


def test_only_allow_listed_web_addresses() -> None:
    allowed = set(ALLOWED_ADDRESSES) | FAKE_EXAMPLES
    found = [
        (where, address)
        for where, text in _pack_texts()
        for address in unlisted_addresses(text, allowed, ALLOWED_SUFFIXES)
    ]
    assert found == []


def test_the_allow_list_check_catches_what_it_must() -> None:
    text = (
        "Gọi 0912 345 678 hoặc 1900.6789, vào vietcombank.com.vn hay https://zalo.me/abc; "
        "hộp thư ban@gmail.com. Được phép: 113, 1022, năm 2024, 50.000 đồng, dichvucong.gov.vn, "
        "đuôi .gov.vn, mã 6 chữ số."
    )
    assert unlisted_numbers(text, ALLOWED_NUMBERS) == ["0912 345 678", "1900.6789"]
    assert unlisted_addresses(text, ALLOWED_ADDRESSES, ALLOWED_SUFFIXES) == [
        "vietcombank.com.vn",
        "zalo.me",
        "gmail.com",
    ]


# --- the pack as a whole ---------------------------------------------------------------------
def test_there_are_enough_lessons_in_every_group() -> None:
    assert len(lessons()) >= 48
    per_group = Counter(
        g for meta, _b in lessons().values() for g in {group_of(c) for c in meta["competences"]}
    )
    assert {g: per_group[g] for g in GROUPS if per_group[g] < 4} == {}


def test_there_are_enough_questions_in_every_group() -> None:
    assert len(questions()) >= 320
    assert sum(q["kind"] == "scenario" for q in questions()) >= 60
    per_group = Counter(group_of(q["competence"]) for q in questions())
    assert {g: per_group[g] for g in GROUPS if per_group[g] < 30} == {}
    # A competence is mastered over at least five distinct questions (learning/rules.py).
    per_competence = Counter(q["competence"] for q in questions())
    framework = yaml.safe_load((CONTENT / "framework.yaml").read_text(encoding="utf-8"))
    codes = [c["code"] for g in framework["groups"] for c in g["competences"]]
    assert {c: per_competence[c] for c in codes if per_competence[c] < 5} == {}


def test_the_self_check_and_final_pools_cover_all_nine_groups() -> None:
    """Final: three questions a group, so six or more lets a second attempt be all new."""
    for pool, least in (("selfcheck", 2), ("final", 6)):
        per_group = Counter(group_of(q["competence"]) for q in questions() if q.get("pool") == pool)
        assert {g: per_group[g] for g in GROUPS if per_group[g] < least} == {}, pool


def test_each_learner_group_has_a_path_through_all_nine_groups() -> None:
    known = lessons()
    placed = set()
    for learner_group in LEARNER_GROUPS:
        path = [c for c in courses() if learner_group in c["learner_groups"]]
        assert path, learner_group
        ids = [i for c in path for i in c["lessons"]]
        placed |= set(ids)
        covered = {group_of(c) for i in ids for c in known[i][0]["competences"]}
        assert covered == set(GROUPS), learner_group
        # A path shows lessons written for its group, not another group's.
        assert [i for i in ids if learner_group not in known[i][0]["learner_groups"]] == []
    assert sorted(set(known) - placed) == [], "every lesson is on some path"


def test_docs_list_every_lesson_and_course() -> None:
    """docs/curriculum.md lists lessons per group and path; none may be missing from it."""
    doc = (CONTENT.parent.parent / "docs" / "curriculum.md").read_text(encoding="utf-8")
    assert [i for i in lessons() if f"`{i}`" not in doc] == []
    assert [c["id"] for c in courses() if f"`{c['id']}`" not in doc] == []
