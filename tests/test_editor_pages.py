"""Editors upload a zipped pack, read the report, preview lessons and publish, in their scope."""

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from hocvuso.curriculum.actions import live_lessons_for
from hocvuso.curriculum.models import ContentPack, PackVersion, VersionStatus
from hocvuso.places.models import Place
from tests.cast import Cast, sign_in
from tests.packs import SAMPLE, national_sample

pytestmark = pytest.mark.django_db


def zipped(root: Path, name: str = "pack.zip") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in root.rglob("*"):
            if path.is_file():
                archive.write(path, path.relative_to(root).as_posix())
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/zip")


def hanoi_pack(tmp_path: Path, owner: str = "01") -> Path:
    root = tmp_path / "pack"
    shutil.copytree(SAMPLE, root)
    (root / "framework.yaml").unlink()
    meta = root / "pack.yaml"
    meta.write_text(
        meta.read_text()
        .replace("id: sample", "id: ha-noi")
        .replace("owner: national", f'owner: "{owner}"')
    )
    course = root / "courses" / "an-toan-co-ban.yaml"
    course.write_text(course.read_text().replace("id: an-toan-co-ban", "id: an-toan-ha-noi"))
    lesson = root / "lessons" / "giu-ma-otp.md"
    lesson.write_text(
        lesson.read_text().replace("title: Giữ bí mật mã OTP", "title: Giữ bí mật mã OTP ở Hà Nội")
    )
    return root


def test_an_editor_uploads_previews_and_publishes(cast: Cast, tmp_path: Path) -> None:
    national_sample()
    dung = sign_in(Client(), cast.dung)
    response = dung.post("/curriculum/packs/", {"archive": zipped(hanoi_pack(tmp_path))})
    assert response.status_code == 302
    version = PackVersion.objects.get(pack__pack_id="ha-noi")
    assert version.status == VersionStatus.DRAFT
    page = dung.get(f"/curriculum/versions/{version.pk}/")
    assert "Giữ bí mật mã OTP ở Hà Nội" in page.text
    preview = dung.get(f"/curriculum/versions/{version.pk}/lessons/giu-ma-otp/")
    assert '<aside class="box box-safety" aria-label="Lưu ý an toàn">' in preview.text
    assert (
        f'src="/curriculum/versions/{version.pk}/files/lessons/images/tin-nhan-otp.svg"'
        in preview.text
    )
    picture = dung.get(f"/curriculum/versions/{version.pk}/files/lessons/images/tin-nhan-otp.svg")
    assert (
        picture["Content-Type"] == "image/svg+xml"
        and "sandbox" in picture["Content-Security-Policy"]
    )
    ward = Place.objects.get(code="00004")
    assert live_lessons_for(ward)["giu-ma-otp"].title == "Giữ bí mật mã OTP"  # a draft is invisible
    assert dung.get(f"/curriculum/versions/{version.pk}/publish/").status_code == 200  # asks first
    assert dung.post(f"/curriculum/versions/{version.pk}/publish/").status_code == 302
    assert live_lessons_for(ward)["giu-ma-otp"].title == "Giữ bí mật mã OTP ở Hà Nội"


def test_a_broken_pack_shows_every_problem_and_keeps_nothing(cast: Cast, tmp_path: Path) -> None:
    national_sample()
    root = hanoi_pack(tmp_path)
    (root / "lessons" / "giu-ma-otp.md").write_text(
        (root / "lessons" / "giu-ma-otp.md")
        .read_text()
        .replace("competences: [S5.1]", "competences: [S9.9]")
    )
    dung = sign_in(Client(), cast.dung)
    response = dung.post("/curriculum/packs/", {"archive": zipped(root)})
    assert response.status_code == 200
    assert "<code>lessons/giu-ma-otp.md:4</code>" in response.text
    assert "<code>unknown_competence</code>" in response.text
    assert not ContentPack.objects.filter(pack_id="ha-noi").exists()


def test_an_editor_cannot_upload_for_another_province(cast: Cast, tmp_path: Path) -> None:
    national_sample()
    dung = sign_in(Client(), cast.dung)
    response = dung.post(
        "/curriculum/packs/", {"archive": zipped(hanoi_pack(tmp_path, owner="79"))}
    )
    assert response.status_code == 200
    assert "<code>bad_owner</code>" in response.text
    assert not ContentPack.objects.filter(pack_id="ha-noi").exists()


def test_only_zip_files_are_taken(cast: Cast) -> None:
    dung = sign_in(Client(), cast.dung)
    response = dung.post("/curriculum/packs/", {"archive": SimpleUploadedFile("bai.txt", b"hello")})
    assert response.status_code == 200
    assert response.context["form"].errors["archive"]
    fake = dung.post("/curriculum/packs/", {"archive": SimpleUploadedFile("bai.zip", b"not a zip")})
    assert fake.status_code == 200 and fake.context["problems"]


def test_learners_and_volunteers_have_no_editor_pages(cast: Cast) -> None:
    assert sign_in(Client(), cast.an).get("/curriculum/packs/").status_code == 403
    assert sign_in(Client(), cast.binh).get("/curriculum/packs/").status_code == 403
    assert Client().get("/curriculum/packs/").status_code == 302


def test_packs_page_rejects_put(cast: Cast) -> None:
    assert sign_in(Client(), cast.dung).put("/curriculum/packs/").status_code == 405
