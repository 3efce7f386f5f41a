"""Settings, all from the environment (12-factor).

Development defaults are safe to run on a laptop: SQLite, a file-system Celery broker, e-mail to
the console. With ``PQRS_ENV=production`` there is no default secret and the deploy checks
(``manage.py check --deploy``) must be clean.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PQRS_VAR_DIR", BASE_DIR / "var"))


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PQRS_ENV = env("PQRS_ENV", "development")
PRODUCTION = PQRS_ENV == "production"
DEBUG = env_bool("DJANGO_DEBUG", not PRODUCTION)

SECRET_KEY = env("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production.")
    SECRET_KEY = "dev-only-insecure-key-never-used-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "" if PRODUCTION else "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "csp",
    "pqrs.core",
    "pqrs.accounts",
    "pqrs.deadlines",
    "pqrs.cases",
    "pqrs.portal",
    "pqrs.desk",
]

MIDDLEWARE = [
    # First, so that responses made by any other middleware (redirects, lock-out) get it too.
    "pqrs.core.middleware.PrivateResponsesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it reads the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'pqrs.sqlite3'}") or "",
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60") or 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # WAL and a busy timeout let the web server and the Celery worker share the embedded file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AXES_VERBOSE = False
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
# Lock a user name only from the client that failed: five wrong passwords from one address must
# not lock that account for everyone else. Behind a reverse proxy the address is the one our
# trusted proxies saw (PQRS_TRUSTED_PROXY_COUNT), never the proxy's own (docs/deployment.md).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "pqrs.core.net.client_ip"
AXES_LOCKOUT_TEMPLATE = "desk/locked.html"

LANGUAGE_CODE = "es-co"
LANGUAGES = [("es", "Español"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/Bogota"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", str(VAR_DIR / "static")) or "")
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", str(VAR_DIR / "media")) or "")

EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25") or 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "pqrs@localhost")

# --- Cache ------------------------------------------------------------------------------
# Rate limits and the double-submission rendezvous live in the cache, so every web process
# must share it in production: CACHE_URL=redis://host:6379/1. The embedded default runs one
# web process, where the in-process cache is enough.
CACHE_URL = env("CACHE_URL", "")
if CACHE_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
elif PRODUCTION:
    raise ImproperlyConfigured("CACHE_URL (a shared Redis cache) must be set in production.")
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery -------------------------------------------------------------------------------
# The embedded default uses kombu's file-system transport: no broker server to install.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "tacit-withdrawal-sweep": {
        "task": "pqrs.cases.tasks.sweep_tacit_withdrawals",
        "schedule": 60 * 60,
    },
}

# --- PQRS ---------------------------------------------------------------------------------
# Length of the petitioner's tracking code (Crockford base32 characters: 5 bits each).
PQRS_TRACKING_CODE_LENGTH = 10

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}

# --- Browser security headers --------------------------------------------------------------
# One Content-Security-Policy in every environment, so development and the browser tests meet
# the policy production enforces: no inline script, handler or style; nothing from another
# origin; no framing. PDFs (WeasyPrint) are rendered on the server and are not affected.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Browser features the product never uses are switched off for every page (an injected script
# could not turn on the camera or ask for the location either).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in [
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ]
}

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env("DJANGO_SECURE_HSTS_SECONDS", "31536000") or 0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True

# --- Staff desk and answers (issue 4) -----------------------------------------------------
INSTALLED_APPS += [
    "django_otp",
    "django_otp.plugins.otp_totp",
    "pqrs.answers",
]
# django-otp reads the verified device from the session right after authentication.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
# Staff sessions end after this idle time and, at the latest, this long after the log-in
# (pqrs/accounts/sessions.py). Django's own cookie never outlives the longest of them.
PQRS_STAFF_IDLE_MINUTES = int(env("PQRS_STAFF_IDLE_MINUTES", "30") or 30)
PQRS_STAFF_SESSION_HOURS = int(env("PQRS_STAFF_SESSION_HOURS", "10") or 10)
SESSION_COOKIE_AGE = PQRS_STAFF_SESSION_HOURS * 60 * 60
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "pqrs.accounts.sessions.StaffSessionMiddleware",
)
LOGIN_URL = "desk:login"
LOGIN_REDIRECT_URL = "desk:inbox"
OTP_TOTP_ISSUER = env("PQRS_OTP_ISSUER", "PQRS")
# Hours a second-factor setup link stays valid (pqrs/accounts/services.py).
PQRS_OTP_SETUP_LINK_HOURS = int(env("PQRS_OTP_SETUP_LINK_HOURS", "24") or 24)
# Rows per inbox page (keyset pagination: deep pages cost the same as the first).
PQRS_INBOX_PAGE_SIZE = int(env("PQRS_INBOX_PAGE_SIZE", "50") or 50)

# --- Public portal (issue 3) ------------------------------------------------------------------
INSTALLED_APPS += ["pqrs.notifications", "pqrs.surveys", "pqrs.documents"]
STATICFILES_DIRS = [BASE_DIR / "static"]
# Base address used in links and QR codes when there is no request (e-mails sent by Celery).
# Every receipt carries it: in production a localhost default would send petitioners nowhere.
PQRS_PUBLIC_BASE_URL = (env("PQRS_PUBLIC_BASE_URL", "http://127.0.0.1:8000") or "").rstrip("/")
if PRODUCTION and not env("PQRS_PUBLIC_BASE_URL"):
    raise ImproperlyConfigured("PQRS_PUBLIC_BASE_URL (the portal's public address) must be set.")
# The entity's name when the database is created (migrations, load_defaults). Afterwards the
# name, NIT and public address are edited in the admin (core.Entity) and this is not read.
PQRS_ENTITY_NAME = env("PQRS_ENTITY_NAME", "Entidad de demostración") or "Entidad de demostración"
# Habeas data (Ley 1581 de 2012, Decreto 1377 art. 8): the policy version stored with consent.
PQRS_CONSENT_POLICY_VERSION = env("PQRS_CONSENT_POLICY_VERSION", "2026-1") or "2026-1"
PQRS_UPLOAD_MAX_FILES = int(env("PQRS_UPLOAD_MAX_FILES", "5") or 5)
PQRS_UPLOAD_MAX_FILE_BYTES = int(env("PQRS_UPLOAD_MAX_FILE_MB", "10") or 10) * 1024 * 1024
PQRS_UPLOAD_ALLOWED_EXTENSIONS = env_list(
    "PQRS_UPLOAD_ALLOWED_EXTENSIONS", "pdf,jpg,jpeg,png,gif,webp,docx,xlsx,odt,ods,txt"
)
# Bytes of files one client address may send through the public forms in an hour (filing,
# reply, added information), and that a petitioner may add to one case after filing it.
PQRS_UPLOAD_CLIENT_BYTES_PER_HOUR = (
    int(env("PQRS_UPLOAD_CLIENT_MB_PER_HOUR", "100") or 100) * 1024 * 1024
)
PQRS_UPLOAD_CASE_MAX_BYTES = int(env("PQRS_UPLOAD_CASE_MAX_MB", "100") or 100) * 1024 * 1024
# Rate limits as "count/seconds", per client address (the cache must be shared in production).
PQRS_RATE_FILING = env("PQRS_RATE_FILING", "20/3600") or "20/3600"
# Wrong tracking codes per client address; a right code never counts.
PQRS_RATE_TRACKING = env("PQRS_RATE_TRACKING", "20/900") or "20/900"
# Guessing patterns that alert the administrators (they block nobody): wrong codes for one
# radicado, from any clients; radicados one client address got wrong.
PQRS_TRACKING_ALERT_PER_CASE = env("PQRS_TRACKING_ALERT_PER_CASE", "10/3600") or "10/3600"
PQRS_TRACKING_ALERT_PER_CLIENT = env("PQRS_TRACKING_ALERT_PER_CLIENT", "10/3600") or "10/3600"
PQRS_RATE_CASE_ACTIONS = env("PQRS_RATE_CASE_ACTIONS", "20/3600") or "20/3600"
# Behind a reverse proxy: how many X-Forwarded-For hops to trust (0: use REMOTE_ADDR).
PQRS_TRUSTED_PROXY_COUNT = int(env("PQRS_TRUSTED_PROXY_COUNT", "0") or 0)
# Minutes a tracking lookup stays open in the browser session without activity.
PQRS_TRACKING_SESSION_MINUTES = int(env("PQRS_TRACKING_SESSION_MINUTES", "30") or 30)
CELERY_BEAT_SCHEDULE["notifications-resend-pending"] = {
    "task": "pqrs.notifications.tasks.resend_pending",
    "schedule": 10 * 60,
}
TEMPLATES[0]["OPTIONS"]["context_processors"].append("pqrs.portal.context.portal")  # type: ignore[index,union-attr]
# WeasyPrint reports every rendering step at INFO; only its warnings matter here.
LOGGING.setdefault("loggers", {}).update(  # type: ignore[attr-defined]
    {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}}
)

# --- Filing and input bounds (issue 8) -------------------------------------------------------
# Calendar days before filing a staff-entered reception time may lie. The legal clock runs
# from reception (Ley 1755 art. 14), so a letter routed late through the mailroom or a
# suggestion box opened once a month is filed with its real date, even if that leaves little
# of its term; a month covers both. Anything older is far likelier a typing error (0001, 1900,
# last year in January). At most a year: an older request is not backdated but lost.
PQRS_FILING_BACKDATE_DAYS = int(env("PQRS_FILING_BACKDATE_DAYS", "30") or 30)
if not 0 <= PQRS_FILING_BACKDATE_DAYS <= 366:
    raise ImproperlyConfigured("PQRS_FILING_BACKDATE_DAYS must be between 0 and 366.")
