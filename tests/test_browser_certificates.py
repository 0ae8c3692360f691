"""A learner passes the final assessment, downloads the certificate, and whoever scans its QR
code sees it is valid: in a real browser at phone size."""

from typing import Any

import pypdfium2 as pdfium
import pytest
import segno
from playwright.sync_api import Page, expect

from hocvuso.certificates.actions import shown_code, verify_url
from hocvuso.certificates.models import Certificate
from hocvuso.certificates.pdf import CHECK_COLUMN, MARGIN, QR_SIZE, WIDTH
from tests.browser import check_page
from tests.cast import build_cast
from tests.learning_pack import publish_learning_pack
from tests.test_browser_accounts import sign_in
from tests.test_browser_learning import answer_rightly

pytestmark = pytest.mark.browser


def qr_modules(data: str) -> list[list[bool]]:
    return [[bool(m) for m in row] for row in segno.make(data, error="m").matrix_iter(border=0)]


def printed_qr(pdf: Any) -> list[list[bool]]:
    """The dark and light modules of the QR code as printed on page 1, read from a rendering:
    the code sits in the right-hand column (pdf.py), its size tells the number of modules."""
    image = pdf[0].render(scale=4).to_pil().convert("L")
    per_mm = image.width / WIDTH
    left = WIDTH - MARGIN - CHECK_COLUMN + (CHECK_COLUMN - QR_SIZE) / 2
    x0, x1 = int(left * per_mm), int((left + QR_SIZE) * per_mm)
    top = next(
        y
        for y in range(int(MARGIN * per_mm), image.height)
        if any(image.getpixel((x, y)) < 128 for x in range(x0, x1))
    )
    count = len(qr_modules(verify_url("x" * 22)))  # same length, same version
    module = QR_SIZE * per_mm / count
    return [
        [
            image.getpixel((int(x0 + (c + 0.5) * module), int(top + (r + 0.5) * module))) < 128
            for c in range(count)
        ]
        for r in range(count)
    ]


@pytest.mark.smoke
def test_a_learner_passes_downloads_and_anyone_checks_the_qr(
    page: Page, desktop_page: Page, live_server: Any, settings: Any
) -> None:
    settings.PUBLIC_URL = live_server.url
    publish_learning_pack()
    build_cast()
    sign_in(page, "0912345678")
    page.goto("/learn/final/")
    page.get_by_role("button", name="Bắt đầu làm bài kiểm tra cuối").click()
    for fieldset in page.locator("fieldset.question").all():
        answer_rightly(page, fieldset, "final")
    page.get_by_role("button", name="Gửi câu trả lời").click()
    expect(page.locator("main .notice")).to_contain_text("Đúng 27 trên 27 câu.")

    certificate = Certificate.objects.get(holder__full_name="Nguyễn Thị An")
    page.goto("/certificates/mine/")
    expect(page.locator("main")).to_contain_text("Đạt chuẩn kỹ năng số cơ bản")
    check_page(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải chứng nhận (PDF)").first.click()
    pdf = pdfium.PdfDocument(download.value.path())
    text = pdf[0].get_textpage().get_text_range()
    assert "Nguyễn Thị An" in text and shown_code(certificate.code) in text

    # Read the printed QR code: its modules are those of the verification address.
    address = verify_url(certificate.token)
    assert address.startswith(live_server.url)
    assert printed_qr(pdf) == qr_modules(address)
    assert printed_qr(pdf) != qr_modules(verify_url("y" * len(certificate.token)))
    # An employer opens it on their own computer, not signed in.
    desktop_page.goto(address)
    expect(desktop_page.locator("main").get_by_role("status")).to_contain_text("Hợp lệ")
    expect(desktop_page.locator("main")).to_contain_text("Nguyễn T*** A***")
    check_page(desktop_page)


def test_checking_by_the_printed_code_reads_well_on_a_phone(page: Page) -> None:
    """Someone without a QR scanner types the code and the year, on a 320 px phone."""
    from tests.learning_pack import pass_final

    publish_learning_pack()
    cast = build_cast()
    pass_final(cast.an)
    certificate = Certificate.objects.get(holder=cast.an)
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/verify/")
    check_page(page)
    page.get_by_label("Mã chứng nhận").fill("ACDEF-GHJKM")
    page.get_by_label("Năm sinh của người được cấp").fill("1958")
    page.get_by_role("button", name="Kiểm tra").click()
    expect(page.locator("main")).to_contain_text("Không có chứng nhận nào khớp")
    expect(page.get_by_label("Mã chứng nhận")).to_have_value("ACDEF-GHJKM")
    check_page(page)
    page.get_by_label("Mã chứng nhận").fill(shown_code(certificate.code))
    page.get_by_role("button", name="Kiểm tra").click()
    expect(page.locator("main").get_by_role("status")).to_contain_text("Hợp lệ")
    check_page(page)
