"""Werkstatt settings, read from the environment.

Development (the default) runs with no configuration at all. Production mode
(``WERKSTATT_PRODUCTION=1``) refuses to start without a real SECRET_KEY and ALLOWED_HOSTS.
"""

import os
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = env_bool("WERKSTATT_PRODUCTION")
DEBUG = env_bool("DEBUG", default=not PRODUCTION)

_DEV_SECRET_KEY = "django-insecure-werkstatt-development-only"
SECRET_KEY = os.environ.get("SECRET_KEY", "" if PRODUCTION else _DEV_SECRET_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,[::1],testserver")

if PRODUCTION:
    if len(SECRET_KEY) < 50 or SECRET_KEY == _DEV_SECRET_KEY or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured(
            "Production mode needs SECRET_KEY set to a random value of 50+ characters."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Production mode needs ALLOWED_HOSTS (comma-separated host names).")
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off in production mode.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "workshops",
    "participants",
    "discussion",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "config.middleware.HtmxLoginRedirectMiddleware",
    # Turns a blocked rate limit (django-ratelimit's Ratelimited) into RATELIMIT_VIEW's 429 page.
    "django_ratelimit.middleware.RatelimitMiddleware",
]

if PRODUCTION:
    # WhiteNoise serves the collected static files; in development runserver serves them.
    MIDDLEWARE.insert(2, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "config.context_processors.site",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]

# Database: SQLite in the project folder unless DATABASE_URL names another.
# WAL, a busy timeout and IMMEDIATE transactions let a room full of phones write at once
# without "database is locked".
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": Path(os.environ.get("SQLITE_PATH", BASE_DIR / "db.sqlite3")),
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
            },
            # Keep the connection between requests: opening SQLite and running the PRAGMAs per
            # request costs more than a live-wall poll itself.
            "CONN_MAX_AGE": 60,
            # Tests run real threads against the database (voting races, live server), which the
            # shared-cache in-memory database cannot serve: it fails with "table is locked" instead
            # of waiting. A file keeps WAL, the busy timeout and IMMEDIATE transactions in play.
            "TEST": {"NAME": str(Path(tempfile.gettempdir()) / f"werkstatt-test-{os.getpid()}.sqlite3")},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Caches: Redis when REDIS_URL is set (several app processes share the live-wall fragments
# and the rate-limit counters); an in-process cache otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "werkstatt"}
    }

# Signed-cookie sessions: no database query per request, so a live-wall poll can stay at
# one query. Sessions hold only ids and flags, never personal data.
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 30

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workshops:dashboard"
LOGOUT_REDIRECT_URL = "login"

# Language: German (formal "Sie") by default, English second. Source strings are German,
# so the default language never depends on a compiled catalogue.
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("Englisch"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Security headers. The CSP is strict: no inline scripts, styles or handlers anywhere.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie; kept default.
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Rate limits (django-ratelimit) use the default cache. The in-process cache is fine for one
# process; several processes need REDIS_URL.
RATELIMIT_VIEW = "config.views.rate_limited"
# A whole room may share the venue's Wi-Fi address, so the join limit per IP is generous.
WERKSTATT_JOINS_PER_IP_PER_MINUTE = int(os.environ.get("WERKSTATT_JOINS_PER_IP_PER_MINUTE", 30))
# Behind a reverse proxy, the client address comes from a header the proxy sets, e.g.
# RATELIMIT_IP_META_KEY=HTTP_X_REAL_IP (django-ratelimit reads REMOTE_ADDR otherwise).
if os.environ.get("RATELIMIT_IP_META_KEY"):
    RATELIMIT_IP_META_KEY = os.environ["RATELIMIT_IP_META_KEY"]
# How much later than the database a live wall may be (seconds). Each process answers polls from
# the revision it read this long ago, and a wall that only gained answers meanwhile is served as
# rendered this long ago (the next poll brings the rest). A full room then costs the database about
# one query per question and second per process, and rendering one wall per second. 0: always fresh.
WERKSTATT_LIVE_LAG_SECONDS = float(os.environ.get("WERKSTATT_LIVE_LAG_SECONDS", 1))
# HSTS preloading is a commitment only the operator can make (SECURE_HSTS_PRELOAD=1).
SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Operator-configurable legal pages (public bodies need both).
WERKSTATT_IMPRESSUM_URL = os.environ.get("WERKSTATT_IMPRESSUM_URL", "")
WERKSTATT_ACCESSIBILITY_URL = os.environ.get("WERKSTATT_ACCESSIBILITY_URL", "")
WERKSTATT_OPERATOR = os.environ.get("WERKSTATT_OPERATOR", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
