"""SMS backends, chosen by settings.SMS_BACKEND like Django's email backends."""

from django.conf import settings
from django.utils.module_loading import import_string


def get_backend(path: str | None = None):
    return import_string(path or settings.SMS_BACKEND)()
