from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "customers"
    verbose_name = _("Customers")

    def ready(self):
        # Each rule module declares its policy keys.
        from customers import discounts, grades, membership, points, referrals, roles  # noqa: F401
        from customers.demo import load_demo_customers
        from customers.scale import load_scale
        from organization import demo, navigation
        from organization.roles import Role

        demo.on_demo_store(load_demo_customers)
        demo.on_scale(load_scale)
        navigation.add_entry(_("Customers"), "customers:list", roles=roles.READ_CUSTOMERS, position=90)
        navigation.add_entry(_("Showroom"), "customers:showroom", roles={Role.SALES_CONSULTANT}, position=100)
