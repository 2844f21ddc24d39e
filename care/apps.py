from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "care"
    verbose_name = _("Customer care")

    def ready(self):
        from care import events, lounge, roles  # noqa: F401
        from care.demo import load_demo_care
        from care.lounge_demo import load_demo_lounge
        from care.outreach_demo import load_demo_outreach
        from care.rules import SECTION  # noqa: F401  (declares the care-list policy keys)
        from organization import demo, navigation
        from organization.roles import Role

        navigation.add_entry(_("Lounge"), "care:lounge", roles=roles.READ_LOUNGE, position=70)
        navigation.add_entry(_("Today's calls"), "care:today", roles=roles.WORK_CARE_LISTS, position=78)
        navigation.add_entry(_("Care calls (team)"), "care:team", roles=roles.READ_TEAM_CALLS, position=79)
        navigation.add_entry(_("Broadcasts"), "care:broadcasts", roles=roles.READ_BROADCASTS, position=160)
        navigation.add_entry(_("Owner lectures"), "care:lectures", roles=roles.READ_LECTURES, position=161)
        navigation.add_record_action(
            "customer", _("Care opt-outs"), "care:opt_outs", roles=roles.MANAGE_OPT_OUTS, position=40
        )
        navigation.add_landing_page(Role.LOUNGE_STAFF, "care:lounge", precedence=120)
        demo.on_demo_store(load_demo_care)
        demo.on_demo_store(load_demo_lounge)
        demo.on_demo_store(load_demo_outreach)
