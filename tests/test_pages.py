"""The site shell: home, language, text size, security headers and the error pages."""

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from hocvuso.core.context_processors import TEXT_SIZE_COOKIE

LOCALE = Path(__file__).resolve().parent.parent / "hocvuso" / "locale"


def test_home_explains_the_movement_in_vietnamese(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response["Content-Language"] == "vi"
    assert '<html lang="vi"' in response.text
    assert "Bình dân học vụ số" in response.text
    assert "Không ai bị bỏ lại phía sau" in response.text
    assert 'href="/places/pick/"' in response.text


def test_an_english_browser_still_gets_vietnamese(client: Client) -> None:
    response = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert '<html lang="vi"' in response.text


def test_a_visitor_can_switch_to_english_and_back(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    english = client.get("/")
    assert '<html lang="en"' in english.text
    assert "Digital skills for everyone" in english.text
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert "Kỹ năng số cho mọi người" in client.get("/").text


def test_an_unknown_language_cookie_falls_back_to_vietnamese(client: Client) -> None:
    client.cookies["django_language"] = "xx"
    assert '<html lang="vi"' in client.get("/").text


def test_large_text_is_remembered_on_the_device(client: Client) -> None:
    response = client.post("/text-size/", {"size": "large", "next": "/places/pick/"})
    assert response.status_code == 302
    assert response["Location"] == "/places/pick/"
    assert response.cookies[TEXT_SIZE_COOKIE].value == "large"
    assert response.cookies[TEXT_SIZE_COOKIE]["max-age"] == 365 * 24 * 3600
    assert 'class="text-large"' in client.get("/").text
    client.post("/text-size/", {"size": "normal"})
    assert 'class="text-large"' not in client.get("/").text


def test_the_text_size_switch_refuses_to_leave_the_site(client: Client) -> None:
    response = client.post("/text-size/", {"size": "large", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_the_text_size_switch_rejects_get_with_a_page_that_explains(client: Client) -> None:
    response = client.get("/text-size/")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "Địa chỉ này không mở trực tiếp được" in response.text


def test_the_text_size_switch_needs_the_csrf_token() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/text-size/", {"size": "large"})
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in response.text


def test_home_rejects_post(client: Client) -> None:
    assert client.post("/").status_code == 405


def test_home_answers_head_for_monitors(client: Client) -> None:
    assert client.head("/").status_code == 200


def test_the_buttons_on_the_405_page_work_for_a_new_visitor() -> None:
    client = Client(enforce_csrf_checks=True)
    page = client.get("/text-size/")
    assert page.status_code == 405
    assert page["X-Frame-Options"] == "DENY"
    token = page.text.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = client.post("/text-size/", {"size": "large", "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_the_csp_has_no_unsafe_inline(client: Client) -> None:
    csp = client.get("/")["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp


def test_pages_carry_no_inline_style_or_script(places: None, client: Client) -> None:
    for url in ("/", "/places/pick/?province=01", "/nowhere/"):
        text = client.get(url).text
        assert "style=" not in text
        assert "<style" not in text
        assert "hx-on" not in text
        assert "<script>" not in text


def test_a_missing_page_explains_what_to_do(client: Client) -> None:
    response = client.get("/nowhere/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.text
    assert "Về trang chủ" in response.text


@pytest.mark.parametrize(
    ("status", "heading"),
    [
        (500, "Hệ thống của chúng tôi gặp lỗi"),
        (403, "Bạn không mở được trang này"),
        (400, "Không đọc được yêu cầu"),
    ],
)
def test_error_pages_are_in_vietnamese(settings: Any, status: int, heading: str) -> None:
    settings.ROOT_URLCONF = "tests.error_urls"
    client = Client(raise_request_exception=False)
    response = client.get(f"/test-errors/{status}/")
    assert response.status_code == status
    assert heading in response.text
    assert "a failure the visitor must not see" not in response.text


def _po_entries(path: Path) -> list[dict[str, str]]:
    """msgid and msgstr of each entry of a .po file (header left out), plus its flags."""
    entries = []
    for block in path.read_text().split("\n\n"):
        fields: dict[str, str] = {"flags": ""}
        current = ""
        for line in block.splitlines():
            if line.startswith("#,"):
                fields["flags"] += line
            elif line.startswith(("msgid", "msgstr")):
                current, _, rest = line.partition(" ")
                fields[current] = rest.strip('"')
            elif line.startswith('"') and current:
                fields[current] += line.strip('"')
        if fields.get("msgid"):
            entries.append(fields)
    return entries


def test_every_interface_string_has_a_vietnamese_translation() -> None:
    entries = _po_entries(LOCALE / "vi" / "LC_MESSAGES" / "django.po")
    assert len(entries) > 50
    untranslated = [e["msgid"] for e in entries if not (e.get("msgstr") or e.get("msgstr[0]"))]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []


def test_the_catalogue_holds_every_marked_string(tmp_path: Path) -> None:
    """makemessages on a copy of the code finds no string the catalogue lacks."""
    root = Path(__file__).resolve().parent.parent
    shutil.copytree(
        root / "hocvuso", tmp_path / "hocvuso", ignore=shutil.ignore_patterns("*.mo", "__pycache__")
    )
    shutil.copy(root / "manage.py", tmp_path / "manage.py")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "vi", "--no-obsolete", "-v", "0"],
        cwd=tmp_path,
        check=True,
        env={**os.environ, "DATA_DIR": str(tmp_path / "var")},
    )
    fresh = {e["msgid"] for e in _po_entries(tmp_path / "hocvuso/locale/vi/LC_MESSAGES/django.po")}
    kept = {e["msgid"] for e in _po_entries(LOCALE / "vi" / "LC_MESSAGES" / "django.po")}
    assert fresh - kept == set(), "run `make messages` and translate the new strings"


def test_only_pages_that_use_htmx_load_it(places: None, client: Client) -> None:
    assert "htmx" not in client.get("/").text
    assert "vendor/htmx/htmx.min.js" in client.get("/places/pick/").text


def test_pages_are_compressed_for_slow_phones(client: Client) -> None:
    response = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert len(response.content) < len(client.get("/").content) / 2
