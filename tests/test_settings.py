"""Settings come from the environment, with safe defaults and a production mode that passes --deploy."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRINT_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], "
    "'db': str(s.DATABASES['default']['NAME']), 'cache': s.CACHES['default']['BACKEND'], "
    "'https': s.USE_HTTPS, 'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS, "
    "'key_len': len(s.SECRET_KEY)}))"
)


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "USE_HTTPS"}
        and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return {**env, "DJANGO_SETTINGS_MODULE": "hocvuso.settings", "DATA_DIR": str(tmp_path), **extra}


def _settings(tmp_path: Path, **extra: str) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=ROOT,
        env=_env(tmp_path, **extra),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_the_embedded_defaults_are_safe(tmp_path: Path) -> None:
    s = _settings(tmp_path)
    assert s["engine"] == "django.db.backends.sqlite3"
    assert s["db"] == str(tmp_path / "db.sqlite3")
    assert s["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert s["debug"] is False
    assert s["hosts"] == ["127.0.0.1", "localhost"]
    assert s["https"] is False  # loopback only: plain HTTP on the laptop


def test_a_secret_key_is_made_once_outside_git_and_kept(tmp_path: Path) -> None:
    first = _settings(tmp_path)
    key_file = tmp_path / "secret_key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert first["key_len"] == len(key_file.read_text().strip()) >= 50
    before = key_file.read_text()
    _settings(tmp_path)
    assert key_file.read_text() == before
    ignored = subprocess.run(["git", "check-ignore", "-q", "var/secret_key"], cwd=ROOT)
    assert ignored.returncode == 0


def test_database_and_cache_come_from_the_environment(tmp_path: Path) -> None:
    s = _settings(
        tmp_path,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/hocvuso",
        REDIS_URL="redis://127.0.0.1:6379/1",
    )
    assert s["engine"] == "django.db.backends.postgresql"
    assert s["db"] == "hocvuso"
    assert s["cache"] == "django.core.cache.backends.redis.RedisCache"


def test_a_public_host_turns_https_on(tmp_path: Path) -> None:
    public = {"ALLOWED_HOSTS": "hocvuso.example.vn", "SECRET_KEY": "k" * 60}
    assert _settings(tmp_path, **public)["https"] is True
    assert _settings(tmp_path, **public, USE_HTTPS="0")["https"] is False


def test_a_public_deployment_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=_env(tmp_path, ALLOWED_HOSTS="hocvuso.example.vn"),
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr
    assert not (tmp_path / "secret_key").exists()


def test_processes_starting_together_agree_on_one_key(tmp_path: Path) -> None:
    starts = [
        subprocess.Popen(
            [sys.executable, "-c", PRINT_SETTINGS.replace("len(s.SECRET_KEY)", "s.SECRET_KEY")],
            cwd=ROOT,
            env=_env(tmp_path),
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    keys = {json.loads(p.communicate()[0].strip().splitlines()[-1])["key_len"] for p in starts}
    assert len(keys) == 1
    assert keys == {(tmp_path / "secret_key").read_text().strip()}
    assert [f.name for f in tmp_path.iterdir() if f.name.startswith(".secret_key")] == []


def _deploy_check(tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_env(tmp_path, SECRET_KEY="k7#Qz" + "x9Lm2Vb8Rt4Wp6Ys3Hd5Jf1Gn0Ck" * 2, **extra),
        capture_output=True,
        text=True,
    )


def test_production_settings_pass_the_deploy_check(tmp_path: Path) -> None:
    result = _deploy_check(tmp_path, DEBUG="0", ALLOWED_HOSTS="hocvuso.example.vn")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deploy_check_fails_without_https(tmp_path: Path) -> None:
    result = _deploy_check(tmp_path, ALLOWED_HOSTS="hocvuso.example.vn", USE_HTTPS="0")
    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT" in result.stderr + result.stdout
