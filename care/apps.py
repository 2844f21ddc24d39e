from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "care"
    verbose_name = _("Customer care")

    def ready(self):
        from care import events, lounge, roles  # noqa: F401
        from care.lounge_demo import load_demo_lounge
        from organization import demo, navigation
        from organization.roles import Role

        # The customer lounge (issue 11, slice k-lounge): the lounge staff's landing page, its demo day.
        navigation.add_entry(_("Lounge"), "care:lounge", roles=roles.READ_LOUNGE, position=70)
        navigation.add_landing_page(Role.LOUNGE_STAFF, "care:lounge", precedence=120)
        demo.on_demo_store(load_demo_lounge)
