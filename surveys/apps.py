from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Callbacks and surveys")

    def ready(self):
        from organization import navigation
        from organization.events import business_event
        from organization.roles import Role
        from surveys import callbacks, privacy, roles

        business_event.connect(callbacks.create_callbacks_for_event, dispatch_uid="surveys.callbacks")
        business_event.connect(privacy.forget_callbacks_of_anonymized, dispatch_uid="surveys.privacy")
        navigation.add_entry(_("My callbacks"), "surveys:my_callbacks", roles=roles.CALL_BACK, position=80)
        navigation.add_landing_page(Role.CUSTOMER_SERVICE, "surveys:my_callbacks", precedence=60)
        navigation.add_landing_page(Role.SALES_CONSULTANT, "surveys:my_callbacks", precedence=80)
        self.ready_plans()

    def ready_plans(self):
        """s-plans: OEM scores, improvement plans, seed 004's satisfaction fines; their pages and demo."""
        from organization import demo, navigation
        from surveys import improvement, roles, satisfaction_fines  # noqa: F401 (policy keys)
        from surveys.demo_plans import load_demo_plans

        navigation.add_entry(_("OEM scores"), "surveys:oem_scores", roles=roles.READ_OEM_SCORES, position=84)
        navigation.add_entry(
            _("Improvement plan"), "surveys:improvement_plan", roles=roles.READ_IMPROVEMENT_PLAN, position=85
        )
        navigation.add_entry(
            _("My improvement actions"), "surveys:my_improvement_actions", roles=roles.OWN_IMPROVEMENT, position=86
        )
        demo.on_demo_store(load_demo_plans)
