"""Content packs are checked whole before anything is written: one broken fixture per problem
class, each reported with its file, line and stable code."""

import shutil
from pathlib import Path

import pytest

from hocvuso.curriculum.actions import do_import_pack
from hocvuso.curriculum.models import ContentPack, PackVersion
from hocvuso.curriculum.packs.validate import Code, validate_pack

SAMPLE = Path(__file__).parent / "fixtures" / "packs" / "sample"

# (problem code, file, text to replace, replacement, text marking the reported line)
BROKEN = [
    (Code.YAML_SYNTAX, "pack.yaml", "language: vi", "language: vi: en", "language:"),
    (
        Code.DUPLICATE_KEY,
        "pack.yaml",
        "owner: national",
        "owner: national\nlicence: MIT",
        "licence: MIT",
    ),
    (Code.FRONT_MATTER, "lessons/chuyen-doi-so-la-gi.md", "---\nid:", "id:", "id:"),
    (Code.MISSING_FIELD, "courses/an-toan-co-ban.yaml", "title: An toàn cơ bản\n", "", "id:"),
    (
        Code.WRONG_TYPE,
        "lessons/chuyen-doi-so-la-gi.md",
        "minutes: 4",
        "minutes: bốn phút",
        "minutes:",
    ),
    (Code.BAD_ID, "courses/an-toan-co-ban.yaml", "id: an-toan-co-ban", "id: An Toàn", "id:"),
    (
        Code.DUPLICATE_ID,
        "questions/an-toan.yaml",
        "id: thu-tu-xu-ly",
        "id: otp-ai-duoc-biet  # trùng",
        "# trùng",
    ),
    (Code.BAD_VERSION, "pack.yaml", 'version: "1.0"', "version: v1", "version:"),
    (Code.BAD_OWNER, "pack.yaml", "owner: national", "owner: Hà Nội", "owner:"),
    (
        Code.FRAMEWORK_NOT_NATIONAL,
        "pack.yaml",
        "owner: national",
        'owner: "01"',
        "@framework.yaml:1",
    ),
    (
        Code.UNKNOWN_COMPETENCE,
        "lessons/giu-ma-otp.md",
        "competences: [S5.1]",
        "competences: [S9.9]",
        "competences:",
    ),
    (
        Code.UNKNOWN_LEARNER_GROUP,
        "lessons/chuyen-doi-so-la-gi.md",
        "learner_groups: [citizen]",
        "learner_groups: [farmer]",
        "learner_groups:",
    ),
    (
        Code.UNKNOWN_LESSON,
        "courses/an-toan-co-ban.yaml",
        "giu-ma-otp]",
        "khong-co-bai-nay]",
        "lessons:",
    ),
    (
        Code.PREREQUISITE_CYCLE,
        "lessons/chuyen-doi-so-la-gi.md",
        "minutes: 4",
        "minutes: 4\nprerequisites: [giu-ma-otp]",
        "prerequisites:",
    ),
    (
        Code.MISSING_IMAGE,
        "lessons/giu-ma-otp.md",
        "images/tin-nhan-otp.svg",
        "images/khong-co.svg",
        "khong-co.svg",
    ),
    (
        Code.UNSAFE_HTML,
        "lessons/giu-ma-otp.md",
        "::: safety",
        '<div onclick="x()">Bấm</div>\n\n::: safety',
        "onclick",
    ),
    (
        Code.UNKNOWN_TERM,
        "lessons/giu-ma-otp.md",
        "để chắc chắn",
        "qua [[ứng dụng]] để chắc chắn",
        "[[ứng dụng]]",
    ),
    (
        Code.UNKNOWN_KIND,
        "questions/an-toan.yaml",
        "kind: single",
        "kind: matching",
        "kind: matching",
    ),
    (
        Code.NO_CORRECT_ANSWER,
        "questions/an-toan.yaml",
        "  answer: 2\n  explanation: Mã OTP",
        "  explanation: Mã OTP",
        "id: otp-ai-duoc-biet",
    ),
    (
        Code.BAD_ANSWER,
        "questions/an-toan.yaml",
        "answer: [2, 1, 3]",
        "answer: [2, 2, 3]",
        "answer: [2, 2, 3]",
    ),
]


def broken_copy(tmp_path: Path, file: str, old: str, new: str) -> Path:
    root = tmp_path / "pack"
    shutil.copytree(SAMPLE, root)
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the fixture changed: {old!r} not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


def line_of(root: Path, file: str, marker: str) -> int:
    lines = (root / file).read_text(encoding="utf-8").splitlines()
    return next(number for number, text in enumerate(lines, 1) if marker in text)


def test_the_sample_pack_is_valid() -> None:
    pack, problems = validate_pack(SAMPLE)
    assert problems == []
    assert pack is not None
    assert set(pack.lessons) == {"giu-ma-otp", "chuyen-doi-so-la-gi"}
    assert {q["kind"] for q in pack.questions.values()} == {
        "single",
        "multiple",
        "true_false",
        "ordering",
        "scenario",
    }
    assert set(pack.competences) == {"K1.1", "S5.1", "S5.2"}


@pytest.mark.parametrize(
    ("code", "file", "old", "new", "marker"), BROKEN, ids=[case[0].value for case in BROKEN]
)
@pytest.mark.django_db
def test_each_problem_is_reported_with_file_line_and_code(
    tmp_path: Path, code: Code, file: str, old: str, new: str, marker: str
) -> None:
    root = broken_copy(tmp_path, file, old, new)
    pack, problems = validate_pack(root)
    assert pack is None
    found = [p for p in problems if p.code == code]
    assert found, [str(p) for p in problems]
    if marker.startswith("@"):  # the problem is reported in another file than the one changed
        where, line = marker[1:].split(":")
        assert (found[0].file, found[0].line) == (where, int(line)), str(found[0])
    else:
        assert (found[0].file, found[0].line) == (file, line_of(root, file, marker)), str(found[0])
    assert str(found[0]).startswith(f"{found[0].file}:{found[0].line}: ")
    assert do_import_pack(root).problems  # the importer refuses it too...
    assert (
        not ContentPack.objects.exists() and not PackVersion.objects.exists()
    )  # ...writing nothing


def test_every_problem_class_has_a_broken_fixture() -> None:
    assert {case[0] for case in BROKEN} | {Code.MISSING_FILE} == set(Code)


def test_a_missing_pack_yaml_is_reported(tmp_path: Path) -> None:
    root = tmp_path / "pack"
    shutil.copytree(SAMPLE, root)
    (root / "pack.yaml").unlink()
    _pack, problems = validate_pack(root)
    assert [(p.file, p.line, p.code) for p in problems] == [("pack.yaml", 1, Code.MISSING_FILE)]


def test_a_province_pack_may_use_the_national_framework(tmp_path: Path) -> None:
    root = broken_copy(tmp_path, "pack.yaml", "owner: national", 'owner: "01"')
    (root / "framework.yaml").unlink()
    _pack, problems = validate_pack(root, known_competences={"K1.1", "S5.1", "S5.2"})
    assert problems == []
    _pack, without = validate_pack(root)
    assert {p.code for p in without} == {Code.UNKNOWN_COMPETENCE}


@pytest.mark.parametrize(
    ("file", "text", "code"),
    [
        ("questions/an-toan.yaml", "- just a sentence\n", Code.WRONG_TYPE),
        ("courses/an-toan-co-ban.yaml", "- a list, not a course\n", Code.WRONG_TYPE),
        ("pack.yaml", "a: &x [1, 2]\nb: *x\n", Code.YAML_SYNTAX),
        (
            "framework.yaml",
            "groups:\n  - code: K1\n    title: T\n    competences: [just text]\n",
            Code.WRONG_TYPE,
        ),
    ],
)
def test_odd_shapes_are_problems_not_crashes(
    tmp_path: Path, file: str, text: str, code: Code
) -> None:
    root = tmp_path / "pack"
    shutil.copytree(SAMPLE, root)
    (root / file).write_text(text, encoding="utf-8")
    _pack, problems = validate_pack(root)
    assert code in {p.code for p in problems}, [str(p) for p in problems]


def test_a_lesson_that_is_not_utf8_is_a_problem(tmp_path: Path) -> None:
    root = tmp_path / "pack"
    shutil.copytree(SAMPLE, root)
    (root / "lessons" / "giu-ma-otp.md").write_bytes("---\nid: x\n---\nBà".encode("utf-16"))
    _pack, problems = validate_pack(root)
    assert ("lessons/giu-ma-otp.md", Code.YAML_SYNTAX) in {(p.file, p.code) for p in problems}
