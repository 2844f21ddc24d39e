from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationConfig(AppConfig):
    name = "organization"
    verbose_name = _("Organization")

    def ready(self):
        from organization import messaging, policies  # noqa: F401  (policy keys; each new store's version 1)
