"""Settings of the minimal Django 5.2 project hosting django-helpdesk 2.6.1 for bench/helpdesk_peer.sh.

Per helpdesk's install docs: the contrib apps it needs (sites for the links in its mails, humanize), SITE_ID = 1,
helpdesk's URLs; HELPDESK_TEAMS_MODE_ENABLED = False (the documented way to run without pinax-teams); the locmem
e-mail backend, so escalation mails are rendered and "sent" in memory, never over the network. The database is
`helpdesk_peer` on the PostgreSQL server the complaints bench uses (PGHOST / PGPORT, user postgres, trust).
Runs in its own virtualenv, never with the CRM's.
"""

import os

BASE_DIR = os.path.dirname(os.path.abspath(__file__))
SECRET_KEY = "helpdesk-peer-bench-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "rest_framework",
    "helpdesk",
]
SITE_ID = 1
HELPDESK_TEAMS_MODE_ENABLED = False

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "peer_urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ.get("PEER_DB", "helpdesk_peer"),
        "USER": "postgres",
        "HOST": os.environ.get("PGHOST", "127.0.0.1"),
        "PORT": os.environ.get("PGPORT", "5433"),
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en-us"
STATIC_URL = "/static/"
MEDIA_ROOT = os.path.join(os.environ.get("HELPDESK_PEER_DIR", "/tmp/helpdesk-peer"), "media")
LOGIN_URL = "/helpdesk/login/"

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DEFAULT_FROM_EMAIL = "helpdesk@example.invalid"
