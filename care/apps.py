from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "care"
    verbose_name = _("Customer care")

    def ready(self):
        from care import events, roles  # noqa: F401
        from care.demo import load_demo_care
        from care.outreach_demo import load_demo_outreach
        from care.roles import READ_BROADCASTS, READ_LECTURES
        from care.rules import SECTION  # noqa: F401  (declares the care-list policy keys)
        from organization import demo, navigation

        navigation.add_entry(_("Broadcasts"), "care:broadcasts", roles=READ_BROADCASTS, position=160)
        navigation.add_entry(_("Owner lectures"), "care:lectures", roles=READ_LECTURES, position=161)
        demo.on_demo_store(load_demo_care)
        demo.on_demo_store(load_demo_outreach)
        # k-calls: today's call list, the team view and the customer's opt-outs.
        navigation.add_entry(_("Today's calls"), "care:today", roles=roles.WORK_CARE_LISTS, position=82)
        navigation.add_entry(_("Care calls (team)"), "care:team", roles=roles.READ_TEAM_CALLS, position=83)
        navigation.add_record_action(
            "customer", _("Care opt-outs"), "care:opt_outs", roles=roles.MANAGE_OPT_OUTS, position=40
        )
