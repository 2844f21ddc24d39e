from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "care"
    verbose_name = _("Customer care")

    def ready(self):
        from care import events, roles  # noqa: F401
        from care.demo import load_demo_care
        from care.rules import SECTION  # noqa: F401  (declares the care-list policy keys)
        from organization import demo

        demo.on_demo_store(load_demo_care)
