from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "customers"
    verbose_name = _("Customers")

    def ready(self):
        # Each rule module declares its policy keys.
        from customers import discounts, grades, membership, points, referrals  # noqa: F401
        from customers.demo import load_demo_customers
        from customers.scale import load_scale
        from organization import demo

        demo.on_demo_store(load_demo_customers)
        demo.on_scale(load_scale)
