"""The printed certificate: one A4 page per certificate, drawn with fpdf2 and a bundled font.

Text shaping is on (HarfBuzz) so Vietnamese marks sit where they belong, and the font travels
with the code (DejaVu Sans, see fonts/LICENSE-DejaVu.txt) so every machine draws the same
page. With shaping on, fpdf2 draws a character the font lacks as an empty box and says
nothing; `_text` checks each text against the font first and logs a warning (logger
"fpdf.hocvuso"), which the reference-image test turns into a failure."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Sequence
from pathlib import Path

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos
from fpdf.fonts import TTFFont

from hocvuso.certificates.actions import issuing_unit, shown_code, verify_url
from hocvuso.certificates.models import Certificate
from hocvuso.curriculum.models import CompetenceGroup
from hocvuso.places.models import Place

# A child of fpdf2's own logger, so whoever listens for fpdf2's warnings hears these too.
LOGGER = logging.getLogger("fpdf.hocvuso")
FONTS = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVuSans"

# The words printed on the certificate. They are the document itself, always in Vietnamese
# whatever language the interface is in, so they stay here as literals, not in the catalogue.
TEXT = {
    "platform": "Bình dân học vụ số",
    "title": "CHỨNG NHẬN",
    "awarded_to": "Trao cho",
    "achieved": "Đã đạt",
    "in_person": "Đánh giá trực tiếp",
    "groups": "Các nhóm năng lực đã đạt",
    "date": "Ngày cấp",
    "unit": "Đơn vị cấp",
    "code": "Mã chứng nhận",
    "check": "Kiểm tra tại {url} bằng mã này và năm sinh của người được cấp, hoặc quét mã QR.",
}

# Landscape A4, in millimetres.
WIDTH, HEIGHT = 297.0, 210.0
MARGIN = 22.0
NAVY = (22, 58, 110)
RED = (158, 27, 50)
GOLD = (191, 144, 0)
GREY = (70, 70, 70)
QR_SIZE = 44.0
CHECK_COLUMN = 76.0  # the QR code, the short code and how to check them, on the right

Progress = Callable[[int, int], None]


class NothingToPrint(ValueError):
    """Every certificate asked for is revoked: there is no page to print."""


def render_certificates(
    certificates: Sequence[Certificate], progress: Progress | None = None
) -> bytes:
    """One page per certificate that still stands, in the order given; revoked ones are skipped
    (the caller tells the person so). `progress(done, total)` follows each certificate, skipped
    ones included, so a progress bar reaches its end. The same certificates give the same bytes:
    the document's date is the latest issue time, not the time it was printed."""
    printable = [c for c in certificates if not c.is_revoked]
    if not printable:
        raise NothingToPrint
    pdf = _document(max(c.issued_at for c in printable))
    titles = dict(CompetenceGroup.objects.values_list("code", "title"))
    units: dict[int, Place] = {}
    total = len(certificates)
    for done, certificate in enumerate(certificates, start=1):
        if not certificate.is_revoked:
            place_id = certificate.issued_place_id
            if place_id not in units:
                units[place_id] = issuing_unit(certificate.issued_place)
            _page(pdf, certificate, titles, units[place_id].name)
        if progress is not None:
            progress(done, total)
    return bytes(pdf.output())


def _document(created: datetime.datetime) -> FPDF:
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_text_shaping(True)
    pdf.set_creation_date(created)
    pdf.set_lang("vi")
    pdf.set_title(TEXT["title"].capitalize())
    pdf.set_creator(TEXT["platform"])
    return pdf


def _text(
    pdf: FPDF,
    text: str,
    size: float,
    *,
    bold: bool = False,
    color: tuple[int, int, int] = GREY,
    width: float = 0,
    align: Align = Align.C,
    line: float | None = None,
    min_size: float | None = None,
) -> None:
    """Write text at the cursor, wrapping within `width` (0: to the right margin), then move
    below it. With `min_size`, the text first shrinks (not below it) to fit on one line."""
    pdf.set_font(FONT, "B" if bold else "", size)
    _warn_missing_glyphs(pdf, text)
    height = line or size * 0.5
    room = (width or (pdf.w - pdf.r_margin - pdf.get_x())) - 2 * pdf.c_margin
    if min_size is not None:
        wanted = size
        while size > min_size and pdf.get_string_width(text) > room:
            size = max(min_size, size - 1)
            pdf.set_font_size(size)
        height *= size / wanted
    pdf.set_text_color(*color)
    pdf.multi_cell(width, height, text, align=align, new_x=XPos.LEFT, new_y=YPos.NEXT)


def _warn_missing_glyphs(pdf: FPDF, text: str) -> None:
    font = pdf.current_font
    if not isinstance(font, TTFFont):
        return
    missing = sorted({ch for ch in text if not ch.isspace() and ord(ch) not in font.cmap})
    if missing:
        LOGGER.warning(
            "Font %s is missing the following glyphs: %s",
            font.fontkey,
            ", ".join(f"{ch!r} (U+{ord(ch):04X})" for ch in missing),
        )


def _page(pdf: FPDF, certificate: Certificate, titles: dict[str, str], unit: str) -> None:
    pdf.add_page()
    _frame(pdf)
    inner = WIDTH - 2 * MARGIN

    pdf.set_y(24)
    _text(pdf, TEXT["platform"], 15, bold=True, color=RED)
    _down(pdf, 2)
    _text(pdf, TEXT["title"], 34, bold=True, color=NAVY, line=15)
    pdf.set_draw_color(*GOLD)
    pdf.set_line_width(0.6)
    pdf.line(WIDTH / 2 - 35, pdf.get_y() + 2, WIDTH / 2 + 35, pdf.get_y() + 2)
    _down(pdf, 8)
    _text(pdf, TEXT["awarded_to"], 12)
    _down(pdf, 1)
    _text(pdf, certificate.holder_name, 28, bold=True, color=NAVY, line=13, min_size=16)
    _down(pdf, 4)
    _text(pdf, f"{TEXT['achieved']}: {certificate.title}", 14, color=NAVY, line=7)
    if certificate.in_person_id:
        _text(pdf, f"({TEXT['in_person']})", 12, bold=True, color=RED, line=6)

    top = max(pdf.get_y() + 10, 106.0)
    _details(pdf, certificate, titles, unit, top, width=inner - CHECK_COLUMN - 10)
    _check(pdf, certificate, top)


def _down(pdf: FPDF, mm: float) -> None:
    pdf.set_xy(pdf.l_margin, pdf.get_y() + mm)


def _frame(pdf: FPDF) -> None:
    pdf.set_draw_color(*NAVY)
    pdf.set_line_width(1.2)
    pdf.rect(8, 8, WIDTH - 16, HEIGHT - 16)
    pdf.set_draw_color(*GOLD)
    pdf.set_line_width(0.4)
    pdf.rect(11, 11, WIDTH - 22, HEIGHT - 22)


def _details(
    pdf: FPDF,
    certificate: Certificate,
    titles: dict[str, str],
    unit: str,
    top: float,
    width: float,
) -> None:
    """The groups covered, the date and the issuing unit, on the left under the name."""
    pdf.set_xy(MARGIN, top)
    if certificate.groups:
        _text(pdf, f"{TEXT['groups']}:", 11, bold=True, color=NAVY, width=width, align=Align.L)
        _down(pdf, 1)
        for code in certificate.groups:
            title = titles.get(code)
            line = f"{code}  {title}" if title else code
            _text(pdf, line, 10, width=width, align=Align.L, line=5.2)
        _down(pdf, 4)
    issued_on = timezone.localtime(certificate.issued_at).strftime("%d/%m/%Y")
    _text(pdf, f"{TEXT['date']}: {issued_on}", 11, width=width, align=Align.L, line=6)
    _text(pdf, f"{TEXT['unit']}: {unit}", 11, width=width, align=Align.L, line=6)


def _check(pdf: FPDF, certificate: Certificate, top: float) -> None:
    """The QR code of the public check page, the short code under it, and how to use it."""
    left = WIDTH - MARGIN - CHECK_COLUMN
    _qr(pdf, verify_url(certificate.token), left + (CHECK_COLUMN - QR_SIZE) / 2, top)
    pdf.set_xy(left, top + QR_SIZE + 3)
    _text(pdf, TEXT["code"], 9, width=CHECK_COLUMN, line=4.5)
    _text(pdf, shown_code(certificate.code), 16, bold=True, color=NAVY, width=CHECK_COLUMN, line=8)
    url = settings.PUBLIC_URL + reverse("certificates:lookup")
    _text(pdf, TEXT["check"].format(url=url), 8, width=CHECK_COLUMN, line=3.8)


def _qr(pdf: FPDF, data: str, x: float, y: float) -> None:
    """Drawn as filled rectangles, one per run of dark modules: sharp at any print size."""
    qr = segno.make(data, error="m")
    rows = [list(row) for row in qr.matrix_iter(scale=1, border=0)]
    module = QR_SIZE / len(rows)
    pdf.set_fill_color(0, 0, 0)
    for r, row in enumerate(rows):
        c = 0
        while c < len(row):
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            pdf.rect(x + start * module, y + r * module, (c - start) * module, module, style="F")
