"""The first administrator is made with manage.py createsuperuser and holds the root admin role."""

from typing import Any

import pytest
from django.core.management import call_command

from hocvuso.accounts.models import Role, RoleKind, User

pytestmark = pytest.mark.django_db


def test_createsuperuser_makes_a_national_admin(places: None, monkeypatch: Any) -> None:
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "mot-cau-rat-dai-de-nho")
    call_command(
        "createsuperuser",
        interactive=False,
        phone="0912 345 678",
        full_name="Trần Quản Trị",
        verbosity=0,
    )
    admin = User.objects.get(phone="+84912345678")
    assert admin.is_verified
    assert Role.objects.filter(user=admin, kind=RoleKind.ADMIN, place__code="VN").exists()
