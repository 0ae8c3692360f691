"""Real lessons of the default pack in a phone-sized browser: the four boxes, the words
explained at the end, practice that checks and explains, at 320 px and in large text."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from hocvuso.curriculum.models import Lesson
from tests.browser import check_page, use_large_text

pytestmark = pytest.mark.browser
DEFAULT = Path(__file__).resolve().parent.parent / "content" / "default"


@pytest.fixture
def default_pack(places: None) -> None:
    call_command("import_pack", str(DEFAULT), "--publish", stdout=StringIO())


@pytest.mark.parametrize(
    "stable_id", ["khong-bao-gio-doc-ma-otp", "cuoc-goi-gia-danh-co-quan", "tra-tien-bang-ma-qr"]
)
def test_a_real_lesson_reads_well_on_a_small_phone(
    page: Page, default_pack: None, stable_id: str
) -> None:
    lesson = Lesson.objects.get(stable_id=stable_id)
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"/learn/lessons/{lesson.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(lesson.title)
    for label in ["Các bước", "Thử ngay", "Lưu ý an toàn", "Tóm tắt"]:
        expect(page.get_by_role("complementary", name=label)).to_be_visible()
    expect(page.get_by_role("complementary", name="Tóm tắt").locator("li")).to_have_count(3)
    words = page.get_by_role("region", name="Từ cần biết")
    expect(words.locator("dt").first).to_be_visible()
    # A glossary word in the text leads to its definition at the end.
    first_term = page.locator("a.term").first
    target = first_term.get_attribute("href")
    assert target and words.locator(target).count() == 1
    check_page(page)

    # A practice question answers with its explanation, whichever choice is taken.
    form = page.locator("form[data-question]:has(input[type=radio])").first
    form.locator("input[type=radio]").first.check()
    form.get_by_role("button", name="Kiểm tra câu trả lời").click()
    expect(form.locator("[data-verdict]")).not_to_be_empty()
    use_large_text(page)
    check_page(page)
