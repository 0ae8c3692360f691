"""Lesson Markdown: CommonMark, the lesson boxes and glossary terms, and nothing unsafe."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from hocvuso.lib.lesson_markdown import render_lesson, term_key

# A real tag (not escaped text) with a script, an inline style, an event handler or a
# javascript:/data: address.
UNSAFE = re.compile(
    r"<script|<[a-z][^>]*\s(style|on[a-z]+)=|<[a-z][^>]*(href|src)=\"(javascript|data):", re.I
)

GLOSSARY = {
    term_key("OTP"): "Mã xác thực dùng một lần, gửi qua tin nhắn.",
    term_key("mã QR"): "Hình vuông chứa thông tin, quét bằng camera điện thoại.",
}


def test_a_safety_box_and_a_try_box_have_their_titles() -> None:
    html = render_lesson("::: safety\nKhông đọc mã cho ai.\n:::\n\n::: try\nMở Zalo.\n:::\n").html
    assert '<aside class="box box-safety" aria-label="Lưu ý an toàn">' in html
    assert '<p class="box-title">Thử ngay</p>' in html
    assert "<p>Không đọc mã cho ai.</p>" in html


def test_numbered_steps_stay_an_ordered_list() -> None:
    html = render_lesson("::: steps\n1. Mở ứng dụng VNeID.\n2. Chọn **Đăng nhập**.\n:::\n").html
    assert '<aside class="box box-steps"' in html
    assert (
        "<ol>\n<li>Mở ứng dụng VNeID.</li>\n<li>Chọn <strong>Đăng nhập</strong>.</li>\n</ol>"
        in html
    )


def test_glossary_terms_link_to_a_list_at_the_end() -> None:
    rendered = render_lesson(
        "Đừng đọc [[OTP]] cho ai. Quét [[Mã QR|mã QR này]] để trả tiền. [[OTP]] lần nữa.", GLOSSARY
    )
    assert rendered.terms == ["otp", "ma qr"]
    assert '<a class="term" href="#term-otp" rel="noopener noreferrer">OTP</a>' in rendered.html
    assert (
        '<a class="term" href="#term-ma-qr" rel="noopener noreferrer">mã QR này</a>'
        in rendered.html
    )
    assert rendered.html.count('<dt id="term-otp">OTP</dt>') == 1
    assert '<dt id="term-ma-qr">Mã QR</dt>' in rendered.html
    assert "Mã xác thực dùng một lần" in rendered.html


def test_unknown_terms_are_reported_and_shown_as_plain_text() -> None:
    rendered = render_lesson("Cài [[ứng dụng]] nhé.", GLOSSARY)
    assert rendered.unknown_terms == ["ứng dụng"]
    assert "Cài ứng dụng nhé." in rendered.html


def test_body_headings_start_below_the_page_title() -> None:
    html = render_lesson("# Bước chuẩn bị\n\n## Chi tiết").html
    assert "<h2>Bước chuẩn bị</h2>" in html and "<h3>Chi tiết</h3>" in html
    assert "<h1" not in html


def test_images_point_into_the_pack() -> None:
    html = render_lesson(
        "![Màn hình đăng nhập](images/dang-nhap.svg)", image_base="/media/packs/vn/1/"
    ).html
    assert '<img src="/media/packs/vn/1/images/dang-nhap.svg" alt="Màn hình đăng nhập">' in html


def test_raw_html_scripts_styles_and_bad_links_never_get_through() -> None:
    source = (
        '<script>alert(1)</script>\n\n<p style="color:red" onclick="x()">hi</p>\n\n'
        "[bấm](javascript:alert(1)) [gọi](tel:113) ![x](data:image/svg+xml,abc)"
    )
    html = render_lesson(source).html
    assert not UNSAFE.search(html), html
    assert "&lt;script&gt;" in html  # shown as text, never run
    assert '<a href="tel:113" rel="noopener noreferrer">gọi</a>' in html


MARKUP = st.sampled_from(
    [
        "<script>",
        "</script>",
        "<img src=x onerror=alert(1)>",
        "<p style='x'>",
        "[a](javascript:x)",
        "![i](data:x)",
        "::: safety\n",
        ":::\n",
        "[[OTP]]",
        "\n\n",
        "*",
        "`",
        "<a href='javascript:x'>",
        "x",
    ]
)


@settings(max_examples=200)
@given(st.lists(st.one_of(MARKUP, st.text(max_size=20)), max_size=30).map("".join))
def test_any_source_renders_without_unsafe_output(source: str) -> None:
    assert not UNSAFE.search(render_lesson(source, GLOSSARY).html)
