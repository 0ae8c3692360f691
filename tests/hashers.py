"""A password hasher that counts how often it runs, for structural tests of sign-in paths."""

from typing import Any

from django.contrib.auth.hashers import MD5PasswordHasher

CALLS: list[str] = []


class CountingHasher(MD5PasswordHasher):
    algorithm = "counting_md5"

    def encode(self, password: str, salt: str, *args: Any, **kwargs: Any) -> str:
        CALLS.append("encode")
        return super().encode(password, salt, *args, **kwargs)
