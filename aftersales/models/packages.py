"""Maintenance packages, the polish-and-wax voucher and extended warranties of a vehicle (SPEC section 3, seed 003).

A package's services are redeemed as zero-priced settlement lines of the vehicle's repair orders, each with its own
voucher number, so the `voucher_redeemed_once` constraint keeps a service from being used twice.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organization.scoping import StoreOwned

MONEY = {"max_digits": 12, "decimal_places": 2}


class OilSize(models.IntegerChoices):
    SIX_LITRES = 6, _("6 L of oil")
    EIGHT_LITRES = 8, _("8 L of oil")


class MaintenancePackage(StoreOwned):
    """A prepaid bundle of basic services for one vehicle, with the vouchers that come with it."""

    vehicle = models.ForeignKey("customers.Vehicle", models.PROTECT, verbose_name=_("vehicle"))
    oil_litres = models.PositiveSmallIntegerField(_("oil size"), choices=OilSize)
    services = models.PositiveSmallIntegerField(_("services included"))
    price = models.DecimalField(_("price (CNY)"), **MONEY)
    care_vouchers = models.PositiveSmallIntegerField(_("care-product vouchers"))
    care_voucher_yuan = models.DecimalField(_("care-product voucher value (CNY)"), **MONEY)
    renewal_voucher_yuan = models.DecimalField(_("insurance-renewal voucher value (CNY)"), **MONEY)
    sold_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("sold by"))
    sold_at = models.DateTimeField(_("sold at"), default=timezone.now)
    expires_on = models.DateField(_("valid until"))

    class Meta:
        default_related_name = "maintenance_packages"
        verbose_name = _("maintenance package")
        verbose_name_plural = _("maintenance packages")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0) & Q(services__gte=1), name="package_price_and_services"),
        ]

    def __str__(self):
        return f"{self.vehicle} {self.get_oil_litres_display()}"


class PolishWaxVoucher(StoreOwned):
    """The polish-and-wax voucher given with an insurance repair of a car bought elsewhere; one per order."""

    order = models.OneToOneField(
        "aftersales.RepairOrder", models.PROTECT, related_name="polish_wax_voucher", verbose_name=_("order")
    )
    vehicle = models.ForeignKey("customers.Vehicle", models.PROTECT, related_name="+", verbose_name=_("vehicle"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("given by")
    )
    issued_at = models.DateTimeField(_("given at"), default=timezone.now)
    expires_on = models.DateField(_("valid until"))

    class Meta:
        verbose_name = _("polish-and-wax voucher")
        verbose_name_plural = _("polish-and-wax vouchers")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.order} {self.expires_on}"


class ExtendedWarrantySale(StoreOwned):
    """An extended warranty sold on a vehicle; it moves the vehicle's extended-warranty end."""

    vehicle = models.ForeignKey("customers.Vehicle", models.PROTECT, verbose_name=_("vehicle"))
    term_months = models.PositiveSmallIntegerField(_("term (months)"))
    price = models.DecimalField(_("price (CNY)"), **MONEY)
    sold_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("sold by"))
    sold_at = models.DateTimeField(_("sold at"), default=timezone.now)
    ends_on = models.DateField(_("extended warranty ends"))

    class Meta:
        default_related_name = "extended_warranty_sales"
        verbose_name = _("extended warranty sale")
        verbose_name_plural = _("extended warranty sales")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0) & Q(term_months__gte=1), name="warranty_sale_price_term"),
        ]

    def __str__(self):
        return f"{self.vehicle} {self.term_months}"
