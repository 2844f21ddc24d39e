from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AftersalesConfig(AppConfig):
    name = "aftersales"
    verbose_name = _("After-sales")

    def ready(self):
        from aftersales import roles, slots  # noqa: F401  (slots declares its policy keys)
        from organization import navigation
        from organization.roles import Role

        navigation.add_entry(_("Front desk"), "aftersales:workbench", roles=roles.BOOK_APPOINTMENTS, position=30)
        navigation.add_entry(_("My repair orders"), "aftersales:my_repair_orders", roles=roles.REPAIR, position=40)
        navigation.add_entry(_("QC queue"), "aftersales:qc_queue", roles=roles.INSPECT_QUALITY, position=50)
        navigation.add_entry(_("Parts"), "aftersales:parts", roles=roles.SUPPLY_PARTS, position=60)
        navigation.add_entry(_("Lounge"), "aftersales:lounge", roles=roles.RUN_LOUNGE, position=70)
        navigation.add_landing_page(Role.SERVICE_ADVISOR, "aftersales:workbench", precedence=70)
        navigation.add_landing_page(Role.TECHNICIAN, "aftersales:my_repair_orders", precedence=90)
        navigation.add_landing_page(Role.QC_INSPECTOR, "aftersales:qc_queue", precedence=100)
        navigation.add_landing_page(Role.PARTS_STAFF, "aftersales:parts", precedence=110)
        navigation.add_landing_page(Role.LOUNGE_STAFF, "aftersales:lounge", precedence=120)
        navigation.add_entry(_("Labor operations"), "aftersales:labor_operations", roles=roles.READ_PRICES, position=75)
        navigation.add_entry(_("Parts price list"), "aftersales:part_prices", roles=roles.READ_PRICES, position=76)
        from aftersales import settlement  # noqa: F401 (declares the settlement policy keys)
        from aftersales.scale import load_aftersales_scale
        from organization import demo

        demo.on_scale(load_aftersales_scale)
