"""Accounts in a real browser at 360 px: sign-up to sign-in, assisted learners, staff pages."""

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from hocvuso.accounts.models import User
from tests.browser import check_page
from tests.cast import PASSWORD, Cast, build_cast, totp_code

pytestmark = pytest.mark.browser
NEW_PASSWORD = "mot-mat-khau-moi-that-dai"


@pytest.fixture
def outbox(settings: Any, tmp_path: Path) -> Path:
    """Codes go to the file backend, as on a laptop without an SMS provider."""
    settings.SMS_BACKEND = "file"
    settings.DATA_DIR = tmp_path
    return tmp_path / "sms" / "outbox.jsonl"


def code_from(outbox: Path, phone: str) -> str:
    messages = [json.loads(line) for line in outbox.read_text().splitlines()]
    text = [m["text"] for m in messages if m["to"] == phone][-1]
    return next(
        word.strip(".,")
        for word in text.split()
        if word.strip(".,").isdigit() and len(word.strip(".,")) == 6
    )


def choose_place(page: Page, query: str, name: str) -> None:
    page.get_by_role("link", name="Chọn xã, phường").first.click()
    page.get_by_label("Tìm theo tên").fill(query)
    page.get_by_role("button", name="Tìm", exact=True).click()
    page.locator("#place-results").get_by_role("link", name=name).first.click()
    page.get_by_role("link", name="Dùng địa bàn này").click()


def sign_in(page: Page, phone: str, password: str = PASSWORD) -> None:
    page.goto("/accounts/sign-in/")
    page.get_by_label("Số điện thoại di động").fill(phone)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    if "/accounts/two-step/setup/" in page.url:
        check_page(page)
        user = User.objects.get(phone__endswith=phone[-9:])
        page.locator("#id_code").fill(totp_code(user))
        page.get_by_role("button", name="Xác nhận").click()
        check_page(page)
        page.locator("main .button-primary").click()


def sign_up_as_hoa(page: Page, check: Callable[[Page], None] = lambda _page: None) -> None:
    """Hoa fills in the sign-up page (a new learner in Ba Đình) and sends it."""
    page.goto("/accounts/sign-up/")
    check(page)
    choose_place(page, "phuong ba dinh", "Phường Ba Đình")
    expect(page.locator(".place-choice")).to_contain_text("Phường Ba Đình")
    page.locator("#id_full_name").fill("Nguyễn Thị Hoa")
    page.locator("#id_phone").fill("0987 654 321")
    page.get_by_label("Năm sinh").select_option("1955")
    page.get_by_label("Người dân").check()
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    check(page)
    page.get_by_role("checkbox").check()
    page.get_by_role("button", name="Tạo tài khoản").click()


@pytest.mark.smoke
def test_sign_up_verify_sign_out_reset_and_sign_in(page: Page, outbox: Path) -> None:
    sign_up_as_hoa(page, check=check_page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Nhập mã")
    check_page(page)
    page.locator("#id_code").fill(code_from(outbox, "+84987654321"))
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tài khoản của bạn")
    check_page(page)

    page.get_by_role("button", name="Đăng xuất").click()
    # The page first sends what waits on the phone, then signs out.
    expect(page.locator("main .messages")).to_contain_text("đăng xuất")
    page.goto("/accounts/sign-in/")
    page.get_by_role("link", name="Quên mật khẩu").click()
    check_page(page)
    page.get_by_label("Số điện thoại di động").fill("0987654321")
    page.get_by_role("button", name="Gửi mã").click()
    page.locator("#id_code").fill(code_from(outbox, "+84987654321"))
    page.locator("#id_password1").fill(NEW_PASSWORD)
    page.locator("#id_password2").fill(NEW_PASSWORD)
    check_page(page)
    page.get_by_role("button", name="Lưu mật khẩu mới").click()

    sign_in(page, "0987654321", NEW_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tài khoản của bạn")


def test_errors_are_plain_and_keep_what_was_typed(page: Page) -> None:
    page.goto("/accounts/sign-in/")
    page.get_by_label("Số điện thoại di động").fill("024 3825 3536")
    page.locator("#id_password").fill("gi-do")
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(page.get_by_label("Số điện thoại di động")).to_have_value("024 3825 3536")
    expect(page.locator(".errorlist").first).to_contain_text("điện thoại bàn")
    check_page(page)


@pytest.fixture
def cast_live(places: None) -> Cast:
    return build_cast()


def test_a_volunteer_registers_a_person_who_later_claims_the_account(
    page: Page, cast_live: Cast, outbox: Path
) -> None:
    cast = cast_live
    sign_in(page, "0912000002")  # Bình
    page.goto("/accounts/assisted/")
    check_page(page)
    page.get_by_role("link", name="Đăng ký cho người không có điện thoại").click()
    choose_place(page, "phuong ba dinh", "Phường Ba Đình")
    page.locator("#id_full_name").fill("Bà Nguyễn Thị Tư")
    page.get_by_label("Năm sinh").select_option("1948")
    page.get_by_label("Người dân").check()
    check_page(page)
    page.get_by_role("checkbox").check()
    page.get_by_role("button", name="Đăng ký", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bà Nguyễn Thị Tư")
    check_page(page)
    page.get_by_role("button", name="Tạo mã nhận tài khoản").click()
    code = page.locator(".big-code").inner_text().strip()
    check_page(page)
    page.context.clear_cookies()

    page.goto("/accounts/claim/")
    check_page(page)
    page.locator("#id_claim_code").fill(code)
    page.locator("#id_phone").fill("0966 123 456")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Tiếp tục").click()
    page.locator("#id_code").fill(code_from(outbox, "+84966123456"))
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tài khoản của bạn")
    claimed = User.objects.get(full_name="Bà Nguyễn Thị Tư")
    assert claimed.phone == "+84966123456" and claimed.registered_by == cast.binh


def test_staff_pages_pass_axe(page: Page) -> None:
    cast = build_cast()
    sign_in(page, "0912000004")  # Dũng, who sets up the second step on the way
    for url in (
        "/accounts/people/",
        f"/accounts/people/{cast.an.pk}/",
        "/accounts/roles/?place=00004",
        f"/accounts/roles/{cast.role_binh.pk}/revoke/",
        "/accounts/places/00004/subunits/",
        "/accounts/consent/",
        "/accounts/consent/withdraw/",
        "/accounts/password/",
    ):
        page.goto(url)
        assert page.url.endswith(url), page.url
        check_page(page)
    page.context.clear_cookies()
    sign_in(page, "0900000009")  # the admin
    page.goto("/accounts/audit/")
    check_page(page)


def test_a_staff_member_without_the_app_cannot_reach_staff_pages(page: Page) -> None:
    build_cast()
    page.goto("/accounts/sign-in/")
    page.get_by_label("Số điện thoại di động").fill("0912000004")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    assert "/accounts/two-step/setup/" in page.url
    for url in ("/accounts/people/", "/accounts/roles/"):
        page.goto(url)
        assert "/accounts/two-step/setup/" in page.url
    expect(page.locator(".qr svg")).to_be_visible()


def test_editor_pages_pass_axe(page: Page, cast_live: Cast, tmp_path: Path) -> None:
    from tests.packs import national_sample, province_pack

    national_sample()
    version = province_pack("01")
    sign_in(page, "0912000004")  # Dũng edits Hà Nội's packs
    for url in (
        "/curriculum/packs/",
        f"/curriculum/versions/{version.pk}/",
        f"/curriculum/versions/{version.pk}/publish/",
        f"/curriculum/versions/{version.pk}/lessons/giu-ma-otp/",
    ):
        page.goto(url)
        assert page.url.endswith(url), page.url
        check_page(page)
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"not a zip")
    page.goto("/curriculum/packs/")
    page.locator("#id_archive").set_input_files(str(broken))
    page.get_by_role("button", name="Kiểm tra và tải lên").click()
    expect(page.locator(".error-box h2")).to_contain_text("lỗi")
    check_page(page)
