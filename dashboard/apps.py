from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = _("Dashboards")

    def ready(self):
        import dashboard.complaint_panels  # noqa: F401
        import dashboard.satisfaction_panels  # noqa: F401
        import dashboard.workshop_panels  # noqa: F401 (registers the workshop panels)
        from dashboard import core_panels, roles  # noqa: F401 (registers the panels)
        from organization import navigation
        from organization.roles import Role

        navigation.add_entry(_("Dashboard"), "dashboard:gm", roles=roles.READ_STORE_DASHBOARD, position=10)
        navigation.add_entry(_("Group dashboard"), "dashboard:group", roles=roles.READ_GROUP_DASHBOARD, position=20)
        navigation.add_entry(
            _("Monthly staff report"), "dashboard:staff_report", roles=roles.READ_STAFF_REPORT, position=145
        )
        navigation.add_landing_page(Role.GROUP_MANAGEMENT, "dashboard:group", precedence=10)
        navigation.add_landing_page(Role.GENERAL_MANAGER, "dashboard:gm", precedence=20)
