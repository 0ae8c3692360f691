"""The writing checks of hocvuso.lib.lesson_quality, and `manage.py check_lessons` that runs
them over an editor's pack."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from hocvuso.lib.lesson_quality import (
    average_sentence_length,
    lesson_findings,
    plain_text,
    unexplained_terms,
)
from tests.packs import SAMPLE

GLOSSARY = {"OTP": "…", "mã QR": "…", "ứng dụng": "…", "AI": "…", "ứng dụng ngân hàng": "…"}
PARAGRAPH = "Bạn mở điện thoại và làm theo từng bước nhỏ. Hỏi người thân khi chưa rõ.\n\n"


def lesson(body: str = "", *, words: int = 320) -> str:
    filler = PARAGRAPH * (words // 16 + 1)
    return (
        f"Ngân hàng gửi [[OTP]] cho bạn.\n\n{body}\n\n{filler}"
        "::: steps\n1. Mở [[ứng dụng]].\n2. Làm theo hướng dẫn.\n:::\n\n"
        "::: try\nMở phần cài đặt.\n:::\n\n"
        "::: safety\nKhông đọc mã cho ai.\n:::\n\n"
        "::: summary\n- Một.\n- Hai.\n- Ba.\n:::\n"
    )


def codes(body: str) -> list[str]:
    return [f.code for f in lesson_findings(body, GLOSSARY)]


def test_a_well_made_lesson_has_no_finding() -> None:
    assert codes(lesson()) == []


def test_too_short_and_too_long_lessons_are_found() -> None:
    assert codes(lesson(words=100)) == ["length"]
    assert codes(lesson(words=1000)) == ["length"]


def test_long_sentences_are_found() -> None:
    long = " ".join(["từ"] * 60) + "."
    assert "long_sentences" in codes(lesson((long + "\n\n") * 30))
    assert average_sentence_length("Một hai ba. Bốn năm!\n- Sáu bảy tám chín") == 3.0


def test_every_section_is_required_and_the_summary_has_three_lines_at_the_end() -> None:
    body = lesson()
    assert codes(body.replace("::: try\nMở phần cài đặt.\n:::\n\n", "")) == ["missing_section"]
    assert codes(body.replace("- Ba.\n", "")) == ["summary_lines"]
    assert codes(body.replace("1. Mở [[ứng dụng]].\n2.", "- Mở [[ứng dụng]].\n-")) == [
        "steps_not_numbered"
    ]
    moved = body.replace("::: safety\nKhông đọc mã cho ai.\n:::\n\n", "") + (
        "\n::: safety\nKhông đọc mã cho ai.\n:::\n"
    )
    assert codes(moved) == ["summary_not_last"]


def test_a_glossary_word_must_be_explained_where_it_is_first_used() -> None:
    assert unexplained_terms("Mở ứng dụng rồi mở [[ứng dụng]] lần nữa.", GLOSSARY) == ["ứng dụng"]
    assert unexplained_terms("Mở [[Ứng dụng]], rồi ứng dụng khác.", GLOSSARY) == []
    # A longer term explains the shorter one inside it.
    assert unexplained_terms("Mở [[ứng dụng ngân hàng]] rồi ứng dụng khác.", GLOSSARY) == []
    assert unexplained_terms("Dùng [[mã QR|mã QR này]] để trả tiền.", GLOSSARY) == []
    # "ai" (who) is not the acronym AI.
    assert unexplained_terms("Ai được biết mã? Hỏi ai cũng được.", GLOSSARY) == []
    assert unexplained_terms("Trợ lý AI trả lời.", GLOSSARY) == ["AI"]
    assert unexplained_terms("Không đọc **OTP** cho ai.", GLOSSARY) == ["OTP"]


def test_plain_text_drops_markup_and_keeps_what_is_read() -> None:
    text, spans = plain_text("# Đầu đề\n\n::: try\n- Bấm **[[OTP|mã]]** [ở đây](x.md).\n:::")
    assert text.split("\n") == ["Đầu đề", "", "", "Bấm mã ở đây.", ""]
    assert [text[a:b] for a, b in spans] == ["mã"]


@pytest.mark.django_db
def test_check_lessons_reports_each_lesson_and_fails(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="findings"):
        call_command("check_lessons", str(SAMPLE), stdout=(out := StringIO()))
    report = out.getvalue()
    assert "lessons/giu-ma-otp.md: " in report and "[missing_section]" in report
    assert report.strip().endswith("2 lessons, 9 findings.")


@pytest.mark.django_db
def test_check_lessons_passes_a_well_written_pack(tmp_path: Path) -> None:
    root = tmp_path / "pack"
    shutil.copytree(SAMPLE, root)
    for path in (root / "lessons").glob("*.md"):
        head, _body = path.read_text(encoding="utf-8").split("\n---\n", 1)
        path.write_text(head + "\n---\n" + lesson().replace("[[ứng dụng]]", "ứng dụng"))
    call_command("check_lessons", str(root), stdout=(out := StringIO()))
    assert out.getvalue().strip() == "2 lessons, 0 findings."


def test_check_lessons_refuses_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="is not a folder"):
        call_command("check_lessons", str(tmp_path / "nothing"))
