"""Settings for Familienportal, read from the environment (see README, "Konfiguration")."""

from __future__ import annotations

import warnings
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from familyportal.env import (
    env_bool,
    env_database,
    env_int,
    env_list,
    env_str,
    env_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY") or ""
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it to a long random value (DEBUG=1 allows a dev key)."
        )
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Our apps come first so their templates (error pages, admin tweaks) win.
    "familyportal.core",
    "familyportal.accounts",
    "familyportal.organisations",
    "familyportal.audit",
    "familyportal.notices",
    "tagespflege",
    "kita",
    "beratung",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
]

MIDDLEWARE = [
    # First, so every log line of the request (and the response) carries the request id.
    "familyportal.core.logging.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "familyportal.urls"
WSGI_APPLICATION = "familyportal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "familyportal.core.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": env_database(
        "DATABASE_URL",
        default_sqlite_path=str(BASE_DIR / "db.sqlite3"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0, minimum=0),
    )
}
# PostgreSQL prices a random page read at four sequential ones by default, a figure for
# spinning disks; for SSDs and a working set in memory its manual suggests about 1.1. With 4
# the desk search scanned all 10,000 services instead of its GIN index (9 ms instead of 1).
# Set per connection (no extra round trip); empty leaves the server's value.
DATABASE_RANDOM_PAGE_COST = env_str("DATABASE_RANDOM_PAGE_COST", "1.1")
if DATABASES["default"]["ENGINE"].endswith("postgresql") and DATABASE_RANDOM_PAGE_COST:
    try:
        float(DATABASE_RANDOM_PAGE_COST)
    except ValueError:
        raise ImproperlyConfigured("DATABASE_RANDOM_PAGE_COST must be a number.") from None
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = (
        f"{_options.get('options', '')} -c random_page_cost={DATABASE_RANDOM_PAGE_COST}".strip()
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis in production (shared by all web processes); a per-process memory cache otherwise.
CACHE_URL = env_url("CACHE_URL", schemes={"redis", "rediss"})
CACHES = {
    "default": (
        {
            # Django's RedisCache, but a Redis outage makes it an empty cache, not error pages.
            "BACKEND": "familyportal.core.cache_backends.FailSoftRedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "familienportal",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

AUTH_USER_MODEL = "accounts.User"

# --- Accounts: django-allauth (sign-up, e-mail verification, log-in, password reset) ----------
# Everything about log-in lives in this block; docs/accounts.md explains the choices.
INSTALLED_APPS += ["allauth", "allauth.account"]
MIDDLEWARE += ["allauth.account.middleware.AccountMiddleware"]
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses log-ins while a username + IP pair is locked out
    # (familyportal/security, docs/security.md).
    "familyportal.security.axes.LockoutBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Log-in by e-mail with allauth's rate limits; ModelBackend stays for the admin's log-in.
    "allauth.account.auth_backends.AuthenticationBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Argon2id (OWASP parameters; why: familyportal/accounts/hashers.py); the others only read
# older hashes, which are upgraded at the next log-in.
PASSWORD_HASHERS = [
    "familyportal.accounts.hashers.OwaspArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"
ACCOUNT_ADAPTER = "familyportal.accounts.adapter.AccountAdapter"
# The preferred language is the only thing asked for besides e-mail and password.
ACCOUNT_SIGNUP_FORM_CLASS = "familyportal.accounts.forms.SignupExtraForm"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
# Nobody logs in before the address is confirmed: notices about children go to that address.
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# A link in the e-mail opens a page with a button; link scanners of mail providers only GET.
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
# One address per account, changed (after verifying the new one) rather than collected.
ACCOUNT_CHANGE_EMAIL = True
# Tell the owner when the password or the address changes.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Sign-up with a known address or a reset for an unknown one answers like any other, so the
# pages do not reveal who has an account (the e-mail tells the owner instead).
ACCOUNT_PREVENT_ENUMERATION = True
# allauth's default rate limits (log-in failures, sign-ups, resets, verification mails) apply;
# they count in the cache, so set CACHE_URL when running more than one web process.
# --- end of the accounts block ----------------------------------------------------------------

# --- Languages -------------------------------------------------------------------------------
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [
    BASE_DIR / "locale",
    # Formal ("Sie") German for django-allauth's strings, whose own catalogue says "du".
    BASE_DIR / "locale" / "overrides",
]
USE_I18N = True
TIME_ZONE = "Europe/Berlin"
USE_TZ = True
LANGUAGE_COOKIE_NAME = "familienportal_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"  # also set by core.views.switch_language
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600

# --- Static files ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
# Hashed, compressed file names need `collectstatic` first (the Docker image runs it); without
# it (first look, tests) files are served under their plain names.
STATICFILES_MANIFEST = env_bool("STATICFILES_MANIFEST", default=not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATICFILES_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Tests and the dev server find files without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_MANIFEST_STRICT = False

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- E-mail ------------------------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be set.")
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "Familienportal <noreply@familienportal.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery ------------------------------------------------------------------------------------
# Without a broker, tasks run eagerly in the request process: the same code path, for a first
# look and for the test suite. With CELERY_BROKER_URL set, a worker runs them.
CELERY_BROKER_URL = env_url("CELERY_BROKER_URL", schemes={"redis", "rediss", "amqp"})
# Results are only read by tests that wait for the worker; production tasks write to the database.
CELERY_RESULT_BACKEND = env_url("CELERY_RESULT_BACKEND", schemes={"redis", "rediss"})
CELERY_TASK_IGNORE_RESULT = CELERY_RESULT_BACKEND is None
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_EXPIRES = 3600
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request must not hang when the broker is down: give up within seconds and tell the user;
# notices are safe in the outbox and are sent once the broker is back.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.25,
    "interval_max": 0.5,
}

# --- Portal ------------------------------------------------------------------------------------
MUNICIPALITY_NAME = env_str("MUNICIPALITY_NAME", "Musterstadt")
# Leaflet tiles; the list works without them. Operators point this at their own tile server.
MAP_TILE_URL = env_str("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_ATTRIBUTION = env_str("MAP_ATTRIBUTION", "© OpenStreetMap contributors")
CATALOGUE_PAGE_SIZE = env_int("CATALOGUE_PAGE_SIZE", 20, minimum=1)
# Anonymous catalogue pages are served from the cache for this long (0: never cached).
CATALOGUE_CACHE_SECONDS = env_int("CATALOGUE_CACHE_SECONDS", 60, minimum=0)
FEEDBACK_EMAIL = env_str("FEEDBACK_EMAIL", "barrierefreiheit@familienportal.example")
# The portal's public address, for links in e-mails sent outside a request (e.g. by the worker).
PORTAL_URL = env_str("PORTAL_URL", "")
# A Unicode TrueType font for PDF letters (DejaVu is used when installed; else Helvetica).
LETTER_FONT = env_str("LETTER_FONT", "")
# Days before an offer's deadline when families are reminded.
ALLOCATION_REMINDER_DAYS = env_int("ALLOCATION_REMINDER_DAYS", 3, minimum=0)
# How many Kitas a family may rank in one pre-registration.
MAX_WISHES = env_int("MAX_WISHES", 5, minimum=1)

# --- Security ----------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# One line per record on stderr: JSON (with request_id and task_id) in production, readable
# text with DEBUG. See docs/operations.md.
LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "familyportal.core.logging.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "familyportal.core.logging.JsonFormatter"},
        "text": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
# The worker logs through the configuration above (JSON with the task id), not Celery's own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# /healthz (familyportal/core/health.py): a heartbeat older than this many seconds is "stale";
# with HEALTHZ_BROKER_REQUIRED a broker outage answers 503 instead of "degraded"; results are
# kept this many seconds per process.
HEALTHZ_HEARTBEAT_MAX_AGE = env_int("HEALTHZ_HEARTBEAT_MAX_AGE", 300, minimum=60)
HEALTHZ_BROKER_REQUIRED = env_bool("HEALTHZ_BROKER_REQUIRED", default=False)
HEALTHZ_CACHE_SECONDS = env_int("HEALTHZ_CACHE_SECONDS", 5, minimum=0)

# Our own deprecations should fail tests, third-party noise we cannot fix should not.
warnings.filterwarnings("ignore", module="kombu")

# --- Security hardening: second factor, lockout, idle timeout, CSP (docs/security.md) ---------
INSTALLED_APPS += [
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Recovery codes (one-time static tokens) for a lost authenticator app.
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "familyportal.security",
]
MIDDLEWARE += [
    "csp.middleware.CSPMiddleware",
    "familyportal.security.middleware.PermissionsPolicyMiddleware",
    # After authentication and messages: both need the user and may add a message.
    "familyportal.security.middleware.StaffIdleTimeoutMiddleware",
    "familyportal.security.middleware.SecondFactorMiddleware",
    # Last: turns a locked-out log-in attempt into the "try again in …" page.
    "axes.middleware.AxesMiddleware",
]
# Staff are logged out after this many minutes without a request; parents keep SESSION_COOKIE_AGE.
STAFF_SESSION_IDLE_MINUTES = env_int("STAFF_SESSION_IDLE_MINUTES", 30, minimum=1)
OTP_TOTP_ISSUER = f"Familienportal {MUNICIPALITY_NAME}"
# django-axes: after AXES_FAILURE_LIMIT failed log-ins for one address from one IP, that pair is
# locked for AXES_COOLOFF_MINUTES. allauth's own rate limit (5 failures per address in 5 minutes)
# throttles first; axes is the longer, database-backed lockout on top.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 10, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "familyportal.security.axes.username_from"
AXES_LOCKOUT_CALLABLE = "familyportal.security.views.lockout"
AXES_RESET_ON_SUCCESS = True
# Keep only the failures needed for the lockout, not a log of every log-in (data minimisation).
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
# Content-Security-Policy (django-csp 4): no inline scripts or styles anywhere. Map tiles come
# from the host of MAP_TILE_URL ("{s}" subdomains become a wildcard).
_TILE_URL_PARTS = urlsplit(MAP_TILE_URL.replace("{s}", "*"))
_TILE_ORIGIN = f"{_TILE_URL_PARTS.scheme}://{_TILE_URL_PARTS.netloc}"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", _TILE_ORIGIN],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = "geolocation=(self), camera=(), microphone=(), payment=(), usb=()"
# HSTS preload stays off: the preload list binds the whole domain and its subdomains in every
# browser for months, a decision for the municipality's IT, not for this app. So the deploy
# check's reminder about it is silenced; everything else in `check --deploy` must stay clean.
SECURE_HSTS_PRELOAD = False
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# --- Retention of the platform's own records (docs/privacy.md) -----------------------------------
# The audit log: entries older than this are deleted (two years, as common for access logs;
# agree the period with the data protection officer).
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 2 * 365, minimum=30)
# Sent and failed e-mails keep their recipient and content this long (for questions such as
# "did the offer reach us?"); then only that something was sent, and when, stays.
NOTICE_RETENTION_DAYS = env_int("NOTICE_RETENTION_DAYS", 90, minimum=7)
# Parent accounts whose e-mail address was never confirmed (and that never logged in) are
# deleted this many days after sign-up; the confirmation link has long expired by then.
ACCOUNT_UNVERIFIED_RETENTION_DAYS = env_int("ACCOUNT_UNVERIFIED_RETENTION_DAYS", 30, minimum=7)
# Pre-registrations keep the address, the inclusion description and the remark until this many
# days after their Kita-year ended (31 July); then only what history and statistics need stays.
APPLICATION_RETENTION_DAYS = env_int("APPLICATION_RETENTION_DAYS", 365, minimum=30)

# --- Kita-Sozialarbeit (beratung) ----------------------------------------------------------------
# Closed social-work cases are anonymised this many days after they were closed (three years by
# default): names, contact, notes and consent details are erased, the case code is replaced, the
# counts the statistics need stay. See docs/kita-sozialarbeit.md.
SOZIALARBEIT_RETENTION_DAYS = env_int("SOZIALARBEIT_RETENTION_DAYS", 3 * 365, minimum=1)

# --- Familienbüro desk (beratung) ----------------------------------------------------------------
# Names and contact details a family gave at the desk (with consent) are erased this many days
# after the contact, or after its last referral was closed if that is later; open referrals keep
# them. The anonymous figures stay. See docs/familienbuero.md.
DESK_RETENTION_DAYS = env_int("DESK_RETENTION_DAYS", 180, minimum=1)
# Follow-up date proposed for a new referral, in days after the referral.
DESK_FOLLOW_UP_DAYS = env_int("DESK_FOLLOW_UP_DAYS", 14, minimum=1)
