from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationConfig(AppConfig):
    name = "organization"
    verbose_name = _("Organization")

    def ready(self):
        from organization import (
            calendar,  # noqa: F401  (declares its policy key)
            messaging,  # noqa: F401  (declares its policy keys)
            navigation,
            policies,  # noqa: F401  (each new store's version 1)
        )
        from organization.roles import EDIT_POLICIES

        navigation.add_entry(_("Policies"), "organization:policies", roles=EDIT_POLICIES, position=130)
        navigation.add_entry(_("Holidays"), "organization:holidays", roles=EDIT_POLICIES, position=131)
