"""Certificates: issued once when the standard is reached or a course is passed, signed as an
Open Badges credential that `verify_certificate` checks without the database, verifiable by
anyone through the QR address or the short code with the birth year, rate-limited, counted
while valid."""

import json
import threading
from io import StringIO
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from hocvuso.accounts.actions import do_delete_account
from hocvuso.certificates import credential
from hocvuso.certificates.actions import (
    CODE_ALPHABET,
    do_issue_certificate,
    do_record_assessment,
    do_revoke_certificate,
    shown_code,
)
from hocvuso.certificates.models import GROUPS, Certificate, CertificateKind, InPersonAssessment
from hocvuso.certificates.views.public import (
    CODE_TRIES_PER_WINDOW,
    LOOKUPS_PER_WINDOW,
    MISSES_PER_CODE,
)
from hocvuso.core.sync import Actor
from hocvuso.integrity.actions import do_decide_flag
from hocvuso.integrity.models import Flag
from hocvuso.learning.actions import do_submit_quiz, new_event
from hocvuso.learning.models import EventKind, Route, StandardReached
from hocvuso.places.models import Place
from hocvuso.tally.actions import live_cells, recounted_cells, total
from hocvuso.tally.models import Indicator
from tests.cast import Cast, hcm_commune, sign_up
from tests.learning_pack import course, pass_final, practice, publish_learning_pack

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(places: None, cast: Cast) -> Cast:
    publish_learning_pack()
    return cast


def verify_page(client: Client, certificate: Certificate) -> Any:
    return client.get(f"/verify/{certificate.token}/")


def test_passing_the_final_issues_one_signed_certificate(world: Cast) -> None:
    an = world.an
    pass_final(an)
    certificate = Certificate.objects.get(holder=an)
    assert certificate.kind == CertificateKind.STANDARD
    assert certificate.title == "Đạt chuẩn kỹ năng số cơ bản"
    assert certificate.groups == ["K1", "K2", "K3", "S1", "S2", "S3", "S4", "S5", "S6"]
    assert len(certificate.token) >= 22 and len(certificate.code) == 10
    assert set(certificate.code) <= set(CODE_ALPHABET)
    claims = credential.verify(certificate.credential, credential.public_keys())
    vc = claims["vc"]
    assert "OpenBadgeCredential" in vc["type"] and vc["@context"] == credential.VC_CONTEXT
    assert vc["credentialSubject"]["name"] == "Nguyễn Thị An"
    assert vc["id"] == f"http://testserver/verify/{certificate.token}/"
    assert vc["issuer"]["name"] == "Phong trào Bình dân học vụ số, Thành phố Hà Nội"
    # Asking again, by any route, gives the same certificate.
    assert do_issue_certificate(an, CertificateKind.STANDARD) == certificate
    assert Certificate.objects.filter(holder=an).count() == 1
    assert total(Place.objects.get(code="01"), Indicator.CERTIFICATES_ISSUED) == 1


def test_passing_a_course_quiz_issues_a_course_certificate(world: Cast) -> None:
    an = world.an
    questions = (practice("K1") + practice("K2"))[:10]
    event = new_event(Actor(an), EventKind.QUIZ_SUBMITTED, {})
    assert event is not None
    do_submit_quiz(Actor(an), course(), {q: q.answer for q in questions}, 120, event)
    found = Certificate.objects.get(holder=an)
    assert found.kind == CertificateKind.COURSE and found.course == course()
    assert found.title == f"Hoàn thành khóa học “{course().title}”"
    # Passing a course's quiz reaches none of the nine groups, and says so nowhere.
    assert found.groups == []
    achievement = credential.verify(found.credential, credential.public_keys())["vc"][
        "credentialSubject"
    ]["achievement"]
    assert achievement["tag"] == []
    assert achievement["id"] == "http://testserver/certificates/achievements/course-co-ban"


def test_a_failed_quiz_issues_nothing(world: Cast) -> None:
    an = world.an
    questions = [q for q in practice("K1") if q.kind == "true_false"]
    event = new_event(Actor(an), EventKind.QUIZ_SUBMITTED, {})
    assert event is not None
    do_submit_quiz(Actor(an), course(), {q: not q.answer for q in questions}, 120, event)
    assert not Certificate.objects.filter(holder=an).exists()


@pytest.mark.django_db(transaction=True)
def test_issuing_races_end_with_one_certificate(places: None) -> None:
    """Four requests issue the same achievement at once: the UNIQUE constraint leaves one."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    hoa = sign_up("0913000011", "Nguyễn Thị Hoa", hcm_commune())
    barrier = threading.Barrier(4)
    made: list[int] = []
    errors: list[BaseException] = []

    def issue() -> None:
        try:
            barrier.wait()
            made.append(do_issue_certificate(hoa, CertificateKind.STANDARD).pk)
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Certificate.objects.filter(holder=hoa).count() == 1
    assert len(set(made)) == 1
    assert live_cells() == recounted_cells()


def test_the_public_page_shows_valid_and_nothing_private(world: Cast, client: Client) -> None:
    pass_final(world.an)
    certificate = Certificate.objects.get(holder=world.an)
    page = verify_page(client, certificate)
    assert page.status_code == 200
    text = page.text
    assert "Hợp lệ" in text and "Nguyễn T*** A***" in text
    assert "Nguyễn Thị An" not in text
    assert "Đạt chuẩn kỹ năng số cơ bản" in text and "Thành phố Hà Nội" in text
    assert shown_code(certificate.code) in text
    assert "0912345678" not in text and str(world.an.birth_year) not in text
    assert client.get("/verify/not-a-real-token-at-all/").status_code == 404


def test_a_revoked_certificate_says_so_and_stops_counting(world: Cast, client: Client) -> None:
    pass_final(world.an)
    certificate = Certificate.objects.get(holder=world.an)
    hanoi = Place.objects.get(code="01")
    assert total(hanoi, Indicator.CERTIFICATES_ISSUED) == 1
    do_revoke_certificate(world.dung, certificate, "Cấp nhầm người")
    page = verify_page(client, certificate)
    assert "Đã thu hồi" in page.text and "Hợp lệ" not in page.text
    assert total(hanoi, Indicator.CERTIFICATES_ISSUED) == 0
    assert live_cells() == recounted_cells()


def test_a_rejected_final_takes_the_certificate_back(world: Cast) -> None:
    pass_final(world.an)
    flag = Flag.objects.get(person=world.an)
    do_decide_flag(world.dung, flag, accept=False)
    assert not StandardReached.objects.filter(user=world.an).exists()
    certificate = Certificate.objects.get(holder=world.an)
    assert certificate.revoked_at is not None
    assert total(Place.objects.get(code="01"), Indicator.CERTIFICATES_ISSUED) == 0


def assessed_in_person(cast: Cast, person: Any) -> Certificate | None:
    """Dũng saw the person pass all nine groups in Ba Đình today."""
    _, certificate = do_record_assessment(
        cast.dung,
        person,
        place=Place.objects.get(code="00004"),
        assessed_on=timezone.localdate(),
        groups=list(GROUPS),
        passed=True,
    )
    return certificate


def test_a_revoked_certificate_can_be_issued_again(world: Cast, client: Client) -> None:
    """Revoke and reissue (a leaked key, docs/operations.md): the old one stays revoked on its
    page, the new one is valid and counts once."""
    old = do_issue_certificate(world.an, CertificateKind.STANDARD)
    do_revoke_certificate(world.dung, old, "Khóa ký bị lộ")
    new = do_issue_certificate(world.an, CertificateKind.STANDARD)
    assert new.pk != old.pk and new.revoked_at is None
    assert new.token != old.token and new.code != old.code
    assert do_issue_certificate(world.an, CertificateKind.STANDARD) == new
    assert "Đã thu hồi" in verify_page(client, old).text
    assert "Hợp lệ" in verify_page(client, new).text
    assert total(Place.objects.get(code="01"), Indicator.CERTIFICATES_ISSUED) == 1
    assert live_cells() == recounted_cells()


def test_an_in_person_pass_after_a_withdrawn_standard_gives_a_valid_certificate(
    world: Cast,
) -> None:
    pass_final(world.an)
    do_decide_flag(world.dung, Flag.objects.get(person=world.an), accept=False)
    certificate = assessed_in_person(world, world.an)
    assert certificate is not None and certificate.revoked_at is None
    assert certificate.in_person is not None
    assert Certificate.objects.filter(holder=world.an, revoked_at=None).get() == certificate
    assert total(Place.objects.get(code="01"), Indicator.CERTIFICATES_ISSUED) == 1
    assert live_cells() == recounted_cells()


def test_an_in_person_pass_outlives_the_rejection_of_the_online_final(world: Cast) -> None:
    """Decision 22: an assessor saw it done, so a later rejection of the online evidence takes
    neither the standard nor the certificate away."""
    pass_final(world.an)
    certificate = Certificate.objects.get(holder=world.an)
    assert assessed_in_person(world, world.an) == certificate  # she already had it
    do_decide_flag(world.dung, Flag.objects.get(person=world.an), accept=False)
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    assert StandardReached.objects.get(user=world.an).route == Route.IN_PERSON
    hanoi = Place.objects.get(code="01")
    assert total(hanoi, Indicator.CERTIFICATES_ISSUED) == 1
    assert total(hanoi, Indicator.LEARNERS_STANDARD) == 1
    assert live_cells() == recounted_cells()


def test_deleting_an_account_with_an_in_person_certificate_uncounts_it(world: Cast) -> None:
    assert assessed_in_person(world, world.lan) is not None
    do_delete_account(world.lan)
    assert not Certificate.objects.filter(holder_name="Đỗ Thị Lan").exists()
    assert not InPersonAssessment.objects.exists()
    assert total(Place.objects.get(code="01"), Indicator.CERTIFICATES_ISSUED) == 0
    assert live_cells() == recounted_cells()


def test_an_address_that_is_no_token_is_404_without_a_lookup(client: Client) -> None:
    """A NUL byte in the address made PostgreSQL refuse the query (a 500 there)."""
    assert client.get("/verify/%00/").status_code == 404
    assert client.get("/verify/a%20b/").status_code == 404


def test_the_short_code_works_only_with_the_birth_year(world: Cast, client: Client) -> None:
    pass_final(world.an)
    certificate = Certificate.objects.get(holder=world.an)
    typed = shown_code(certificate.code).lower().replace("-", " ")
    found = client.post("/verify/", {"code": typed, "birth_year": world.an.birth_year})
    assert found.status_code == 200 and "Hợp lệ" in found.text
    wrong_year = client.post("/verify/", {"code": typed, "birth_year": 1990})
    assert wrong_year.status_code == 404
    assert "Không có chứng nhận nào khớp" in wrong_year.text
    bad = client.post("/verify/", {"code": "O0-1I", "birth_year": "năm"})
    assert bad.status_code == 400
    assert "Mã chứng nhận gồm mười chữ và số" in bad.text
    assert 'value="O0-1I"' in bad.text  # what was typed is kept


def test_lookups_are_limited_per_client_whatever_it_claims(world: Cast) -> None:
    pass_final(world.an)
    certificate = Certificate.objects.get(holder=world.an)
    client = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(LOOKUPS_PER_WINDOW):
        assert verify_page(client, certificate).status_code == 200, n
    assert verify_page(client, certificate).status_code == 429
    spoofed = client.get(f"/verify/{certificate.token}/", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert spoofed.status_code == 429
    assert (
        Client(REMOTE_ADDR="203.0.113.10").get(f"/verify/{certificate.token}/").status_code == 200
    )
    for _ in range(CODE_TRIES_PER_WINDOW):
        client.post("/verify/", {"code": "ACDEF-GHJKM", "birth_year": 1960})
    blocked = client.post("/verify/", {"code": "ACDEF-GHJKM", "birth_year": 1960})
    assert blocked.status_code == 429 and "Kiểm tra quá nhiều lần" in blocked.text


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_verify_certificate_accepts_a_real_one_and_refuses_forgeries(
    world: Cast, tmp_path: Path, capsys: Any
) -> None:
    pass_final(world.an)
    token = Certificate.objects.get(holder=world.an).credential
    call_command("verify_certificate", str(_write(tmp_path, "real.jwt", token)))
    assert "VALID: “Đạt chuẩn kỹ năng số cơ bản” for Nguyễn Thị An" in capsys.readouterr().out

    header, payload, signature = token.split(".")
    claims = jwt.decode(token, options={"verify_signature": False})
    claims["vc"]["credentialSubject"]["name"] = "Kẻ Giả Mạo"
    altered_payload = jwt.utils.base64url_encode(json.dumps(claims).encode()).decode()
    altered = _write(tmp_path, "altered.jwt", f"{header}.{altered_payload}.{signature}")
    with pytest.raises(CommandError, match="NOT VALID"):
        call_command("verify_certificate", str(altered))

    kid = jwt.get_unverified_header(token)["kid"]
    forged_token = jwt.encode(
        claims, Ed25519PrivateKey.generate(), algorithm="EdDSA", headers={"kid": kid}
    )
    with pytest.raises(CommandError, match="NOT VALID"):
        call_command("verify_certificate", str(_write(tmp_path, "forged.jwt", forged_token)))

    stranger = jwt.encode(
        claims, Ed25519PrivateKey.generate(), algorithm="EdDSA", headers={"kid": "someone"}
    )
    with pytest.raises(CommandError, match="unknown key"):
        call_command("verify_certificate", str(_write(tmp_path, "stranger.jwt", stranger)))
    with pytest.raises(CommandError, match="NOT VALID"):
        call_command("verify_certificate", str(_write(tmp_path, "junk.jwt", "not a token")))


def test_verify_certificate_names_a_file_that_is_no_jwk_set(world: Cast, tmp_path: Path) -> None:
    pass_final(world.an)
    token = _write(tmp_path, "c.jwt", Certificate.objects.get(holder=world.an).credential)
    for name, text in [
        ("list.json", "[1, 2]"),
        ("no-x.json", '{"keys": [{"kty": "OKP", "crv": "Ed25519", "kid": "k"}]}'),
        ("keys-text.json", '{"keys": "k"}'),
    ]:
        with pytest.raises(CommandError, match="is not a JWK set"):
            call_command(
                "verify_certificate", str(token), "--jwks", str(_write(tmp_path, name, text))
            )


def test_keys_rotate_and_old_certificates_still_verify_offline(
    world: Cast, tmp_path: Path, settings: Any, client: Client
) -> None:
    settings.CERTIFICATE_KEYS_DIR = tmp_path / "keys"
    pass_final(world.an)
    old = Certificate.objects.get(holder=world.an).credential
    call_command("make_signing_key", stdout=(out := StringIO()))
    assert "signs from now on" in out.getvalue()
    pass_final(world.binh)
    new = Certificate.objects.get(holder=world.binh).credential
    old_kid, new_kid = (jwt.get_unverified_header(t)["kid"] for t in (old, new))
    assert old_kid != new_kid
    published = client.get("/.well-known/jwks.json").json()
    assert sorted(k["kid"] for k in published["keys"]) == sorted([old_kid, new_kid])
    # A school with only the published keys, no database and no key folder.
    keys_file = _write(tmp_path, "jwks.json", json.dumps(published))
    settings.CERTIFICATE_KEYS_DIR = tmp_path / "empty"
    for token in (old, new):
        call_command(
            "verify_certificate", str(_write(tmp_path, "c.jwt", token)), "--jwks", str(keys_file)
        )


def test_a_code_cannot_be_used_to_guess_the_birth_year(world: Cast) -> None:
    """Wrong years for one code are counted from every address together."""
    pass_final(world.an)
    certificate = Certificate.objects.get(holder=world.an)
    for n, year in enumerate(range(1960, 1960 + MISSES_PER_CODE)):
        client = Client(REMOTE_ADDR=f"203.0.113.{n + 20}")
        assert (
            client.post("/verify/", {"code": certificate.code, "birth_year": year}).status_code
            == 404
        )
    right = Client(REMOTE_ADDR="203.0.113.99").post(
        "/verify/", {"code": certificate.code, "birth_year": world.an.birth_year}
    )
    assert right.status_code == 429 and "tạm khóa đến ngày mai" in right.text
    # The QR address still works for whoever holds the certificate.
    assert Client().get(f"/verify/{certificate.token}/").status_code == 200
