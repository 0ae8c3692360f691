"""Moodle GIFT files become questions of one competence, all or nothing, once."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from hocvuso.curriculum.actions import do_publish
from hocvuso.curriculum.gift import parse_gift
from hocvuso.curriculum.models import PackVersion, Question
from tests.packs import national_sample

GIFT = Path(__file__).parent / "fixtures" / "gift"


def test_every_supported_form_is_read() -> None:
    questions, problems = parse_gift((GIFT / "an-toan.gift").read_text(), "S5.2")
    assert problems == []
    by_kind = {q["kind"]: q for q in questions}
    single = by_kind["single"]
    assert (single["id"], single["choices"][single["answer"] - 1]) == ("gift-otp", "Chỉ mình bạn")
    assert single["explanation"] == "Đúng: mã OTP chỉ dành cho bạn."
    multiple = by_kind["multiple"]
    assert multiple["answer"] == [1, 2]
    assert multiple["choices"][2] == "Hẹn gặp ở trụ sở {có địa chỉ rõ}"  # \{ \} unescaped
    true_false = [q for q in questions if q["kind"] == "true_false"]
    assert [q["answer"] for q in true_false] == [False, False]
    assert true_false[0]["explanation"] == "Mỗi mã chỉ dùng cho một giao dịch."
    assert true_false[1]["prompt"] == "Một đường link lạ gửi qua Zalo = an toàn?"  # \= unescaped
    assert true_false[1]["id"] == "gift-dau-hai-cham-trong-tieu-de"  # \: inside a title


@pytest.mark.parametrize(
    ("name", "line", "words"),
    [
        ("ngoac-chua-dong.gift", 3, "never closed"),
        ("khong-co-dap-an.gift", 1, "no correct answer"),
        ("ghep-cap.gift", 1, "Matching"),
        ("so.gift", 1, "Numeric"),
        ("tra-loi-ngan.gift", 1, "Short-answer"),
        ("tu-luan.gift", 1, "Essay"),
        ("dien-tu.gift", 1, "missing word"),
    ],
)
def test_a_malformed_question_is_reported_with_its_line(name: str, line: int, words: str) -> None:
    with translation.override("en"):
        _questions, problems = parse_gift((GIFT / name).read_text(), "S5.2")
    assert [p.line for p in problems][:1] == [line]
    assert words.lower() in problems[0].message.lower()


@pytest.mark.django_db
def test_the_command_adds_a_draft_once_and_nothing_on_errors(places: None) -> None:
    national_sample()
    before = Question.objects.count()
    out = StringIO()
    call_command(
        "import_gift",
        str(GIFT / "an-toan.gift"),
        "--competence",
        "S5.2",
        "--pack",
        "sample",
        stdout=out,
    )
    assert "4 questions added" in out.getvalue()
    draft = PackVersion.objects.filter(pack__pack_id="sample").first()
    assert draft is not None and draft.status == "draft"
    assert Question.objects.count() == before  # live only once the draft is published
    do_publish(draft)
    assert Question.objects.filter(
        stable_id="gift-an-toan-otp", bank="questions/gift-an-toan.yaml"
    ).exists()
    again = StringIO()
    call_command(
        "import_gift",
        str(GIFT / "an-toan.gift"),
        "--competence",
        "S5.2",
        "--pack",
        "sample",
        stdout=again,
    )
    assert "0 questions added" in again.getvalue()
    versions = PackVersion.objects.count()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command(
            "import_gift",
            str(GIFT / "ngoac-chua-dong.gift"),
            "--competence",
            "S5.2",
            "--pack",
            "sample",
            stderr=StringIO(),
        )
    with pytest.raises(CommandError):
        call_command(
            "import_gift",
            str(GIFT / "an-toan.gift"),
            "--competence",
            "S9.9",
            "--pack",
            "sample",
            stderr=StringIO(),
        )
    assert PackVersion.objects.count() == versions


def test_a_byte_order_mark_does_not_hide_the_first_title(tmp_path: Path) -> None:
    text = (GIFT / "an-toan.gift").read_text()
    marked = tmp_path / "bom.gift"
    marked.write_text(
        "\ufeff" + text.split("\n\n// Đúng")[0].split("$CATEGORY: an-toan/lua-dao\n\n")[1],
        encoding="utf-8",
    )
    questions, problems = parse_gift(marked.read_text(encoding="utf-8-sig"), "S5.2")
    assert problems == [] and questions[0]["id"] == "gift-otp"
