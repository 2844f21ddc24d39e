from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Complaints")

    def ready(self):
        from complaints import fines, penalties, roles, routes  # noqa: F401 (declare the policy keys)
        from organization import navigation
        from organization.roles import Role

        navigation.add_entry(_("Complaint queue"), "complaints:queue", roles=roles.HANDLE_COMPLAINTS, position=110)
        navigation.add_entry(
            _("Department complaints"), "complaints:department", roles=roles.ANSWER_FOR_DEPARTMENT, position=120
        )
        navigation.add_entry(
            _("Appeals"), "complaints:appeals", roles=roles.ANSWER_FOR_DEPARTMENT | roles.RULE_APPEALS, position=140
        )
        navigation.add_entry(_("Penalties"), "complaints:penalties", roles=roles.RECORD_FINES, position=141)
        navigation.add_landing_page(Role.AFTER_SALES_MANAGER, "complaints:queue", precedence=30)
        navigation.add_landing_page(Role.DEPARTMENT_HEAD, "complaints:department", precedence=40)
        navigation.add_landing_page(Role.FRONT_DESK_SUPERVISOR, "complaints:queue", precedence=50)
