"""Officers' and assessors' certificate pages: the list of their area with filters and a CSV
export, revocation after a confirmation, the in-person assessment that issues a certificate,
and one PDF of many certificates made in the background for the officer who asked."""

import csv
import datetime
import io
import re
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from playwright.sync_api import Page, expect

from hocvuso.accounts.access import TWO_STEP_SESSION_KEY
from hocvuso.accounts.actions import do_add_subunit, do_grant_role
from hocvuso.accounts.models import AuditEntry, LearnerGroup, RoleKind, User
from hocvuso.certificates.actions import do_issue_certificate, shown_code
from hocvuso.certificates.models import (
    GROUPS,
    Certificate,
    CertificateKind,
    PrintJob,
    PrintStatus,
)
from hocvuso.certificates.printing import make_print
from hocvuso.learning.models import Route, StandardReached
from hocvuso.places.models import Place, PlaceKind
from hocvuso.tally.actions import total
from hocvuso.tally.models import Indicator
from tests.browser import check_page
from tests.cast import Cast, build_cast, hcm_commune
from tests.learning_pack import course, publish_learning_pack
from tests.test_browser_accounts import sign_in

pytestmark = pytest.mark.django_db

LIST = "/certificates/"


@pytest.fixture(autouse=True)
def _keys_and_files(settings: Any, tmp_path: Path) -> None:
    settings.CERTIFICATE_KEYS_DIR = tmp_path / "keys"
    settings.DATA_DIR = tmp_path
    # The print task runs at once, in the request that asks for it.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def staff(user: User) -> Client:
    """A staff member signed in who has passed the two-step sign-in, with a CSRF cookie."""
    User.objects.filter(pk=user.pk).update(totp_confirmed_at=timezone.now())
    client = Client(enforce_csrf_checks=True)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[TWO_STEP_SESSION_KEY] = user.pk
    session.save()
    client.get("/")  # the home page's forms give the CSRF cookie
    return client


def post(client: Client, url: str, data: dict[str, Any] | None = None) -> Any:
    token = client.cookies["csrftoken"].value
    return client.post(url, {**(data or {}), "csrfmiddlewaretoken": token})


def person(name: str, place: Place, birth_year: int = 1955) -> User:
    """Someone registered without a phone, as a volunteer would."""
    return User.objects.create_user(
        None,
        full_name=name,
        birth_year=birth_year,
        home_place=place,
        learner_group=LearnerGroup.CITIZEN,
    )


def issued(user: User, days_ago: int = 0, **kw: Any) -> Certificate:
    certificate = do_issue_certificate(user, kw.pop("kind", CertificateKind.STANDARD), **kw)
    if days_ago:
        when = timezone.now() - datetime.timedelta(days=days_ago)
        Certificate.objects.filter(pk=certificate.pk).update(issued_at=when)
        certificate.refresh_from_db()
    return certificate


def names(response: Any) -> list[str]:
    rows = re.findall(r'<a href="/certificates/\d+/">([^<]+)</a>', response.content.decode())
    return [str(r) for r in rows]


def subunit(cast: Cast, name: str) -> Place:
    """A residential group of Ba Đình, added by its officer."""
    ba_dinh = Place.objects.get(code="00004")
    return do_add_subunit(cast.dung, ba_dinh, name, PlaceKind.RESIDENTIAL_GROUP)


# The list


def test_an_officer_sees_the_certificates_of_their_area_newest_first(cast: Cast) -> None:
    issued(cast.lan, days_ago=3)
    issued(cast.an, days_ago=1)
    issued(cast.em)  # Hồ Chí Minh City
    response = staff(cast.dung).get(LIST)
    assert response.status_code == 200
    assert names(response) == ["Nguyễn Thị An", "Đỗ Thị Lan"]
    page = response.content.decode()
    assert "Hợp lệ" in page
    assert shown_code(Certificate.objects.get(holder=cast.an).code) in page
    assert names(staff(cast.chi).get(LIST)) == ["Võ Văn Em"]


def test_the_list_filters_by_status_kind_dates_name_and_place(cast: Cast) -> None:
    publish_learning_pack()
    ba_dinh = Place.objects.get(code="00004")
    village = subunit(cast, "Tổ dân phố 7")
    an = issued(cast.an, days_ago=40)
    issued(cast.lan, days_ago=5)
    hoa = person("Trần Thị Hòa", village)
    issued(hoa, days_ago=1)
    issued(cast.an, kind=CertificateKind.COURSE, course=course("co-ban"))
    Certificate.objects.filter(pk=an.pk).update(revoked_at=timezone.now(), revoke_reason="x")
    dung = staff(cast.dung)
    today = timezone.localdate()

    def shown(**query: str) -> list[str]:
        response = dung.get(LIST, query)
        assert response.status_code == 200, response.content[:500]
        return names(response)

    assert shown(status="revoked") == ["Nguyễn Thị An"]
    assert shown(status="valid") == ["Nguyễn Thị An", "Trần Thị Hòa", "Đỗ Thị Lan"]
    assert shown(kind="course") == ["Nguyễn Thị An"]
    since = (today - datetime.timedelta(days=10)).isoformat()
    until = (today - datetime.timedelta(days=2)).isoformat()
    assert shown(issued_from=since, issued_to=until) == ["Đỗ Thị Lan"]
    assert shown(q="Thị Hòa") == ["Trần Thị Hòa"]
    assert shown(q=shown_code(an.code).lower()) == ["Nguyễn Thị An"]
    assert shown(place=village.code) == ["Trần Thị Hòa"]
    assert len(shown(place=ba_dinh.code)) == 4


def test_a_place_outside_the_area_or_reversed_dates_are_refused_and_kept(cast: Cast) -> None:
    dung = staff(cast.dung)
    response = dung.get(LIST, {"place": hcm_commune().code, "q": "Lan"})
    assert response.status_code == 400
    assert "Nơi này nằm ngoài địa bàn của bạn" in response.content.decode()
    assert 'value="Lan"' in response.content.decode()
    response = dung.get(LIST, {"issued_from": "2026-03-02", "issued_to": "2026-03-01"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ngày kết thúc trước ngày bắt đầu" in page
    assert 'value="2026-03-02"' in page


def test_the_list_shows_25_a_page_with_a_flat_number_of_queries(cast: Cast) -> None:
    ba_dinh = Place.objects.get(code="00004")
    for i in range(3):
        issued(person(f"Người {i:02}", ba_dinh))
    dung = staff(cast.dung)
    with CaptureQueriesContext(connection) as few:
        dung.get(LIST)
    for i in range(3, 30):
        issued(person(f"Người {i:02}", ba_dinh))
    with CaptureQueriesContext(connection) as many:
        first = dung.get(LIST)
    assert len(many) == len(few)
    assert len(names(first)) == 25
    assert "Trang 1 / 2" in first.content.decode() or "Trang 1 trên 2" in first.content.decode()
    second = dung.get(LIST, {"page": "2"})
    assert len(names(second)) == 5


def test_the_list_records_whom_the_officer_saw(cast: Cast) -> None:
    issued(cast.an)
    issued(cast.lan)
    staff(cast.dung).get(LIST)
    entry = AuditEntry.objects.get(action="list_certificates")
    assert entry.actor == cast.dung
    assert sorted(entry.object_ids) == sorted([cast.an.pk, cast.lan.pk])


def test_the_export_is_a_csv_excel_reads_in_vietnamese(cast: Cast) -> None:
    issued(cast.an)
    issued(cast.lan)
    issued(cast.em)
    response = staff(cast.dung).get("/certificates/export.csv", {"q": "Lan"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Họ và tên", "Chứng nhận", "Ngày cấp"]
    assert [r[0] for r in rows[1:]] == ["Đỗ Thị Lan"]
    assert rows[1][4] == "Hợp lệ"
    assert AuditEntry.objects.get(action="export_certificates").object_ids == [cast.lan.pk]


def test_a_name_that_looks_like_a_formula_stays_text_in_the_export(cast: Cast) -> None:
    issued(person('=HYPERLINK("http://x")', Place.objects.get(code="00004")))
    response = staff(cast.dung).get("/certificates/export.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][0] == '\'=HYPERLINK("http://x")'


def test_a_place_name_that_looks_like_a_formula_stays_text_in_the_export(cast: Cast) -> None:
    issued(person("Trần Thị Hòa", subunit(cast, "=1+2")))
    response = staff(cast.dung).get("/certificates/export.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][3] == "'=1+2"


def test_only_officers_open_the_list(cast: Cast) -> None:
    assert Client().get(LIST)["Location"].startswith("/accounts/sign-in/")
    learner = Client()
    learner.force_login(cast.an, backend="django.contrib.auth.backends.ModelBackend")
    assert learner.get(LIST).status_code == 403
    assert post(staff(cast.dung), LIST).status_code == 405


# Revocation


def test_an_officer_revokes_after_a_confirmation_and_it_stops_counting(cast: Cast) -> None:
    certificate = issued(cast.an)
    hanoi = Place.objects.get(code="01")
    assert total(hanoi, Indicator.CERTIFICATES_ISSUED) == 1
    dung = staff(cast.dung)
    url = f"/certificates/{certificate.pk}/revoke/"
    asked = post(dung, url, {"reason": "Cấp nhầm người"})
    assert asked.status_code == 200
    assert "Thu hồi chứng nhận này?" in asked.content.decode()
    certificate.refresh_from_db()
    assert certificate.revoked_at is None  # nothing happens before the confirmation
    done = post(dung, url, {"reason": "Cấp nhầm người", "confirm": "yes"})
    assert done.status_code == 302
    assert done["Location"] == f"/certificates/{certificate.pk}/"
    certificate.refresh_from_db()
    assert certificate.revoked_by == cast.dung
    assert certificate.revoke_reason == "Cấp nhầm người"
    assert total(hanoi, Indicator.CERTIFICATES_ISSUED) == 0
    public = Client().get(f"/verify/{certificate.token}/")
    assert "Đã thu hồi" in public.content.decode()
    detail = dung.get(done["Location"]).content.decode()
    assert "Đã thu hồi" in detail
    assert "Cấp nhầm người" in detail


def test_a_revocation_needs_a_reason(cast: Cast) -> None:
    certificate = issued(cast.an)
    response = post(staff(cast.dung), f"/certificates/{certificate.pk}/revoke/", {"reason": "  "})
    assert response.status_code == 400
    assert "Hãy ghi lý do thu hồi chứng nhận" in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_revoking_twice_says_it_is_already_revoked(cast: Cast) -> None:
    certificate = issued(cast.an)
    dung = staff(cast.dung)
    url = f"/certificates/{certificate.pk}/revoke/"
    post(dung, url, {"reason": "Cấp nhầm", "confirm": "yes"})
    again = post(dung, url, {"reason": "Lần nữa", "confirm": "yes"})
    assert again.status_code == 302
    page = dung.get(again["Location"]).content.decode()
    assert "Chứng nhận này đã bị thu hồi từ trước" in page
    certificate.refresh_from_db()
    assert certificate.revoke_reason == "Cấp nhầm"


def test_an_officer_of_another_province_cannot_see_or_revoke(cast: Cast) -> None:
    certificate = issued(cast.an)
    chi = staff(cast.chi)
    assert chi.get(f"/certificates/{certificate.pk}/").status_code == 404
    url = f"/certificates/{certificate.pk}/revoke/"
    assert post(chi, url, {"reason": "x", "confirm": "yes"}).status_code == 404
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    assert staff(cast.dung).get(url).status_code == 405


# In-person assessment


def assessment(**changes: Any) -> dict[str, Any]:
    return {
        "assessed_on": timezone.localdate().isoformat(),
        "place": "00004",
        "groups": list(GROUPS),
        "passed": "yes",
        "note": "Làm được mọi việc",
        **changes,
    }


def test_an_in_person_pass_issues_a_certificate_marked_in_person(cast: Cast) -> None:
    dung = staff(cast.dung)
    url = f"/certificates/assess/?person={cast.lan.pk}"
    form = dung.get(url)
    assert form.status_code == 200
    assert "Phường Ba Đình" in form.content.decode()  # her home place, the default
    response = post(dung, url, assessment())
    certificate = Certificate.objects.get(holder=cast.lan)
    assert response.status_code == 302
    assert response["Location"] == f"/certificates/{certificate.pk}/"
    assert certificate.in_person is not None
    assert certificate.in_person.assessor == cast.dung
    assert certificate.in_person.note == "Làm được mọi việc"
    assert StandardReached.objects.get(user=cast.lan).route == Route.IN_PERSON
    hanoi = Place.objects.get(code="01")
    assert total(hanoi, Indicator.LEARNERS_STANDARD) == 1
    assert total(hanoi, Indicator.CERTIFICATES_ISSUED) == 1
    page = dung.get(response["Location"]).content.decode()
    assert "đã đạt cả chín nhóm" in page
    assert "Đánh giá trực tiếp" in page


def test_an_assessor_who_is_not_an_officer_sees_the_new_certificate_code(cast: Cast) -> None:
    ba_dinh = Place.objects.get(code="00004")
    do_grant_role(cast.admin, cast.binh, RoleKind.ASSESSOR, ba_dinh)
    binh = staff(cast.binh)
    url = f"/certificates/assess/?person={cast.lan.pk}"
    response = post(binh, url, assessment())
    assert response["Location"] == url
    certificate = Certificate.objects.get(holder=cast.lan)
    page = binh.get(url).content.decode()
    assert shown_code(certificate.code) in page
    assert binh.get(LIST).status_code == 403  # assessing gives no list of certificates


def test_a_person_whose_certificate_was_revoked_gets_a_new_one_in_person(cast: Cast) -> None:
    revoked = issued(cast.lan)
    Certificate.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now(), revoke_reason="x")
    dung = staff(cast.dung)
    url = f"/certificates/assess/?person={cast.lan.pk}"
    assert "Người này đã có chứng nhận" not in dung.get(url).content.decode()
    response = post(dung, url, assessment())
    certificate = Certificate.objects.get(holder=cast.lan, revoked_at=None)
    assert response["Location"] == f"/certificates/{certificate.pk}/"
    assert certificate.in_person is not None
    assert "đã đạt cả chín nhóm" in dung.get(response["Location"]).content.decode()


def test_a_pass_in_fewer_than_nine_groups_is_recorded_without_a_certificate(cast: Cast) -> None:
    dung = staff(cast.dung)
    url = f"/certificates/assess/?person={cast.lan.pk}"
    response = post(dung, url, assessment(groups=["K1", "S1"]))
    assert response.status_code == 302
    assert not Certificate.objects.filter(holder=cast.lan).exists()
    page = dung.get(response["Location"]).content.decode()
    assert "cần đạt cả chín nhóm" in page
    assert cast.lan.in_person_assessments.get().groups == ["K1", "S1"]


def test_an_assessment_dated_in_the_future_or_elsewhere_is_refused(cast: Cast) -> None:
    dung = staff(cast.dung)
    url = f"/certificates/assess/?person={cast.lan.pk}"
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = post(dung, url, assessment(assessed_on=tomorrow))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ngày không thể ở tương lai" in page
    assert "Làm được mọi việc" in page  # the note is kept
    response = post(dung, url, assessment(place=hcm_commune().code))
    assert response.status_code == 400
    assert "Nơi này nằm ngoài địa bàn" in response.content.decode()
    response = post(dung, url, assessment(passed="", groups=[]))
    assert response.status_code == 400
    assert "Hãy đánh dấu các nhóm bạn đã đánh giá" in response.content.decode()
    assert not cast.lan.in_person_assessments.exists()


def test_nobody_assesses_a_person_outside_their_area_or_themselves(cast: Cast) -> None:
    dung = staff(cast.dung)
    assert dung.get(f"/certificates/assess/?person={cast.mai.pk}").status_code == 404
    assert post(dung, f"/certificates/assess/?person={cast.em.pk}", assessment()).status_code == 404
    assert dung.get(f"/certificates/assess/?person={cast.dung.pk}").status_code == 404
    assert dung.get("/certificates/assess/?person=abc").status_code == 404
    assert dung.get("/certificates/assess/?person=²").status_code == 404  # a digit to isdigit()
    volunteer = Client()
    volunteer.force_login(cast.binh, backend="django.contrib.auth.backends.ModelBackend")
    assert volunteer.get(f"/certificates/assess/?person={cast.lan.pk}").status_code == 403


def test_the_assessor_finds_the_person_by_name_or_number(cast: Cast) -> None:
    dung = staff(cast.dung)
    by_name = dung.get("/certificates/assess/", {"q": "Thị Lan"}).content.decode()
    assert f"?person={cast.lan.pk}" in by_name
    assert "Hồ Thị Mai" not in dung.get("/certificates/assess/", {"q": "Mai"}).content.decode()
    by_phone = dung.get("/certificates/assess/", {"q": "0912 345 678"}).content.decode()
    assert f"?person={cast.an.pk}" in by_phone
    nobody = dung.get("/certificates/assess/", {"q": "0912000005"}).content.decode()  # Em
    assert f"?person={cast.em.pk}" not in nobody


# Printing


def test_a_print_job_makes_one_pdf_for_the_requester_only(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    issued(cast.an)
    issued(cast.lan)
    revoked = issued(person("Ngô Văn Tám", Place.objects.get(code="00004")))
    Certificate.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())
    issued(cast.em)
    dung = staff(cast.dung)
    summary = dung.get("/certificates/print/", {"place": "00004"})
    assert summary.status_code == 200
    assert "Làm tệp PDF" in summary.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(dung, "/certificates/print/", {"place": "00004"})
    assert response.status_code == 302
    job = PrintJob.objects.get(requester=cast.dung)
    assert response["Location"] == f"/certificates/print/{job.pk}/"
    assert job.status == PrintStatus.READY
    assert (job.done, job.total) == (2, 2)
    progress = dung.get(response["Location"]).content.decode()
    assert "Tải tệp PDF" in progress
    download = dung.get(f"/certificates/print/{job.pk}/download/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF")
    assert len(pypdfium2.PdfDocument(download.content)) == 2  # the revoked one is left out
    chi = staff(cast.chi)
    assert chi.get(f"/certificates/print/{job.pk}/download/").status_code == 404
    assert chi.get(f"/certificates/print/{job.pk}/").status_code == 404
    admin = staff(cast.admin)
    assert admin.get(f"/certificates/print/{job.pk}/download/").status_code == 404
    audit = AuditEntry.objects.get(action="print_certificates")
    assert sorted(audit.object_ids) == sorted([cast.an.pk, cast.lan.pk])


def test_the_job_waits_in_the_queue_for_the_worker(
    cast: Cast, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    issued(cast.an)
    dung = staff(cast.dung)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(dung, "/certificates/print/", {})
    job = PrintJob.objects.get()
    assert job.status == PrintStatus.QUEUED
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "hocvuso.certificates.printing.make_print"
    assert queued.args_kwargs == {"args": [job.pk], "kwargs": {}}
    assert "Đang chờ bắt đầu" in dung.get(response["Location"]).content.decode()


def test_the_progress_shows_n_of_total_while_the_file_is_made(cast: Cast) -> None:
    issued(cast.an)
    job = PrintJob.objects.create(
        requester=cast.dung, filters={}, total=40, done=12, status=PrintStatus.RUNNING
    )
    dung = staff(cast.dung)
    page = dung.get(f"/certificates/print/{job.pk}/").content.decode()
    assert "12 / 40" in page
    assert "print_progress" in page  # the script that follows it
    part = dung.get(f"/certificates/print/{job.pk}/", {"partial": "progress"}).content.decode()
    assert "12 / 40" in part
    assert "<html" not in part
    early = dung.get(f"/certificates/print/{job.pk}/download/")
    assert early["Location"] == f"/certificates/print/{job.pk}/"


def test_the_task_run_by_the_worker_follows_the_filters(cast: Cast) -> None:
    issued(cast.an)
    issued(cast.lan)
    job = PrintJob.objects.create(requester=cast.dung, filters={"q": "Lan"})
    make_print.call(job.pk)
    job.refresh_from_db()
    assert job.status == PrintStatus.READY
    assert (job.done, job.total) == (1, 1)


def test_printing_nothing_or_too_much_is_refused(cast: Cast, monkeypatch: Any) -> None:
    issued(cast.an)
    dung = staff(cast.dung)
    response = post(dung, "/certificates/print/", {"q": "Không ai"})
    assert response.status_code == 400
    assert "Không có chứng nhận hợp lệ nào" in response.content.decode()
    monkeypatch.setattr("hocvuso.certificates.views.officer.MAX_PRINT", 0)
    response = post(dung, "/certificates/print/", {})
    assert response.status_code == 400
    assert not PrintJob.objects.exists()


# In a real browser


@pytest.mark.browser
def test_an_officer_works_through_the_pages_in_a_browser(page: Page) -> None:
    cast = build_cast()
    certificate = issued(cast.an)
    sign_in(page, "0912000004")  # Dũng, who sets up the second step on the way
    page.goto(LIST)
    check_page(page)
    page.get_by_role("link", name="Nguyễn Thị An").click()
    check_page(page)
    page.get_by_label("Vì sao thu hồi?").fill("Cấp nhầm người")
    page.get_by_role("button", name="Thu hồi…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thu hồi chứng nhận này?")
    check_page(page)
    page.get_by_role("button", name="Có, thu hồi").click()
    expect(page.locator(".verdict")).to_contain_text("Đã thu hồi")
    check_page(page)

    page.goto("/certificates/assess/")
    check_page(page)
    page.get_by_label("Bạn đánh giá ai?").fill("Lan")
    page.get_by_role("button", name="Tìm", exact=True).click()
    page.get_by_role("link", name="Đỗ Thị Lan").click()
    check_page(page)
    for group in GROUPS:
        page.get_by_label(group, exact=True).check()
    page.get_by_label("Đạt", exact=True).check()
    page.get_by_role("button", name="Lưu kết quả đánh giá").click()
    expect(page.locator(".messages")).to_contain_text("đã đạt cả chín nhóm")
    check_page(page)

    page.goto("/certificates/print/?place=00004")
    check_page(page)
    page.get_by_role("button", name="Làm tệp PDF").click()
    expect(page.get_by_role("link", name="Tải tệp PDF")).to_be_visible()
    check_page(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải tệp PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert certificate.pk


@pytest.mark.browser
def test_the_progress_page_follows_the_job_until_the_file_is_ready(page: Page) -> None:
    cast = build_cast()
    job = PrintJob.objects.create(
        requester=cast.dung, filters={}, total=30, done=12, status=PrintStatus.RUNNING
    )
    sign_in(page, "0912000004")
    page.goto(f"/certificates/print/{job.pk}/")
    expect(page.locator("#print-progress")).to_contain_text("12 / 30")
    check_page(page)
    PrintJob.objects.filter(pk=job.pk).update(done=29)
    expect(page.locator("#print-progress")).to_contain_text("29 / 30")
    PrintJob.objects.filter(pk=job.pk).update(done=30, status=PrintStatus.READY)
    expect(page.get_by_role("link", name="Tải tệp PDF")).to_be_visible()
    check_page(page)


def test_print_files_are_cleared_a_week_later(cast: Cast, settings: Any, tmp_path: Path) -> None:
    """Printed lists hold names: a week on, the file is gone and the job says so."""
    from datetime import timedelta

    from hocvuso.certificates.models import PrintJob, PrintStatus
    from hocvuso.certificates.printing import clear_old_prints, prints_dir
    from tests.cast import sign_in as signed_in

    settings.DATA_DIR = tmp_path
    prints_dir().mkdir(parents=True)
    (prints_dir() / "old.pdf").write_bytes(b"%PDF-1.4")
    (prints_dir() / "new.pdf").write_bytes(b"%PDF-1.4")
    old = PrintJob.objects.create(
        requester=cast.dung, status=PrintStatus.READY, file_path="old.pdf"
    )
    new = PrintJob.objects.create(
        requester=cast.dung, status=PrintStatus.READY, file_path="new.pdf"
    )
    PrintJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    assert clear_old_prints() == 1
    assert not (prints_dir() / "old.pdf").exists() and (prints_dir() / "new.pdf").exists()
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.status, new.status) == (PrintStatus.EXPIRED, PrintStatus.READY)
    page = signed_in(Client(), cast.dung).get(f"/certificates/print/{old.pk}/")
    assert "Tệp này đã được xóa sau một tuần" in page.text


def test_a_print_file_left_by_a_deleted_account_is_cleared_a_week_later(
    cast: Cast, tmp_path: Path
) -> None:
    """Its job went with the officer's account: the file's age alone says it is due."""
    import os

    from hocvuso.certificates.printing import clear_old_prints, prints_dir

    prints_dir().mkdir(parents=True)
    orphan, fresh = prints_dir() / "7-orphan.pdf", prints_dir() / "8-fresh.pdf"
    for path in (orphan, fresh):
        path.write_bytes(b"%PDF-1.4")
    eight_days_ago = (timezone.now() - datetime.timedelta(days=8)).timestamp()
    os.utime(orphan, (eight_days_ago, eight_days_ago))
    assert clear_old_prints() == 1
    assert not orphan.exists() and fresh.exists()
