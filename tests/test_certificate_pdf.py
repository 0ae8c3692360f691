"""The printed certificate: page 1 looks like the reference image (so the Vietnamese marks are
really drawn, which text extraction alone cannot prove), no glyph is missing from the font, and
the text can be read back.

To redraw the reference after an intended change of the page, run this file once with
HOCVUSO_UPDATE_REFERENCE=1, look at tests/fixtures/certificates/reference.png, and keep it."""

import datetime
import logging
import os
import warnings
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops, ImageStat

from hocvuso.certificates.actions import do_issue_certificate, shown_code
from hocvuso.certificates.models import Certificate, CertificateKind
from hocvuso.certificates.pdf import NothingToPrint, render_certificates
from hocvuso.curriculum.models import CompetenceGroup
from hocvuso.places.models import Place
from tests.cast import BA_DINH, sign_up

pytestmark = pytest.mark.django_db

REFERENCE = Path(__file__).parent / "fixtures" / "certificates" / "reference.png"
SCALE = 1.5  # 108 dots per inch: small marks above and below letters span several pixels
TILE = 8
# Anti-aliasing may shade a few edge pixels differently (a tile's mean moves by 1 or 2); one
# accent changed in the smallest text moves its tile's mean by about 24, a letter by far more.
MAX_MEAN_DIFFERENCE = 0.5
MAX_TILE_DIFFERENCE = 12.0
NAME = "Nguyễn Thị Hoà Bình"
TOKEN = "q3T9vXw2LmPa8RkZ0yBn4A"
CODE = "AC3F9KMNP7"
ISSUED_AT = datetime.datetime(2026, 9, 2, 1, 30, tzinfo=datetime.UTC)  # 02/09/2026 in Hà Nội
FRAMEWORK = {
    "K1": "Hiểu biết cơ bản về chuyển đổi số",
    "K2": "Công nghệ số trong đời sống và công việc",
    "K3": "Trí tuệ nhân tạo phổ biến",
    "S1": "Cài đặt, cập nhật và gỡ ứng dụng",
    "S2": "Tìm và dùng thông tin",
    "S3": "Giao tiếp và hợp tác trên mạng",
    "S4": "Tạo nội dung số",
    "S5": "An toàn thông tin",
    "S6": "Giải quyết vấn đề bằng công nghệ số",
}


@pytest.fixture
def certificate(places: None, settings: Any, tmp_path: Path) -> Certificate:
    settings.PUBLIC_URL = "https://hocvuso.example.vn"
    settings.CERTIFICATE_KEYS_DIR = tmp_path / "keys"
    for order, (code, title) in enumerate(FRAMEWORK.items()):
        CompetenceGroup.objects.update_or_create(
            code=code, defaults={"title": title, "order": order}
        )
    holder = sign_up("0912345670", NAME, Place.objects.get(code=BA_DINH), birth_year=1956)
    issued = do_issue_certificate(holder, CertificateKind.STANDARD)
    Certificate.objects.filter(pk=issued.pk).update(token=TOKEN, code=CODE, issued_at=ISSUED_AT)
    return Certificate.objects.select_related("issued_place").get(pk=issued.pk)


def rendered(certificates: list[Certificate], caplog: pytest.LogCaptureFixture) -> bytes:
    """The PDF, failing the test if fpdf2 (or our check before it) warns of a missing glyph,
    or anything else warns while the page is made."""
    caplog.clear()
    with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.WARNING):
        warnings.simplefilter("always")
        pdf = render_certificates(certificates)
    assert [r.getMessage() for r in caplog.records if r.name.startswith("fpdf")] == []
    assert [str(w.message) for w in caught] == []
    return pdf


def page_one(pdf: bytes) -> Image.Image:
    document = pdfium.PdfDocument(pdf)
    image: Image.Image = document[0].render(scale=SCALE).to_pil().convert("L")
    return image


def differences(image: Image.Image, reference: Image.Image) -> tuple[float, float]:
    """The mean difference over the page, and the worst mean over any 8x8 pixel tile."""
    assert image.size == reference.size
    diff = ImageChops.difference(image, reference)
    mean = float(ImageStat.Stat(diff).mean[0])
    _least, worst = diff.reduce(TILE).getextrema()  # each pixel: the mean of one tile
    return mean, float(worst)


def test_page_one_looks_like_the_reference(
    certificate: Certificate, caplog: pytest.LogCaptureFixture
) -> None:
    image = page_one(rendered([certificate], caplog))
    if os.environ.get("HOCVUSO_UPDATE_REFERENCE") == "1":
        REFERENCE.parent.mkdir(parents=True, exist_ok=True)
        image.save(REFERENCE, optimize=True)
    assert REFERENCE.exists(), "no reference image: run with HOCVUSO_UPDATE_REFERENCE=1"
    mean, worst = differences(image, Image.open(REFERENCE).convert("L"))
    assert mean < MAX_MEAN_DIFFERENCE
    assert worst < MAX_TILE_DIFFERENCE


@pytest.mark.parametrize(
    "change",
    [
        {"holder_name": "Nguyễn Thị Hòa Bình"},
        {"code": "AC3F9KMNP9"},
        {"title": "Đạt chuẩn kỹ năng số cơ bàn"},
    ],
    ids=["an accent moved in the name", "a digit of the code", "an accent in the achievement"],
)
def test_the_comparison_sees_a_changed_text(
    certificate: Certificate, change: dict[str, str]
) -> None:
    for field, value in change.items():
        setattr(certificate, field, value)
    image = page_one(render_certificates([certificate]))
    _mean, worst = differences(image, Image.open(REFERENCE).convert("L"))
    assert worst >= MAX_TILE_DIFFERENCE


def test_the_text_reads_back_with_its_marks(
    certificate: Certificate, caplog: pytest.LogCaptureFixture
) -> None:
    pdf = rendered([certificate], caplog)
    assert pdf.startswith(b"%PDF")
    text = pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range()
    assert NAME in text
    assert shown_code(CODE) in text
    assert "Đạt chuẩn kỹ năng số cơ bản" in text
    assert "Thành phố Hà Nội" in text
    assert "02/09/2026" in text
    assert "Giải quyết vấn đề bằng công nghệ số" in text
    assert "https://hocvuso.example.vn/verify/" in text


def test_the_same_certificate_gives_the_same_bytes(certificate: Certificate) -> None:
    assert render_certificates([certificate]) == render_certificates([certificate])


def test_a_glyph_missing_from_the_font_is_reported(
    certificate: Certificate, caplog: pytest.LogCaptureFixture
) -> None:
    certificate.holder_name = "Nguyễn 漢 Bình"
    with caplog.at_level(logging.WARNING):
        render_certificates([certificate])
    assert any("U+6F22" in r.getMessage() for r in caplog.records if r.name.startswith("fpdf"))


def test_revoked_certificates_are_skipped_and_progress_reaches_the_end(
    certificate: Certificate,
) -> None:
    revoked = Certificate.objects.get(pk=certificate.pk)
    revoked.revoked_at = ISSUED_AT
    seen: list[tuple[int, int]] = []
    pdf = render_certificates([certificate, revoked, certificate], lambda *p: seen.append(p))
    assert len(pdfium.PdfDocument(pdf)) == 2
    assert seen == [(1, 3), (2, 3), (3, 3)]
    with pytest.raises(NothingToPrint):
        render_certificates([revoked])
