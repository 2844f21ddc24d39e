"""Settings for dealer_crm, read from the environment with embedded defaults.

Unset, everything runs on one machine with no servers: SQLite and kombu's filesystem
broker. DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis) switch to production.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CRM_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean, got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name) or str(default)
    if not value.isdigit():
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}")
    return int(value)


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# Left empty in production when unset: Django then refuses everything that signs (sessions, CSRF)
# and `check --deploy` fails, while commands that sign nothing (migrate, makemigrations) still run.
SECRET_KEY = os.environ.get("SECRET_KEY") or ("insecure-development-key-only-for-debug" if DEBUG else "")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "csp",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_celery_beat",
    "simple_history",
    "organization",
    "customers",
    "aftersales",
    "complaints",
    "care",
    "surveys",
    "dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "organization.middleware.StaffLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "organization.middleware.ControlCharacterMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "organization.shared_pcs.NoStoreMiddleware",
    "organization.shared_pcs.IdleLogoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "organization.error_pages.ProductNotFoundMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dealer_crm.urls"

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
                "organization.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "dealer_crm.wsgi.application"

# Database: a SQLite file by default, in WAL mode so the worker and the web can write at once.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
except ValueError as error:
    raise ImproperlyConfigured(f"DATABASE_URL is malformed: {error}") from error
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Tests that start a Celery worker need the test database in a file it can open too;
    # one file per run, so two runs on one machine don't share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test_db_{os.getpid()}.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "organization.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "organization.auth.StaffBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "landing"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: five failures lock the username from that address for 15 minutes. Behind a
# reverse proxy every request comes from the proxy's address: TRUSTED_PROXY_COUNT says how many
# proxies in front of gunicorn append to X-Forwarded-For (0: the header is ignored, it can be forged).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "organization.auth.client_address"
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at the site root (/favicon.ico), served by WhiteNoise.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
STATIC_ROOT = VAR_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security headers; HTTPS-only settings follow SECURE_SSL (on unless told otherwise in production).
SECURE_SSL = env_bool("SECURE_SSL", not DEBUG)
SECURE_SSL_REDIRECT = SECURE_SSL
SESSION_COOKIE_SECURE = SECURE_SSL
CSRF_COOKIE_SECURE = SECURE_SSL
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if SECURE_SSL else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_SSL
SECURE_HSTS_PRELOAD = SECURE_SSL
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Shared front-desk PCs: a session ends when the browser closes, or after SESSION_IDLE_HOURS (one
# work shift) without work; the notification bell's polling is not work.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_IDLE_HOURS = env_int("SESSION_IDLE_HOURS", 9)
SESSION_COOKIE_AGE = SESSION_IDLE_HOURS * 3600
SESSION_POLLING_VIEWS = {"organization:notification_badge"}

# Content-Security-Policy: only our own (vendored) scripts, styles, fonts and images; no inline code.
# Bootstrap's CSS draws its form controls' icons as data: SVG images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
    }
}

# Celery: kombu's filesystem transport by default, Redis in production.
BROKER_DIR = Path(os.environ.get("CRM_BROKER_DIR", VAR_DIR / "broker"))
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Every periodic task is declared here; django-celery-beat copies them into its table.
CELERY_BEAT_SCHEDULE = {
    "beat-heartbeat": {
        "task": "organization.tasks.record_beat_heartbeat",
        "schedule": crontab(),
    },
    "refresh-group-figures": {
        "task": "dashboard.tasks.refresh_this_months_group_figures",
        "schedule": crontab(minute="*/5"),
    },
    "send-deferred-messages": {
        "task": "organization.tasks.send_due_messages",
        "schedule": crontab(),
    },
    "check-memberships": {
        "task": "customers.tasks.check_memberships",
        "schedule": crontab(hour=2, minute=30),
    },
    "sample-showroom-prospects": {
        "task": "surveys.tasks.sample_showroom_prospects",
        "schedule": crontab(day_of_week="mon", hour=7, minute=0),
    },
    "purge-used-form-tokens": {
        "task": "organization.tasks.purge_used_form_tokens",
        "schedule": crontab(hour=3, minute=15),
    },
    "send-appointment-reminders": {
        "task": "aftersales.tasks.send_appointment_reminders",
        "schedule": crontab(),
    },
    "enforce-complaint-deadlines": {
        "task": "complaints.tasks.enforce_deadlines",
        "schedule": crontab(),
    },
    "build-care-lists": {
        "task": "care.tasks.build_care_lists",
        "schedule": crontab(hour=5, minute=30),
    },
    "check-fleet-upkeep": {
        "task": "care.tasks.check_fleet_upkeep",
        "schedule": crontab(hour=2, minute=45),
    },
    "roll-up-satisfaction-week-just-ended": {
        "task": "surveys.tasks.roll_up_week_just_ended",
        "schedule": crontab(day_of_week="mon", hour=6, minute=0),
    },
    "refresh-satisfaction-rollup": {
        "task": "surveys.tasks.refresh_satisfaction_rollup",
        "schedule": crontab(hour=1, minute=30),
    },
    "list-scheduled-survey-callbacks": {
        "task": "surveys.tasks.list_scheduled_survey_callbacks",
        "schedule": crontab(hour=6, minute=30),
    },
}
# One-time form tokens (organization.submissions) only need to outlive a double click or a retried request.
SUBMISSION_TOKENS_KEPT_DAYS = 7
# The GM's page warns when beat's last heartbeat is older than this.
BEAT_STALE_AFTER_MINUTES = 5
# The dashboards' panels are computed at most once a minute per store (each card shows when); CACHE_URL (Redis)
# shares them between gunicorn's workers in production, each process keeps its own otherwise.
# The group dashboard's month figures are stored (dashboard.GroupMonthFigures); beat refreshes the current month
# every 5 minutes, and a page finding it older than this recomputes it.
GROUP_FIGURES_MINUTES = 10
DASHBOARD_CACHE_SECONDS = int(os.environ.get("DASHBOARD_CACHE_SECONDS", "60"))
if os.environ.get("CACHE_URL"):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["CACHE_URL"]}
    }

# Messages: which SMS backend delivers; the outbox records every message whatever the backend.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "organization.sms.console.SmsBackend")
SMS_FILE_PATH = VAR_DIR / "sms"
ALIBABA_SMS = {
    "ACCESS_KEY_ID": os.environ.get("ALIBABA_SMS_ACCESS_KEY_ID", ""),
    "ACCESS_KEY_SECRET": os.environ.get("ALIBABA_SMS_ACCESS_KEY_SECRET", ""),
    "ENDPOINT": os.environ.get("ALIBABA_SMS_ENDPOINT", "dysmsapi.aliyuncs.com"),
    "PROTOCOL": os.environ.get("ALIBABA_SMS_PROTOCOL", "HTTPS"),
    "SIGN_NAME": os.environ.get("ALIBABA_SMS_SIGN_NAME", ""),
    # Template codes per message template, e.g. "callback_survey=SMS_123,reminder=SMS_456".
    "TEMPLATE_CODES": dict(pair.split("=", 1) for pair in env_list("ALIBABA_SMS_TEMPLATE_CODES", "") if "=" in pair),
}

# Everything goes to the console once: Django's own "django" console handler (DEBUG only) is
# replaced, so its records reach the root handler alone; a 403 is logged without a traceback.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refusal_without_traceback": {"()": "organization.error_pages.RefusalWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django": {"handlers": [], "level": "INFO"},
        "django.request": {"filters": ["refusal_without_traceback"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
