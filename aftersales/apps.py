from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AftersalesConfig(AppConfig):
    name = "aftersales"
    verbose_name = _("After-sales")

    def ready(self):
        # The rule modules declare their policy keys when imported.
        from aftersales import public_booking, reminders, roles, settlement, slots, workshop  # noqa: F401
        from aftersales.demo import load_demo_aftersales
        from aftersales.scale import load_aftersales_scale
        from organization import demo, navigation
        from organization.roles import Role

        navigation.add_entry(_("Front desk"), "aftersales:workbench", roles=roles.BOOK_APPOINTMENTS, position=30)
        navigation.add_entry(_("Repair orders"), "aftersales:repair_orders", roles=roles.RECEIVE_VEHICLES, position=35)
        navigation.add_entry(
            _("Workshop board"), "aftersales:workshop_board", roles=roles.READ_WORKSHOP_BOARD, position=35
        )
        navigation.add_entry(_("My repair orders"), "aftersales:my_repair_orders", roles=roles.REPAIR, position=40)
        navigation.add_entry(_("QC queue"), "aftersales:qc_queue", roles=roles.INSPECT_QUALITY, position=50)
        navigation.add_entry(_("Parts"), "aftersales:parts", roles=roles.SUPPLY_PARTS, position=60)
        navigation.add_entry(_("Labor operations"), "aftersales:labor_operations", roles=roles.READ_PRICES, position=75)
        navigation.add_entry(_("Parts price list"), "aftersales:part_prices", roles=roles.READ_PRICES, position=76)
        navigation.add_landing_page(Role.SERVICE_ADVISOR, "aftersales:workbench", precedence=70)
        navigation.add_landing_page(Role.TECHNICIAN, "aftersales:my_repair_orders", precedence=90)
        navigation.add_landing_page(Role.QC_INSPECTOR, "aftersales:qc_queue", precedence=100)
        navigation.add_landing_page(Role.PARTS_STAFF, "aftersales:parts", precedence=110)
        navigation.add_record_action(
            "vehicle",
            _("Book an appointment"),
            "aftersales:appointment_create",
            roles=roles.BOOK_APPOINTMENTS,
            position=10,
        )
        navigation.add_record_action(
            "vehicle", _("Receive the car"), "aftersales:repair_order_create", roles=roles.RECEIVE_VEHICLES, position=20
        )
        demo.on_demo_store(load_demo_aftersales)
        demo.on_scale(load_aftersales_scale)
        # Issue 11: packages and incentives declare their policy keys; the incentives page.
        from aftersales import incentives, packages  # noqa: F401

        navigation.add_entry(_("Staff incentives"), "aftersales:incentives", roles=roles.READ_INCENTIVES, position=77)
        navigation.add_record_action(
            "vehicle",
            _("Sell a maintenance package"),
            "aftersales:package_sell",
            roles=roles.RECEIVE_VEHICLES,
            position=30,
        )
        navigation.add_record_action(
            "vehicle",
            _("Sell an extended warranty"),
            "aftersales:extended_warranty_sell",
            roles=roles.RECEIVE_VEHICLES,
            position=31,
        )
        # Issue 11 (k-packages2): the packages and the extended warranty on the customer page's vehicles.
        navigation.add_record_panel(
            "vehicle",
            "aftersales/_vehicle_packages.html",
            packages.packages_on_vehicles,
            roles=roles.READ_REPAIR_ORDERS | roles.OVERSEE,
        )
        from aftersales.package_demo import load_demo_packages

        demo.on_demo_store(load_demo_packages)
