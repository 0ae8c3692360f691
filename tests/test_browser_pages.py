"""The home page, the place picker and the error pages in a real browser, as people use them."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser import assert_no_console_errors, check_page, use_large_text

pytestmark = pytest.mark.browser

PAGES = ["/", "/places/pick/", "/places/pick/?q=ha+noi", "/places/pick/?commune=00004", "/nowhere/"]


@pytest.mark.smoke
def test_the_home_page_passes_axe_on_a_phone(page: Page) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kỹ năng số cho mọi người")
    check_page(page)


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("large", [False, True], ids=["normal-text", "large-text"])
def test_pages_pass_axe_at_360_px(page: Page, url: str, large: bool) -> None:
    page.goto("/")
    if large:
        use_large_text(page)
    page.goto(url)
    check_page(page)


@pytest.mark.parametrize("url", PAGES)
def test_pages_pass_axe_on_a_desktop(desktop_page: Page, url: str) -> None:
    desktop_page.goto(url)
    check_page(desktop_page)


@pytest.mark.parametrize(
    ("status", "heading"),
    [
        (500, "Hệ thống của chúng tôi gặp lỗi"),
        (403, "Bạn không mở được trang này"),
        (400, "Không đọc được yêu cầu"),
        (405, "Địa chỉ này không mở trực tiếp được"),
    ],
)
@pytest.mark.parametrize("large", [False, True], ids=["normal-text", "large-text"])
def test_error_pages_pass_axe(
    page: Page, settings: Any, large: bool, status: int, heading: str
) -> None:
    settings.ROOT_URLCONF = "tests.error_urls"
    if large:
        page.goto("/")
        use_large_text(page)
    response = page.goto("/text-size/" if status == 405 else f"/test-errors/{status}/")
    assert response is not None and response.status == status
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    check_page(page)


def test_body_text_is_at_least_18_px_and_grows_with_large_text(page: Page) -> None:
    page.goto("/")
    size = "() => parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)"
    assert page.evaluate(size) >= 18
    use_large_text(page)
    assert page.evaluate(size) >= 22


def test_touch_targets_are_at_least_44_px(page: Page) -> None:
    for url in ("/", "/places/pick/?q=ha+noi&commune=00004", "/nowhere/"):
        page.goto(url)
        # Controls, and links that stand alone (not a few words inside a sentence).
        small = page.evaluate(
            """() => [...document.querySelectorAll('button, select, input, a')]
                .filter(el => el.offsetParent !== null)
                .filter(el => el.tagName !== 'A' || el.closest('nav, ul, ol')
                    || el.parentElement.textContent.trim() === el.textContent.trim())
                .map(el => [el.textContent.trim() || el.name, el.getBoundingClientRect()])
                .filter(([, r]) => r.height < 44 || r.width < 44)
                .map(([name, r]) => `${name}: ${Math.round(r.width)}x${Math.round(r.height)}`)"""
        )
        assert small == [], url


def test_the_skip_link_appears_on_focus_and_jumps_to_the_content(page: Page) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Chuyển đến nội dung chính")
    expect(skip).to_be_focused()
    assert page.evaluate("() => document.activeElement.getBoundingClientRect().top >= 0")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    skip.press("Enter")
    assert page.evaluate("() => location.hash") == "#main"


@pytest.mark.smoke
def test_large_text_is_remembered_after_closing_the_page(page: Page) -> None:
    page.goto("/")
    use_large_text(page)
    page.goto("/places/pick/")
    assert page.evaluate("() => document.documentElement.classList.contains('text-large')")
    page.get_by_role("button", name="Chữ to").click()
    page.wait_for_load_state()
    assert not page.evaluate("() => document.documentElement.classList.contains('text-large')")


def test_the_picker_works_without_javascript(nojs_page: Page) -> None:
    page = nojs_page
    page.goto("/places/pick/")
    page.get_by_label("1. Tỉnh, thành phố").select_option(label="Thành phố Hà Nội")
    page.get_by_role("button", name="Tiếp tục").click()
    page.get_by_label("2. Xã, phường, đặc khu").select_option(label="Phường Ba Đình")
    page.get_by_role("button", name="Chọn", exact=True).click()
    expect(page.locator(".picked-name")).to_contain_text("Phường Ba Đình, Thành phố Hà Nội")

    page.get_by_label("Tìm theo tên").fill("dak lak")
    page.get_by_role("button", name="Tìm", exact=True).click()
    page.get_by_role("link", name="Tỉnh Đắk Lắk").click()
    expect(page.locator(".picked-name")).to_have_text("Tỉnh Đắk Lắk")


@pytest.mark.smoke
def test_the_picker_searches_as_the_person_types(page: Page) -> None:
    page.goto("/places/pick/")
    page.get_by_label("Tìm theo tên").press_sequentially("phuong ba dinh", delay=20)
    result = page.locator("#place-results").get_by_role("link", name="Phường Ba Đình")
    expect(result).to_be_visible()
    assert page.url.endswith("/places/pick/")  # updated in place, no page load
    result.click()
    expect(page.locator(".picked-name")).to_contain_text("Phường Ba Đình, Thành phố Hà Nội")
    assert_no_console_errors(page)


def test_the_language_switch_shows_english(page: Page) -> None:
    page.goto("/places/pick/")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Find your commune or ward")
    page.get_by_role("button", name="Tiếng Việt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tìm xã, phường của bạn")


@pytest.mark.parametrize("large", [False, True], ids=["normal-text", "large-text"])
def test_the_expired_form_page_passes_axe(page: Page, large: bool) -> None:
    page.goto("/")
    if large:
        use_large_text(page)
    page.context.clear_cookies(name="csrftoken")  # as if the form had sat open for too long
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Biểu mẫu đã hết hạn")
    check_page(page)


def test_buttons_on_an_error_page_work_for_a_new_visitor(page: Page) -> None:
    page.goto("/text-size/")
    use_large_text(page)
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
