"""The installable web app: service worker, manifest, offline page and the offline outbox."""

import json
import re
import struct
import urllib.request
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.test import Client
from django.utils import translation
from playwright.sync_api import Page, Route, expect

from tests.browser import check_page

SHELL = ["core/css/site.css", "core/icons/favicon.svg", "pwa/outbox.js"]
UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
OFFLINE_HEADING = "Không có kết nối Internet"


# --- Service worker ------------------------------------------------------------------------


def test_the_service_worker_is_javascript_that_browsers_always_recheck(client: Client) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/javascript; charset=utf-8"
    assert response["Cache-Control"] == "no-cache"
    assert response["Service-Worker-Allowed"] == "/"


def test_the_service_worker_names_its_caches_after_the_release(
    client: Client, settings: Any
) -> None:
    settings.RELEASE = "9.8.7"
    body = client.get("/sw.js").text
    assert 'const RELEASE = "9.8.7";' in body
    assert '"hv-shell-" + RELEASE' in body
    assert '"hv-pages-" + RELEASE' in body


def test_without_a_release_setting_the_caches_are_named_dev(client: Client, settings: Any) -> None:
    if hasattr(settings, "RELEASE"):
        del settings.RELEASE
    assert 'const RELEASE = "dev";' in client.get("/sw.js").text


def test_the_service_worker_precaches_the_app_shell(client: Client) -> None:
    body = client.get("/sw.js").text
    precache = body[body.index("const PRECACHE") : body.index("];", body.index("const PRECACHE"))]
    for name in SHELL:
        assert f'"{static(name)}"' in precache
    assert 'const OFFLINE = "/offline/";' in body
    assert "OFFLINE," in precache


def test_the_service_worker_keeps_nothing_private(client: Client) -> None:
    body = client.get("/sw.js").text
    assert 'request.method !== "GET") return;' in body
    assert 'url.pathname.startsWith("/api/")) return;' in body
    assert "/no-store|private/i" in body
    assert r"const LESSON = /^\/learn\/lessons\/\d+\/$/;" in body


def test_the_service_worker_is_the_same_for_everyone(client: Client, cast: Any) -> None:
    anonymous = client.get("/sw.js").text
    client.force_login(cast.an)
    assert client.get("/sw.js").text == anonymous


# --- Manifest ------------------------------------------------------------------------------


def test_the_manifest_describes_the_app_in_vietnamese(client: Client) -> None:
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Bình dân học vụ số"
    assert manifest["short_name"] == "Học vụ số"
    assert manifest["lang"] == "vi"
    assert manifest["start_url"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#0a4f96"  # --brand of site.css
    assert manifest["background_color"] == "#ffffff"  # --paper
    assert {icon["sizes"] for icon in manifest["icons"]} == {"any", "192x192", "512x512"}


def test_the_manifest_icons_exist_with_their_stated_sizes(live_server: Any) -> None:
    with urllib.request.urlopen(f"{live_server.url}/manifest.webmanifest") as response:
        manifest = json.load(response)
    for icon in manifest["icons"]:
        with urllib.request.urlopen(live_server.url + icon["src"]) as response:
            assert response.headers["Content-Type"].startswith(icon["type"])
            data = response.read()
        if icon["type"] == "image/png":
            assert data[:8] == b"\x89PNG\r\n\x1a\n"
            width, height = struct.unpack(">II", data[16:24])
            assert f"{width}x{height}" == icon["sizes"]
        else:
            assert data.startswith(b"<svg")


# --- Offline page --------------------------------------------------------------------------


def test_the_offline_page_says_in_vietnamese_that_answers_are_kept(client: Client) -> None:
    response = client.get("/offline/")
    assert response.status_code == 200
    assert response["Content-Language"] == "vi"
    assert '<html lang="vi"' in response.text
    assert OFFLINE_HEADING in response.text
    assert "Bạn vẫn đọc được các bài học đã mở trước đây trên máy này." in response.text
    assert "sẽ tự gửi đi khi có mạng trở lại" in response.text


def test_the_offline_page_may_be_kept_by_any_cache(client: Client) -> None:
    cache_control = client.get("/offline/")["Cache-Control"]
    assert set(cache_control.split(", ")) == {"public", "max-age=0"}


@pytest.mark.parametrize("url", ["/sw.js", "/manifest.webmanifest", "/offline/"])
def test_the_web_app_files_refuse_post_with_a_page_that_explains(client: Client, url: str) -> None:
    response = client.post(url)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert "Địa chỉ này không mở trực tiếp được" in response.text


@pytest.mark.parametrize("url", ["/sw.js", "/manifest.webmanifest", "/offline/"])
def test_the_web_app_files_answer_head(client: Client, url: str) -> None:
    assert client.head(url).status_code == 200


# --- Snippets for base.html ----------------------------------------------------------------


def test_the_head_snippet_links_the_manifest_and_defers_the_outbox() -> None:
    head = render_to_string("pwa/head.html")
    assert '<link rel="manifest" href="/manifest.webmanifest">' in head
    assert '<meta name="theme-color" content="#0a4f96">' in head
    assert f'<script src="{static("pwa/outbox.js")}" defer></script>' in head
    assert "style" not in head


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_outbox_bar_keeps_the_placeholders_the_script_fills(language: str) -> None:
    with translation.override(language):
        bar = render_to_string("pwa/outbox_bar.html")
    many = re.search(r'data-many="([^"]*)"', bar)
    rejected = re.search(r'data-rejected="([^"]*)"', bar)
    assert many and "{n}" in many.group(1)
    assert rejected and "{message}" in rejected.group(1)
    assert re.search(r'data-one="[^"{]+"', bar)
    assert '<p id="outbox-badge" class="notice" hidden></p>' in bar
    assert '<div id="outbox-status" role="status"></div>' in bar


# --- The outbox in a real browser ----------------------------------------------------------


class FakeApi:
    """Stands in for /api/csrf and /api/sync: answers as the test says and keeps what was sent.

    `answers` is a queue of one-off answers; `usual` answers once the queue is empty. An answer
    is "offline" (the request fails), "keep" (200, nothing done), "accept", "reject",
    "forbidden" (403) or "max:N" (400 batch_too_large above N items, else accept).
    """

    def __init__(self, page: Page) -> None:
        self.tokens: list[str] = []
        self.bodies: list[dict[str, Any]] = []
        self.csrf_headers: list[str] = []
        self.answers: list[str] = []
        self.usual = "accept"
        page.route("**/api/csrf", self._csrf)
        page.route("**/api/sync", self._sync)

    def _csrf(self, route: Route) -> None:
        self.tokens.append(f"token-{len(self.tokens) + 1}")
        route.fulfill(json={"token": self.tokens[-1]})

    def _sync(self, route: Route) -> None:
        answer = self.answers.pop(0) if self.answers else self.usual
        if answer == "offline":
            route.abort()
            return
        request = route.request
        assert request.method == "POST"
        assert request.headers["content-type"] == "application/json"
        body = request.post_data_json
        self.bodies.append(body)
        self.csrf_headers.append(request.headers["x-csrftoken"])
        items = body["items"]
        if answer == "forbidden":
            route.fulfill(status=403, json={"detail": "CSRF check failed"})
        elif answer == "signed_out":
            route.fulfill(status=401, json={"code": "not_signed_in", "message": "Đăng nhập lại"})
        elif answer.startswith("max:") and len(items) > int(answer[4:]):
            route.fulfill(status=400, json={"code": "batch_too_large", "message": "Too many"})
        elif answer == "keep":
            route.fulfill(json={"results": []})
        else:
            status = "rejected" if answer == "reject" else "accepted"
            message = "Bài học này không còn nữa." if status == "rejected" else ""
            code = "lesson_gone" if status == "rejected" else ""
            route.fulfill(
                json={
                    "results": [
                        {
                            "client_id": i["client_id"],
                            "status": status,
                            "code": code,
                            "message": message,
                        }
                        for i in items
                    ]
                }
            )

    def sent_ids(self) -> list[str]:
        return [item["client_id"] for body in self.bodies for item in body["items"]]


def open_outbox(page: Page) -> FakeApi:
    """The offline page with the outbox running and a fake API behind it."""
    api = FakeApi(page)
    load_outbox(page)
    return api


def load_outbox(page: Page) -> None:
    page.goto("/offline/")
    page.wait_for_function("() => window.hvOutbox")
    page.evaluate(
        "() => { window.synced = [];"
        " document.addEventListener('hv:synced', e => window.synced.push(e.detail)); }"
    )


def add(page: Page, kind: str, data: dict[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = page.evaluate("([k, d]) => hvOutbox.add(k, d)", [kind, data])
    return item


def count(page: Page) -> int:
    return int(page.evaluate("() => hvOutbox.count()"))


def settle(page: Page) -> Any:
    """Wait for the outbox to finish sending (one more round if it was busy); its totals."""
    return page.evaluate("() => hvOutbox.flush()")


def stored_ids(page: Page) -> list[str]:
    """What the outbox database holds, read directly (as outbox.js would create it)."""
    ids: list[str] = page.evaluate(
        """() => new Promise((resolve, reject) => {
            const request = indexedDB.open('hocvuso-outbox', 1);
            request.onupgradeneeded = () =>
                request.result.createObjectStore('events', {keyPath: 'client_id'});
            request.onerror = () => reject(request.error);
            request.onsuccess = () => {
                const db = request.result;
                const keys = db.transaction('events').objectStore('events').getAllKeys();
                keys.onsuccess = () => { db.close(); resolve(keys.result); };
            };
        })"""
    )
    return ids


def badge_text(page: Page, n: int) -> str:
    bar = page.locator("#outbox")
    text = bar.get_attribute("data-one") if n == 1 else bar.get_attribute("data-many")
    assert text
    return text.replace("{n}", str(n))


@pytest.mark.browser
def test_an_answer_waits_while_offline_and_is_sent_once_when_back(page: Page) -> None:
    api = open_outbox(page)
    api.usual = "offline"
    item = add(page, "quiz_answer", {"question": 12, "choice": "b"})
    assert settle(page) is None
    expect(page.locator("#outbox-badge")).to_have_text(badge_text(page, 1))
    assert count(page) == 1
    assert api.bodies == []

    api.usual = "accept"
    totals = settle(page)
    assert totals == {"accepted": 1, "duplicate": 0, "rejected": 0}
    assert page.evaluate("() => window.synced") == [totals]
    expect(page.locator("#outbox-badge")).to_be_hidden()
    assert count(page) == 0
    assert api.sent_ids() == [item["client_id"]]
    (sent,) = api.bodies[-1]["items"]
    assert sent == {
        "kind": "quiz_answer",
        "client_id": item["client_id"],
        "client_time": item["client_time"],
        "owner": "",  # nobody is signed in on this page
        "data": {"question": 12, "choice": "b"},
    }
    assert UUID4.match(sent["client_id"])
    assert ISO_UTC.match(sent["client_time"])
    assert api.csrf_headers == [api.tokens[0]]

    assert settle(page) is None  # nothing left, nothing sent
    assert len(api.bodies) == 1


@pytest.mark.browser
def test_waiting_answers_go_when_the_page_reopens_or_the_connection_returns(page: Page) -> None:
    api = open_outbox(page)
    api.usual = "offline"
    first = add(page, "quiz_answer", {"question": 1})
    settle(page)
    api.usual = "accept"
    load_outbox(page)
    expect(page.locator("#outbox-badge")).to_be_hidden()
    settle(page)
    assert api.sent_ids() == [first["client_id"]]
    page.evaluate("() => { window.synced = []; }")

    api.usual = "offline"
    second = add(page, "quiz_answer", {"question": 2})
    settle(page)
    expect(page.locator("#outbox-badge")).to_be_visible()
    api.usual = "accept"
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    expect(page.locator("#outbox-badge")).to_be_hidden()
    page.wait_for_function("() => window.synced.length === 1")
    assert api.sent_ids() == [first["client_id"], second["client_id"]]


@pytest.mark.browser
def test_a_rejected_answer_is_explained_and_dropped(page: Page) -> None:
    api = open_outbox(page)
    api.usual = "reject"
    add(page, "quiz_answer", {"question": 1})
    settle(page)
    expect(page.locator("#outbox-status")).to_have_text(
        page.locator("#outbox")
        .get_attribute("data-rejected")
        .replace(  # type: ignore[union-attr]
            "{message}", "Bài học này không còn nữa."
        )
    )
    expect(page.locator("#outbox-badge")).to_be_hidden()
    assert count(page) == 0
    assert page.evaluate("() => window.synced") == [{"accepted": 0, "duplicate": 0, "rejected": 1}]


@pytest.mark.browser
def test_a_signed_out_person_is_asked_to_sign_in_and_nothing_is_lost(page: Page) -> None:
    api = open_outbox(page)
    api.usual = "signed_out"
    add(page, "answer_given", {"question": 1})
    settle(page)
    expect(page.locator("#outbox-status")).to_have_text("Đăng nhập lại")
    expect(page.locator("#outbox-badge")).to_be_visible()
    assert count(page) == 1


@pytest.mark.browser
def test_a_stale_csrf_token_is_renewed_once(page: Page) -> None:
    api = open_outbox(page)
    api.answers = ["forbidden"]
    add(page, "quiz_answer", {"question": 1})
    assert settle(page) == {"accepted": 1, "duplicate": 0, "rejected": 0}
    assert api.csrf_headers == ["token-1", "token-2"]

    api.usual = "forbidden"  # signed out elsewhere: keep the answer for later
    add(page, "quiz_answer", {"question": 2})
    assert settle(page) is None
    assert api.csrf_headers[2:4] == ["token-2", "token-3"]  # one fresh token per round
    expect(page.locator("#outbox-badge")).to_have_text(badge_text(page, 1))
    assert count(page) == 1


@pytest.mark.browser
def test_big_outboxes_go_in_smaller_batches_when_the_server_asks(page: Page) -> None:
    api = open_outbox(page)
    api.usual = "keep"
    for question in range(3):
        add(page, "quiz_answer", {"question": question})
    settle(page)
    expect(page.locator("#outbox-badge")).to_have_text(badge_text(page, 3))

    api.bodies.clear()
    api.usual = "max:2"
    assert settle(page) == {"accepted": 3, "duplicate": 0, "rejected": 0}
    assert [len(body["items"]) for body in api.bodies] == [3, 1, 1, 1]
    questions = [item["data"]["question"] for body in api.bodies[1:] for item in body["items"]]
    assert questions == [0, 1, 2]  # oldest first
    assert count(page) == 0


@pytest.mark.browser
def test_wipe_empties_the_outbox(page: Page) -> None:
    api = open_outbox(page)
    api.usual = "keep"
    add(page, "quiz_answer", {"question": 1})
    settle(page)
    expect(page.locator("#outbox-badge")).to_be_visible()
    page.evaluate("() => hvOutbox.wipe()")
    names = page.evaluate("() => indexedDB.databases().then(dbs => dbs.map(db => db.name))")
    assert "hocvuso-outbox" not in names
    expect(page.locator("#outbox-badge")).to_be_hidden()
    assert count(page) == 0


@pytest.mark.browser
def test_signing_out_sends_what_waits_then_wipes(page: Page) -> None:
    api = open_outbox(page)
    api.usual = "keep"
    item = add(page, "quiz_answer", {"question": 1})
    settle(page)
    expect(page.locator("#outbox-badge")).to_be_visible()
    api.usual = "accept"
    api.bodies.clear()
    page.evaluate(
        """() => {
            const form = document.createElement('form');
            form.method = 'get';
            form.action = '/';
            form.setAttribute('data-signout', '');
            const button = document.createElement('button');
            button.textContent = 'Sign out';
            form.append(button);
            document.querySelector('main').append(form);
        }"""
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()
    assert api.sent_ids() == [item["client_id"]]
    assert stored_ids(page) == []


@pytest.mark.browser
def test_the_waiting_notice_and_a_rejection_pass_axe_at_320_px(page: Page) -> None:
    api = open_outbox(page)
    api.usual = "keep"
    for question in range(12):
        add(page, "quiz_answer", {"question": question})
    settle(page)
    expect(page.locator("#outbox-badge")).to_have_text(badge_text(page, 12))
    check_page(page)

    api.usual = "reject"
    settle(page)
    expect(page.locator("#outbox-status")).to_contain_text("Bài học này không còn nữa.")
    check_page(page)


@pytest.mark.browser
def test_without_a_connection_pages_fall_back_to_the_offline_page(page: Page) -> None:
    open_outbox(page)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    preload = "() => navigator.serviceWorker.ready.then(r => r.navigationPreload.getState())"
    assert page.evaluate(preload)["enabled"] is True
    page.context.set_offline(True)
    page.goto("/places/pick/")
    expect(page.get_by_role("heading", level=1)).to_have_text(OFFLINE_HEADING)
    page.context.set_offline(False)


LESSON_HTML = "<!doctype html><html lang='vi'><title>Bài {n}</title><h1>Bài học số {n}</h1></html>"


@pytest.mark.browser
def test_public_lessons_stay_readable_offline_but_private_pages_do_not(page: Page) -> None:
    def lesson(route: Route) -> None:
        n = route.request.url.rstrip("/").rsplit("/", 1)[1]
        cache_control = "private, no-store" if n == "8" else "public, max-age=0"
        route.fulfill(
            body=LESSON_HTML.format(n=n),
            content_type="text/html; charset=utf-8",
            headers={"Cache-Control": cache_control},
        )

    # context.route sees what the service worker fetches, but not navigation preload requests.
    page.context.route("**/learn/lessons/*/", lesson)
    open_outbox(page)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.evaluate("() => navigator.serviceWorker.ready.then(r => r.navigationPreload.disable())")
    for n in (7, 8):
        page.goto(f"/learn/lessons/{n}/")
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Bài học số {n}")
    page.context.unroute("**/learn/lessons/*/")
    page.context.set_offline(True)
    page.goto("/learn/lessons/7/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bài học số 7")
    page.goto("/learn/lessons/8/")
    expect(page.get_by_role("heading", level=1)).to_have_text(OFFLINE_HEADING)
    page.context.set_offline(False)

    page.goto("/offline/")
    page.evaluate("() => hvOutbox.wipe()")
    names = page.evaluate("() => caches.keys()")
    assert [name for name in names if name.startswith("hv-pages-")] == []
    assert [name for name in names if name.startswith("hv-shell-")] != []


@pytest.mark.browser
def test_records_wait_for_their_own_person(page: Page) -> None:
    api = open_outbox(page)
    api.usual = "offline"
    page.context.add_cookies([{"name": "hv_owner", "value": "an", "url": page.url}])
    add(page, "answer_given", {"question": 1})
    settle(page)
    page.context.add_cookies([{"name": "hv_owner", "value": "binh", "url": page.url}])
    api.usual = "accept"
    page.evaluate("() => window.hvOutbox.flush()")
    settle(page)
    assert api.sent_ids() == []
    assert count(page) == 0  # Bình sees nothing of An's
    page.context.add_cookies([{"name": "hv_owner", "value": "an", "url": page.url}])
    page.evaluate("() => window.hvOutbox.flush()")
    settle(page)
    assert len(api.sent_ids()) == 1
