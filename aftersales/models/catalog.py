"""Published prices (SPEC section 3): each store's labor-operation catalog and parts price list.

Repair-order lines pick from them; "list price" everywhere in after-sales means the price published here.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organization.scoping import StoreOwned

MONEY = {"max_digits": 12, "decimal_places": 2}


class JobType(models.TextChoices):
    """Drives the appointment discount and the 机电/钣喷 split of complaint statistics."""

    MAINTENANCE = "maintenance", _("Maintenance")
    REPAIR = "repair", _("Repair")
    BODY_AND_PAINT = "body_and_paint", _("Body and paint")
    INSURANCE_CLAIM = "insurance_claim", _("Insurance claim")
    WARRANTY = "warranty", _("Warranty")


class FreeLabor(models.TextChoices):
    """Seed 003: the items fitted with no labor charge."""

    TYRES = "tyres", _("Tyres")
    BATTERY = "battery", _("Battery")
    KEY_FOB_BATTERY = "key_fob_battery", _("Key-fob battery")
    BRAKE_BULB = "brake_bulb", _("Brake bulb")
    WIPERS = "wipers", _("Wipers")


class LaborOperation(StoreOwned):
    """One published labor operation: standard hours at an hourly rate."""

    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=100)
    job_type = models.CharField(_("job type"), max_length=20, choices=JobType)
    standard_hours = models.DecimalField(_("standard hours"), max_digits=6, decimal_places=2)
    hourly_rate = models.DecimalField(_("hourly rate (CNY)"), **MONEY)
    free_labor = models.CharField(
        _("no labor charge for"),
        max_length=20,
        choices=FreeLabor,
        blank=True,
        help_text=_("Seed 003's items fitted with no labor charge."),
    )
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        default_related_name = "labor_operations"
        verbose_name = _("labor operation")
        verbose_name_plural = _("labor operations")
        ordering = ["code", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["store", "code"], name="labor_operation_code_unique_per_store"),
            models.CheckConstraint(
                condition=Q(standard_hours__gte=0) & Q(hourly_rate__gte=0), name="labor_operation_price_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"


class PartPrice(StoreOwned):
    """One line of the parts price list: list price and cost, so an accessory's gross margin is known."""

    class Kind(models.TextChoices):
        PART = "part", _("Part")
        ACCESSORY = "accessory", _("Accessory (精品)")

    part_number = models.CharField(_("part number"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.PART)
    list_price = models.DecimalField(_("list price (CNY)"), **MONEY)
    cost = models.DecimalField(_("cost (CNY)"), **MONEY)
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        default_related_name = "part_prices"
        verbose_name = _("part price")
        verbose_name_plural = _("part prices")
        ordering = ["part_number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["store", "part_number"], name="part_number_unique_per_store"),
            models.CheckConstraint(condition=Q(list_price__gte=0) & Q(cost__gte=0), name="part_price_not_negative"),
        ]

    def __str__(self):
        return f"{self.part_number} {self.name}"
