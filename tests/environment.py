"""Loaded with -p before Django's settings: the environment every test run shares."""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECURE_SSL", "false")
os.environ.setdefault("STATIC_MANIFEST", "false")
os.environ.setdefault("SMS_BACKEND", "organization.sms.locmem.SmsBackend")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")
