"""A holder finds their certificates, downloads the PDF and the signed credential; nobody else
can, and a revoked certificate is no longer handed out."""

from typing import Any

import pypdfium2 as pdfium
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hocvuso.certificates import credential
from hocvuso.certificates.actions import do_issue_certificate, do_revoke_certificate, shown_code
from hocvuso.certificates.models import Certificate, CertificateKind
from tests.cast import Cast, sign_in

pytestmark = pytest.mark.django_db

REASON = "Kết quả học làm căn cứ không được tính."


@pytest.fixture(autouse=True)
def _public_address(settings: Any, tmp_path: Any) -> None:
    settings.CERTIFICATE_KEYS_DIR = tmp_path / "keys"
    settings.PUBLIC_URL = "https://hocvuso.example.vn"


@pytest.fixture
def certificate(cast: Cast) -> Certificate:
    return do_issue_certificate(cast.an, CertificateKind.STANDARD)


def signed_in(user: Any) -> Client:
    return sign_in(Client(), user)


def test_the_holder_sees_their_certificate_with_its_links(
    cast: Cast, certificate: Certificate
) -> None:
    response = signed_in(cast.an).get("/certificates/mine/")
    assert response.status_code == 200
    text = response.text
    assert "Chứng nhận của bạn" in text
    assert "Đạt chuẩn kỹ năng số cơ bản" in text
    assert "Hợp lệ" in text
    assert shown_code(certificate.code) in text
    assert "Tải chứng nhận (PDF)" in text
    assert f"/certificates/{certificate.pk}/pdf/" in text
    assert f"/verify/{certificate.token}/" in text
    assert f"/certificates/{certificate.pk}/credential/" in text
    assert "no-store" in response["Cache-Control"]


def test_a_learner_without_certificates_is_shown_the_way_to_one(cast: Cast) -> None:
    text = signed_in(cast.em).get("/certificates/mine/").text
    assert "Bạn chưa có chứng nhận nào" in text
    assert 'href="/learn/path/"' in text


def test_the_progress_page_leads_to_the_certificates(cast: Cast) -> None:
    assert 'href="/certificates/mine/"' in signed_in(cast.an).get("/learn/progress/").text


def test_the_holder_downloads_the_pdf(cast: Cast, certificate: Certificate) -> None:
    response = signed_in(cast.an).get(f"/certificates/{certificate.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="chung-nhan-{certificate.code}.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF")
    text = pdfium.PdfDocument(response.content)[0].get_textpage().get_text_range()
    assert "Nguyễn Thị An" in text and shown_code(certificate.code) in text


def test_the_credential_download_verifies_offline(cast: Cast, certificate: Certificate) -> None:
    response = signed_in(cast.an).get(f"/certificates/{certificate.pk}/credential/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc+jwt"
    assert response["Content-Disposition"] == (
        f'attachment; filename="chung-nhan-{certificate.code}.jwt"'
    )
    claims = credential.verify(response.content.decode(), credential.public_keys())
    assert claims["vc"]["credentialSubject"]["name"] == "Nguyễn Thị An"
    assert claims["jti"] == f"https://hocvuso.example.vn/verify/{certificate.token}/"


def test_another_learner_gets_404_and_does_not_see_it_listed(
    cast: Cast, certificate: Certificate
) -> None:
    em = signed_in(cast.em)
    assert em.get(f"/certificates/{certificate.pk}/pdf/").status_code == 404
    assert em.get(f"/certificates/{certificate.pk}/credential/").status_code == 404
    assert shown_code(certificate.code) not in em.get("/certificates/mine/").text


def test_an_officer_above_the_holder_gets_404_here_too(
    cast: Cast, certificate: Certificate
) -> None:
    # Officers print from their own pages, which are audited; these are the holder's.
    dung = signed_in(cast.dung)
    assert dung.get(f"/certificates/{certificate.pk}/pdf/").status_code == 404


def test_an_unknown_certificate_is_404(cast: Cast) -> None:
    assert signed_in(cast.an).get("/certificates/999999/pdf/").status_code == 404


def test_anonymous_people_are_sent_to_sign_in(certificate: Certificate) -> None:
    for address in [
        "/certificates/mine/",
        f"/certificates/{certificate.pk}/pdf/",
        f"/certificates/{certificate.pk}/credential/",
    ]:
        response = Client().get(address)
        assert response.status_code == 302, address
        assert response["Location"].startswith("/accounts/sign-in/"), address


def test_the_pages_only_answer_reads(cast: Cast, certificate: Certificate) -> None:
    client = signed_in(cast.an)
    assert client.post("/certificates/mine/").status_code == 405
    assert client.post(f"/certificates/{certificate.pk}/pdf/").status_code == 405


def test_a_revoked_certificate_is_not_handed_out(cast: Cast, certificate: Certificate) -> None:
    do_revoke_certificate(cast.dung, certificate, REASON)
    an = signed_in(cast.an)
    for address in [
        f"/certificates/{certificate.pk}/pdf/",
        f"/certificates/{certificate.pk}/credential/",
    ]:
        response = an.get(address)
        assert response.status_code == 410, address
        assert response["Content-Type"].startswith("text/html")
        assert "Chứng nhận này đã bị thu hồi" in response.text
        assert REASON in response.text
        assert "hỏi cán bộ xã, phường" in response.text
    listed = an.get("/certificates/mine/").text
    assert "Đã thu hồi" in listed and REASON in listed
    assert f"/certificates/{certificate.pk}/pdf/" not in listed
    assert f"/verify/{certificate.token}/" in listed


def test_a_volunteer_helping_a_person_gets_that_persons_certificate(cast: Cast) -> None:
    lans = do_issue_certificate(cast.lan, CertificateKind.STANDARD)
    binh = signed_in(cast.binh)
    assert binh.get(f"/certificates/{lans.pk}/pdf/").status_code == 404
    binh.post(f"/accounts/assisted/{cast.lan.pk}/start/")
    response = binh.get(f"/certificates/{lans.pk}/pdf/")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_the_list_takes_the_same_queries_however_many_certificates(
    cast: Cast, certificate: Certificate
) -> None:
    an = signed_in(cast.an)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert an.get("/certificates/mine/").status_code == 200
        return len(captured)

    one = queries()
    for n in range(5):
        Certificate.objects.create(
            holder=cast.an,
            kind=CertificateKind.COURSE,
            achievement=f"course:extra-{n}",
            holder_name=certificate.holder_name,
            title=f"Khóa học {n}",
            issued_at=certificate.issued_at,
            issued_place=certificate.issued_place,
            token=f"extra-token-{n}",
            code=f"EXTRA0000{n}",
        )
    assert queries() == one
