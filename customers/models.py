from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organization.models import Store
from organization.scoping import StoreScopedQuerySet


class Customer(models.Model):
    """A person the store sells to or services. The customers issue fills in the rest of SPEC section 2."""

    store = models.ForeignKey(Store, models.PROTECT, related_name="customers", verbose_name=_("store"))
    name = models.CharField(_("name"), max_length=50)
    mobile = models.CharField(_("mobile"), max_length=20)

    objects = StoreScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        constraints = [models.UniqueConstraint(fields=["store", "mobile"], name="one_customer_per_mobile_per_store")]

    def __str__(self):
        return self.name


class Vehicle(models.Model):
    store = models.ForeignKey(Store, models.PROTECT, related_name="vehicles", verbose_name=_("store"))
    owner = models.ForeignKey(Customer, models.PROTECT, related_name="vehicles", verbose_name=_("owner"))
    vin = models.CharField(_("VIN"), max_length=17)
    plate = models.CharField(_("plate"), max_length=10, blank=True)

    objects = StoreScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vehicle")
        verbose_name_plural = _("vehicles")
        constraints = [models.UniqueConstraint(fields=["store", "vin"], name="one_vehicle_per_vin_per_store")]

    def __str__(self):
        return self.plate or self.vin
