from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Callbacks and surveys")

    def ready(self):
        from organization import navigation
        from organization.demo import on_demo_store, on_scale
        from organization.events import business_event
        from organization.roles import Role
        from surveys import (  # noqa: F401 (policy keys, each new store's questionnaires)
            callbacks,
            improvement,
            privacy,
            public_survey,
            questionnaires,
            roles,
            satisfaction_fines,
            targets,
            triggers,
        )
        from surveys.demo_plans import load_demo_plans
        from surveys.demo_satisfaction import load_demo_satisfaction
        from surveys.scale_satisfaction import load_satisfaction_scale

        business_event.connect(callbacks.create_callbacks_for_event, dispatch_uid="surveys.callbacks")
        business_event.connect(privacy.forget_callbacks_of_anonymized, dispatch_uid="surveys.privacy")
        navigation.add_entry(_("My callbacks"), "surveys:my_callbacks", roles=roles.CALL_BACK, position=80)
        navigation.add_entry(
            _("Team callbacks"),
            "surveys:team_queue",
            roles=roles.LEAD_CUSTOMER_SERVICE | roles.SEE_TEAM_QUEUE,
            position=81,
        )
        navigation.add_entry(
            _("Questionnaires"), "surveys:questionnaires", roles=roles.READ_QUESTIONNAIRES, position=82
        )
        navigation.add_entry(_("Call scripts"), "surveys:call_scripts", roles=roles.LEAD_CUSTOMER_SERVICE, position=83)
        navigation.add_entry(
            _("Satisfaction report"), "surveys:satisfaction_report", roles=roles.READ_SATISFACTION, position=85
        )
        navigation.add_landing_page(Role.CUSTOMER_SERVICE, "surveys:my_callbacks", precedence=60)
        navigation.add_landing_page(Role.SALES_CONSULTANT, "surveys:my_callbacks", precedence=80)
        # s-complaint-survey: on the complaint page, customer service takes the survey on the closing call
        navigation.add_record_action(
            "complaint", _("Survey on this call"), "surveys:complaint_survey", roles=roles.ENTER_SURVEYS, position=10
        )
        on_demo_store(load_demo_satisfaction)
        on_scale(load_satisfaction_scale)
        navigation.add_entry(_("OEM scores"), "surveys:oem_scores", roles=roles.READ_OEM_SCORES, position=86)
        navigation.add_entry(
            _("Improvement plan"), "surveys:improvement_plan", roles=roles.READ_IMPROVEMENT_PLAN, position=87
        )
        navigation.add_entry(
            _("My improvement actions"), "surveys:my_improvement_actions", roles=roles.OWN_IMPROVEMENT, position=88
        )
        on_demo_store(load_demo_plans)
