from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "care"
    verbose_name = _("Customer care")

    def ready(self):
        from care import events, roles  # noqa: F401

        # k-calls: today's call list, the team view and the customer's opt-outs.
        from organization import navigation

        navigation.add_entry(_("Today's calls"), "care:today", roles=roles.WORK_CARE_LISTS, position=82)
        navigation.add_entry(_("Care calls (team)"), "care:team", roles=roles.READ_TEAM_CALLS, position=83)
        navigation.add_record_action(
            "customer", _("Care opt-outs"), "care:opt_outs", roles=roles.MANAGE_OPT_OUTS, position=40
        )
