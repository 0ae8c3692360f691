"""Settings for every deployment, read from the environment with safe embedded defaults."""

import os
import secrets
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from hocvuso import __version__

BASE_DIR = Path(__file__).resolve().parent.parent
RELEASE = __version__  # names the service worker's caches, so a release refreshes them


def envbool(name: str, default: str) -> bool:
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: str) -> int:
    return int(os.environ.get(name, default))


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Where the embedded run keeps its database and generated secret; never inside git.
DATA_DIR = Path(os.environ.get("DATA_DIR", BASE_DIR / "var"))


def _embedded_secret_key() -> str:
    """A random key made once per machine and kept in DATA_DIR, so no secret sits in git.

    Written to a temporary file and linked into place, so two processes starting together
    agree on one key and never read a half-written file.
    """
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=DATA_DIR, prefix=".secret_key.")
        try:
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_urlsafe(50))
            os.link(tmp, path)
        except FileExistsError:
            pass  # another process won the race; use its key
        finally:
            os.unlink(tmp)
    return path.read_text().strip()


DEBUG = envbool("DEBUG", "0")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")

# Security. A deployment that answers to any host name beyond this machine gets HTTPS, HSTS and
# secure cookies by default. The embedded run, which answers only on loopback, serves plain
# HTTP; USE_HTTPS=0 or 1 overrides either way (docs/operations.md).
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
USE_HTTPS = envbool("USE_HTTPS", "0" if DEBUG or set(ALLOWED_HOSTS) <= LOOPBACK_HOSTS else "1")

if os.environ.get("SECRET_KEY"):
    SECRET_KEY = os.environ["SECRET_KEY"]
elif USE_HTTPS:
    # Several app processes behind a load balancer must share one key; a key made per
    # machine would break every form between them.
    raise ImproperlyConfigured("Set SECRET_KEY: a public deployment needs one shared secret key.")
else:
    SECRET_KEY = _embedded_secret_key()

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks_db",
    "axes",
    "hocvuso.core",
    "hocvuso.places",
    "hocvuso.tally",
    "hocvuso.accounts",
    "hocvuso.integrity",
    "hocvuso.curriculum",
    "hocvuso.learning",
    "hocvuso.certificates",
    "hocvuso.pwa",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages are small but phones are on 3G; Django masks the CSRF token and pads the gzip
    # header against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hocvuso.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "hocvuso.core.middleware.NFCInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "hocvuso.accounts.middleware.PrivatePagesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    # Innermost, so the page it draws still gets its CSRF cookie and frame headers.
    "hocvuso.core.middleware.MethodNotAllowedPageMiddleware",
]

ROOT_URLCONF = "hocvuso.urls"
# The address people reach the platform at: certificates carry it in their QR code and their
# signed credential, so it must be the public one in production.
PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
# Ed25519 keys that sign certificates (docs/operations.md): outside git, one file per key.
CERTIFICATE_KEYS_DIR = Path(os.environ.get("CERTIFICATE_KEYS_DIR", DATA_DIR / "certificate-keys"))
WSGI_APPLICATION = "hocvuso.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hocvuso.core.context_processors.site",
                "hocvuso.accounts.context_processors.account",
            ],
        },
    },
]

# Database: SQLite in WAL mode by default (one laptop in a commune office); PostgreSQL through
# DATABASE_URL for a province or the nation.
_SQLITE_PATH = DATA_DIR / "db.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{_SQLITE_PATH}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: local memory by default; Redis when REDIS_URL is set.
if REDIS_URL := os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Accounts: sign-in with a mobile number; argon2; lockout per (number, address) pair so that
# nobody can lock another person out from elsewhere; the address is the socket's own
# (hocvuso.accounts.security.client_ip), so a forged X-Forwarded-For changes nothing.
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ["phone", "full_name"]},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/accounts/sign-in/"
LOGIN_REDIRECT_URL = "/accounts/profile/"
SESSION_COOKIE_AGE = 14 * 24 * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "phone"
AXES_USERNAME_CALLABLE = "hocvuso.accounts.security.axes_username"
AXES_CLIENT_IP_CALLABLE = "hocvuso.accounts.security.client_ip"
AXES_LOCKOUT_CALLABLE = "hocvuso.accounts.security.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
# Trusted reverse proxies in front of the app (0: none); their X-Forwarded-For entries count.
PROXY_COUNT = envint("PROXY_COUNT", "1" if envbool("BEHIND_PROXY", "0") else "0")
# Where one-time codes go: console, file (DATA_DIR/sms/outbox.jsonl) or a provider class path.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "file")

# Language: Vietnamese by default, English second. The choice is a cookie on the device;
# a browser's Accept-Language does not switch a Vietnamese site to English.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "hocvuso" / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG

SECURE_SSL_REDIRECT = USE_HTTPS
SESSION_COOKIE_SECURE = USE_HTTPS
CSRF_COOKIE_SECURE = USE_HTTPS
LANGUAGE_COOKIE_SECURE = USE_HTTPS
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000") if USE_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = USE_HTTPS
SECURE_HSTS_PRELOAD = USE_HTTPS
if envbool("BEHIND_PROXY", "0"):
    # Only behind a proxy that sets this header itself; otherwise a client could forge it.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "hocvuso.core.views.csrf_failure"

# Content-Security-Policy from the first page: no 'unsafe-inline' anywhere; the rare inline
# script carries the per-request nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "worker-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},
        # fpdf2 subsets fonts with fontTools, which tells every step at INFO.
        "fontTools": {"level": "WARNING"},
    },
}
