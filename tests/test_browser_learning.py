"""Learning in a real browser at 360x640: the whole first journey, and a lesson read and
practised offline whose answers arrive once when the connection returns."""

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from hocvuso.learning.models import Attempt, Completion, LearningEvent, QuizSubmission, SelfCheck
from tests.browser import check_page, use_large_text
from tests.cast import build_cast
from tests.learning_pack import lesson, practice, publish_learning_pack
from tests.test_browser_accounts import code_from, sign_in, sign_up_as_hoa

pytestmark = pytest.mark.browser


@pytest.fixture
def outbox(settings: Any, tmp_path: Path) -> Path:
    settings.SMS_BACKEND = "file"
    settings.DATA_DIR = tmp_path
    return tmp_path / "sms" / "outbox.jsonl"


def answer_rightly(page: Page, scope: Any, kind: str) -> None:
    """Choose the right answer of a test-pack question inside `scope` (a form or fieldset)."""
    if kind == "single":
        scope.get_by_label("Câu đúng").check()
    elif kind == "true_false":
        scope.get_by_label("Đúng", exact=True).check()
    elif kind == "multiple":
        scope.get_by_label("Đòi mã OTP").check()
        scope.get_by_label("Hối thúc chuyển tiền").check()
    elif kind == "ordering":
        for n, text in enumerate(["Bước một", "Bước hai", "Bước ba"], start=1):
            scope.get_by_label(f"Bước {n}", exact=True).select_option(label=text)
    elif kind == "scenario":
        scope.get_by_label("Tắt máy, gọi số chính thức").check()
    else:  # the final pool's questions
        scope.get_by_label("Đúng", exact=True).check()


@pytest.mark.smoke
def test_a_new_learner_from_sign_up_to_progress(page: Page, outbox: Path) -> None:
    publish_learning_pack()
    sign_up_as_hoa(page)
    page.locator("#id_code").fill(code_from(outbox, "+84987654321"))
    page.get_by_role("button", name="Xác nhận").click()

    # The path suggests the self-check first.
    page.get_by_role("navigation", name="Menu chính").get_by_role("link", name="Học").click()
    check_page(page)
    page.get_by_role("link", name="Làm bài tự đánh giá trong năm phút").click()
    check_page(page)
    for group in ["K1", "K2", "K3", "S1", "S2", "S3", "S4", "S5", "S6"]:
        section = page.locator(f"#rating-{group}")
        section.get_by_label("Tôi chưa làm bao giờ" if group != "K1" else "Tôi làm được").check()
    for question in page.locator("fieldset.question[id^='q-']").all():
        question.get_by_label("Tắt máy, gọi số chính thức").check()
    page.get_by_role("button", name="Xem nên bắt đầu từ đâu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kết quả tự đánh giá của bạn")
    check_page(page)
    assert SelfCheck.objects.get().proven == ["K1"]

    # K1 is known, so the path continues with the K2 lesson.
    page.get_by_role("link", name="Đến lộ trình của bạn").click()
    page.get_by_role("link", name="Học tiếp: Bài học nhóm K2").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bài học nhóm K2")
    check_page(page)
    forms = page.locator("form.question-form")
    for index, question in enumerate(practice("K2")):
        form = forms.nth(index)
        answer_rightly(page, form, question.kind)
        form.get_by_role("button", name="Kiểm tra câu trả lời").click()
        expect(form.locator("[data-verdict]")).to_have_text("Đúng rồi!")
        expect(form.locator("[data-explanation]")).to_be_visible()
    check_page(page)
    page.get_by_role("button", name="Tôi đã học xong bài này").click()
    expect(page.locator("[data-done-note]")).not_to_be_empty()
    expect(page.locator("#outbox-badge")).to_be_hidden()

    # The course quiz, then the progress on the nine areas.
    page.get_by_role("link", name="Mục lục").click()
    check_page(page)
    page.get_by_role("link", name="Làm bài kiểm tra").click()
    check_page(page)
    for fieldset in page.locator("form.quiz-form fieldset.question").all():
        text = fieldset.locator("legend").inner_text()
        kind = (
            "true_false"
            if "mã OTP chỉ dành" in text
            else "multiple"
            if "lừa đảo" in text
            else "ordering"
            if "xếp các bước" in text
            else "single"
        )
        answer_rightly(page, fieldset, kind)
    page.get_by_role("button", name="Gửi câu trả lời").click()
    expect(page.locator("main .notice")).to_contain_text("Đúng 10 trên 10 câu.")
    check_page(page)
    page.get_by_role("link", name="Xem tiến độ của bạn").click()
    expect(page.locator(".area")).to_have_count(9)
    expect(page.locator(".area").nth(1)).to_contain_text("K2")
    expect(page.locator(".area").nth(1)).to_contain_text("đúng ngay lần đầu")
    check_page(page)
    assert Completion.objects.count() == 1
    assert QuizSubmission.objects.get().right == 10


def test_a_lesson_read_and_practised_offline_arrives_once(page: Page) -> None:
    publish_learning_pack()
    cast = build_cast()
    sign_in(page, "0912345678")
    address = f"/learn/lessons/{lesson('K1').pk}/"
    page.goto(address)
    page.evaluate("() => navigator.serviceWorker.ready")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.reload()  # now the service worker keeps it
    expect(page.locator("#outbox-badge")).to_be_hidden()

    page.context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bài học nhóm K1")
    forms = page.locator("form.question-form")
    questions = practice("K1")[:3]
    for index, question in enumerate(questions):
        answer_rightly(page, forms.nth(index), question.kind)
        forms.nth(index).get_by_role("button", name="Kiểm tra câu trả lời").click()
        expect(forms.nth(index).locator("[data-verdict]")).to_have_text("Đúng rồi!")
    expect(page.locator("#outbox-badge")).to_be_visible()
    assert not Attempt.objects.exists()

    page.context.set_offline(False)
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    expect(page.locator("#outbox-badge")).to_be_hidden(timeout=15_000)
    assert Attempt.objects.filter(user=cast.an).count() == 3
    page.reload()  # a resend of anything still waiting changes nothing
    page.wait_for_timeout(500)
    assert LearningEvent.objects.filter(kind="answer_given").count() == 3

    page.goto("/learn/progress/")
    expect(page.locator(".area").first).to_contain_text("Đã trả lời 3 câu, 3 câu đúng ngay lần đầu")

    page.goto("/accounts/profile/")
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.locator("main .messages")).to_contain_text("đăng xuất")
    waiting = page.evaluate("() => window.hvOutbox ? window.hvOutbox.count() : 0")
    assert waiting == 0
    kept = page.evaluate("async () => (await caches.keys()).filter(k => k.startsWith('hv-pages'))")
    pages_kept = page.evaluate(
        "async names => { let n = 0; for (const k of names) n += (await (await caches.open(k)).keys()).length; return n; }",
        kept,
    )
    assert pages_kept == 0


def test_the_other_learning_pages_pass_the_checks(page: Page) -> None:
    publish_learning_pack()
    build_cast()
    sign_in(page, "0912345678")
    for address in ["/learn/", "/learn/?group=all&area=S5", "/learn/final/", "/accounts/delete/"]:
        page.goto(address)
        check_page(page)
    page.goto(f"/learn/lessons/{lesson('S2').pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bài học nhóm S2")
    expect(page.locator("main")).to_contain_text("Bài học nhóm S1")
    check_page(page)
    page.goto("/learn/final/")
    page.get_by_role("button", name="Bắt đầu làm bài kiểm tra cuối").click()
    check_page(page)
    for fieldset in page.locator("fieldset.question").all():
        answer_rightly(page, fieldset, "final")
    page.get_by_role("button", name="Gửi câu trả lời").click()
    expect(page.locator("main .notice")).to_contain_text("Đúng 27 trên 27 câu.")
    check_page(page)
    page.goto("/learn/progress/")
    expect(page.locator("main .standard")).to_contain_text("Đã đạt chuẩn kỹ năng số cơ bản")


def test_lessons_read_well_in_large_text_and_without_javascript(
    page: Page, nojs_page: Page
) -> None:
    publish_learning_pack()
    build_cast()
    page.goto(f"/learn/lessons/{lesson('K1').pk}/")
    use_large_text(page)
    check_page(page)
    sign_in(nojs_page, "0912345678")
    nojs_page.goto(f"/learn/lessons/{lesson('K1').pk}/")
    form = nojs_page.locator("form.question-form").first
    form.get_by_label("Câu sai", exact=True).check()
    form.get_by_role("button", name="Kiểm tra câu trả lời").click()
    first = nojs_page.locator("form.question-form").first
    expect(first.locator("[data-verdict]")).to_have_text("Chưa đúng.")
    expect(first.locator("[data-explanation]")).to_be_visible()
    expect(first.get_by_label("Câu sai", exact=True)).to_be_checked()
    nojs_page.get_by_role("button", name="Tôi đã học xong bài này").click()
    expect(nojs_page.get_by_role("heading", level=1)).to_have_text("Bài học nhóm K2")
    assert Completion.objects.count() == 1


def test_an_officer_reviews_a_flag(page: Page) -> None:
    publish_learning_pack()
    cast = build_cast()
    from hocvuso.core.sync import Actor
    from hocvuso.learning.actions import do_complete_lesson, new_event

    event = new_event(Actor(cast.an), "lesson_completed", {"lesson": lesson("K1").pk})
    assert event is not None
    do_complete_lesson(Actor(cast.an), lesson("K1"), 4, event)
    sign_in(page, "0912000004")  # Dũng, officer of Hà Nội
    page.goto("/integrity/flags/")
    check_page(page)
    page.get_by_role("link", name="Nguyễn Thị An").click()
    check_page(page)
    page.get_by_label("Từ chối: kết quả này không được tính nữa").check()
    page.get_by_role("button", name="Lưu quyết định").click()
    check_page(page)
    page.get_by_role("button", name="Có, từ chối").click()
    expect(page.locator("main .messages")).to_contain_text("không còn được tính")
    assert not Completion.objects.get().counted
