from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Complaints")

    def ready(self):
        from complaints import fines, penalties, roles, routes  # noqa: F401 (declare the policy keys)
        from complaints.demo import load_demo_complaints
        from complaints.scale import load_complaints_scale
        from organization import demo, navigation
        from organization.roles import Role

        navigation.add_entry(_("Complaint queue"), "complaints:queue", roles=roles.HANDLE_COMPLAINTS, position=110)
        navigation.add_entry(
            _("Department complaints"), "complaints:department", roles=roles.ANSWER_FOR_DEPARTMENT, position=120
        )
        navigation.add_entry(_("My complaints"), "complaints:mine", roles=roles.NAMED_ON_COMPLAINTS, position=125)
        navigation.add_record_action(
            "customer", _("Log a complaint"), "complaints:log_for_customer", roles=roles.LOG_COMPLAINTS, position=30
        )
        navigation.add_entry(
            _("Deadline preview"), "complaints:deadline_preview", roles=roles.PREVIEW_DEADLINES, position=127
        )
        navigation.add_entry(
            _("Breaches recorded late"), "complaints:late_breaches", roles=roles.READ_LATE_BREACHES, position=190
        )
        navigation.add_entry(
            _("Complaint statistics"), "complaints:statistics", roles=roles.READ_STATISTICS, position=130
        )
        navigation.add_entry(
            _("Appeals"),
            "complaints:appeals",
            roles=roles.ANSWER_FOR_DEPARTMENT | roles.RULE_APPEALS | {Role.GROUP_MANAGEMENT},
            position=140,
        )
        navigation.add_entry(
            _("Penalties"), "complaints:penalties", roles=roles.RECORD_FINES | {Role.GROUP_MANAGEMENT}, position=141
        )
        navigation.add_landing_page(Role.AFTER_SALES_MANAGER, "complaints:queue", precedence=30)
        navigation.add_landing_page(Role.DEPARTMENT_HEAD, "complaints:department", precedence=40)
        navigation.add_landing_page(Role.FRONT_DESK_SUPERVISOR, "complaints:queue", precedence=50)
        demo.on_demo_store(load_demo_complaints)
        demo.on_scale(load_complaints_scale)
