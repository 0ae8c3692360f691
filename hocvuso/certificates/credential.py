"""Certificates as Open Badges 3.0 credentials (W3C Verifiable Credentials), signed as VC-JWT
with the platform's Ed25519 key.

Keys live in settings.CERTIFICATE_KEYS_DIR, one PEM file per key named after its key id; the
newest signs, the older ones stay so certificates they signed still verify. The public keys
are published as a JWK set at /.well-known/jwks.json. Checking a credential needs only the
public keys: no database (see `manage.py verify_certificate`)."""

from __future__ import annotations

import base64
import datetime
import json
import os
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.utils import timezone

VC_CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
ALGORITHM = "EdDSA"


@dataclass(frozen=True)
class SigningKey:
    kid: str
    private: Ed25519PrivateKey


def keys_dir() -> Path:
    return Path(settings.CERTIFICATE_KEYS_DIR)


def make_key(directory: Path | None = None) -> str:
    """A new Ed25519 key, written only for its owner; it becomes the signing key."""
    directory = directory or keys_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    kid = timezone.now().strftime("%Y%m%d%H%M%S%f") + "-" + secrets.token_hex(3)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".key.")
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
    os.chmod(tmp, 0o600)
    os.replace(tmp, directory / f"{kid}.pem")
    return kid


def _key_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.pem")) if directory.is_dir() else []


def signing_key() -> SigningKey:
    """The newest key; the first certificate on a new machine makes one."""
    files = _key_files(keys_dir())
    if not files:
        make_key()
        files = _key_files(keys_dir())
    newest = files[-1]
    private = serialization.load_pem_private_key(newest.read_bytes(), password=None)
    if not isinstance(private, Ed25519PrivateKey):
        raise ValueError(f"{newest} is not an Ed25519 key")
    return SigningKey(newest.stem, private)


def public_keys(directory: Path | None = None) -> dict[str, Ed25519PublicKey]:
    found: dict[str, Ed25519PublicKey] = {}
    for path in _key_files(directory or keys_dir()):
        private = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if isinstance(private, Ed25519PrivateKey):
            found[path.stem] = private.public_key()
    return found


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def jwks(directory: Path | None = None) -> dict[str, Any]:
    """The public keys as a JWK set (RFC 8037: OKP, Ed25519)."""
    keys = []
    for kid, public in public_keys(directory).items():
        raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        keys.append(
            {
                "kty": "OKP",
                "crv": "Ed25519",
                "x": _b64(raw),
                "kid": kid,
                "alg": ALGORITHM,
                "use": "sig",
            }
        )
    return {"keys": keys}


def keys_from_jwks(data: Any) -> dict[str, Ed25519PublicKey]:
    """The Ed25519 keys of a JWK set; ValueError if it is not one (so a verifier's wrong file
    is named as such, not a traceback)."""
    keys = data.get("keys") if isinstance(data, dict) else None
    if not isinstance(keys, list) or not all(isinstance(key, dict) for key in keys):
        raise ValueError("no list of keys")
    found: dict[str, Ed25519PublicKey] = {}
    for key in keys:
        if key.get("kty") == "OKP" and key.get("crv") == "Ed25519" and key.get("kid"):
            x = key.get("x")
            if not isinstance(x, str):
                raise ValueError(f"key {key['kid']!r} has no public value")
            raw = base64.urlsafe_b64decode(x + "=" * (-len(x) % 4))
            found[str(key["kid"])] = Ed25519PublicKey.from_public_bytes(raw)
    return found


def issuer_id() -> str:
    return f"{settings.PUBLIC_URL}/"


def credential_payload(
    *,
    verify_url: str,
    achievement_key: str,
    holder_name: str,
    title: str,
    description: str,
    groups: list[str],
    issued_at: datetime.datetime,
    issuer_name: str,
    in_person: bool,
) -> dict[str, Any]:
    valid_from = issued_at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    achievement = {
        "id": f"{settings.PUBLIC_URL}/certificates/achievements/{achievement_key}",
        "type": ["Achievement"],
        "name": title,
        "description": description,
        "criteria": {"narrative": description},
        "tag": groups,
    }
    vc = {
        "@context": VC_CONTEXT,
        "id": verify_url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer_id(), "type": ["Profile"], "name": issuer_name},
        "validFrom": valid_from,
        "name": title,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": holder_name,
            "achievement": achievement,
            "evidence": "in_person" if in_person else "online",
        },
    }
    return {
        "iss": issuer_id(),
        "jti": verify_url,
        "nbf": int(issued_at.timestamp()),
        "iat": int(issued_at.timestamp()),
        "vc": vc,
    }


def sign(payload: dict[str, Any]) -> str:
    key = signing_key()
    return jwt.encode(
        payload, key.private, algorithm=ALGORITHM, headers={"kid": key.kid, "typ": "vc+jwt"}
    )


class NotValid(Exception):
    """A credential that is forged, altered, malformed or signed by an unknown key."""


def verify(token: str, keys: dict[str, Ed25519PublicKey]) -> dict[str, Any]:
    """The credential's claims if its signature is right with one of `keys`."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as error:
        raise NotValid(f"not a VC-JWT: {error}") from error
    kid = header.get("kid")
    if header.get("alg") != ALGORITHM or kid not in keys:
        raise NotValid(f"unknown key {kid!r}")
    try:
        claims: dict[str, Any] = jwt.decode(
            token, keys[kid], algorithms=[ALGORITHM], options={"verify_aud": False}
        )
    except jwt.PyJWTError as error:
        raise NotValid(f"signature or claims do not hold: {error}") from error
    if "vc" not in claims or "OpenBadgeCredential" not in claims["vc"].get("type", []):
        raise NotValid("not an Open Badges credential")
    return claims


def dumps(claims: dict[str, Any]) -> str:
    return json.dumps(claims, ensure_ascii=False, indent=2)
