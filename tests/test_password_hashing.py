"""Real deployments hash passwords with argon2 (the other tests use a fast hasher)."""

from typing import Any

import pytest
from django.conf import settings as project

from hocvuso.accounts.models import User

ARGON2_FIRST = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]


def test_the_project_setting_puts_argon2_first() -> None:
    from hocvuso import settings as module

    assert module.PASSWORD_HASHERS == ARGON2_FIRST
    assert project.AUTH_USER_MODEL == "accounts.User"


@pytest.mark.django_db
def test_a_password_is_stored_as_an_argon2_hash(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ARGON2_FIRST
    user = User.objects.create_user("+84912345678", "mot-cau-de-nho-lau")
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password("mot-cau-de-nho-lau")
