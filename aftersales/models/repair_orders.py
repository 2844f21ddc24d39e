"""The repair order (任务委托书, SPEC section 3): reception to QC, settlement and delivery.

An order's lines are its estimate at list prices; a line added or repriced after the customer signed belongs to a
change request and counts only once the customer approved it. Every status change is a RepairOrderStep (who, when,
a note), never edited, so the order page shows its timeline.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from aftersales.models.catalog import FreeLabor, JobType, LaborOperation, PartPrice
from customers.validation import stored_moment
from organization.concurrency import RowVersioned, RowVersionedQuerySet
from organization.scoping import StoreOwned, StoreScopedQuerySet

MONEY = {"max_digits": 12, "decimal_places": 2}
QUANTITY = {"max_digits": 10, "decimal_places": 2}


class RepairOrderQuerySet(RowVersionedQuerySet, StoreScopedQuerySet):
    def open(self):
        """Orders the car of which is still with us."""
        return self.exclude(status__in=[RepairOrder.Status.DELIVERED, RepairOrder.Status.CANCELLED])


class RepairOrder(RowVersioned, StoreOwned):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SIGNED = "signed", _("Signed by the customer")
        IN_PROGRESS = "in_progress", _("In progress")
        QC = "qc", _("In QC")
        READY = "ready", _("Ready for collection")
        SETTLED = "settled", _("Settled")
        DELIVERED = "delivered", _("Delivered")
        CANCELLED = "cancelled", _("Cancelled")

    class FuelLevel(models.TextChoices):
        EMPTY = "empty", _("Empty")
        QUARTER = "quarter", _("1/4")
        HALF = "half", _("1/2")
        THREE_QUARTERS = "three_quarters", _("3/4")
        FULL = "full", _("Full")

    class PaymentType(models.TextChoices):
        CUSTOMER = "customer", _("Customer pay")
        WARRANTY = "warranty", _("Warranty")
        INSURANCE_CLAIM = "insurance_claim", _("Insurance claim")
        INTERNAL = "internal", _("Internal")

    class OldParts(models.TextChoices):
        KEPT = "kept", _("Kept by the customer")
        DISCARDED = "discarded", _("Discarded")

    number = models.CharField(_("repair order number"), max_length=30)
    customer = models.ForeignKey("customers.Customer", models.PROTECT, verbose_name=_("customer"))
    vehicle = models.ForeignKey("customers.Vehicle", models.PROTECT, verbose_name=_("vehicle"))
    appointment = models.OneToOneField(
        "aftersales.Appointment",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="repair_order",
        verbose_name=_("appointment"),
    )
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="received_repair_orders", verbose_name=_("advisor")
    )
    job_type = models.CharField(_("job type"), max_length=20, choices=JobType)
    payment_type = models.CharField(_("payment type"), max_length=20, choices=PaymentType, default=PaymentType.CUSTOMER)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.DRAFT)
    opened_at = models.DateTimeField(_("received at"), default=timezone.now)

    # Reception (接待): the walk-round with the customer.
    mileage_in = models.PositiveIntegerField(_("mileage in (km)"))
    fuel_level = models.CharField(_("fuel level"), max_length=15, choices=FuelLevel)
    exterior_damage = models.TextField(_("exterior damage"), blank=True)
    valuables = models.TextField(_("valuables left in the car"), blank=True)
    customer_words = models.TextField(_("the customer's words"))
    diagnosis = models.TextField(_("diagnosis"), blank=True)
    covers_fitted = models.BooleanField(_("seat and floor covers fitted"), default=False)
    key_tag = models.CharField(_("key tag"), max_length=20, blank=True)
    customer_waits = models.BooleanField(_("customer waits in the lounge"), default=False)
    promised_at = models.DateTimeField(_("promised delivery time"))
    estimate = models.DecimalField(_("approved estimate at list prices (CNY)"), default=0, **MONEY)

    # Signatures before work starts.
    signed_by_name = models.CharField(_("signed by the customer"), max_length=50, blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    checklist_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reception checklist signed by"),
    )

    # Workshop.
    technician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="repair_orders_worked",
        verbose_name=_("technician"),
    )
    work_started_at = models.DateTimeField(_("work started at"), null=True, blank=True)
    self_check_done = models.BooleanField(_("technician's self-check done"), default=False)
    repair_report = models.TextField(_("repair report"), blank=True)
    report_signed_at = models.DateTimeField(_("repair report signed at"), null=True, blank=True)
    ready_at = models.DateTimeField(_("ready at"), null=True, blank=True)

    # Settlement and delivery.
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True)
    list_total = models.DecimalField(_("list-price total (CNY)"), null=True, blank=True, **MONEY)
    discount_total = models.DecimalField(_("discounts (CNY)"), null=True, blank=True, **MONEY)
    payable_total = models.DecimalField(_("amount payable (CNY)"), null=True, blank=True, **MONEY)
    old_parts = models.CharField(_("old parts"), max_length=10, choices=OldParts, blank=True)
    next_service_due = models.DateField(_("next service due"), null=True, blank=True)
    next_service_km = models.PositiveIntegerField(_("next service at (km)"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="delivered_repair_orders",
        verbose_name=_("delivered by"),
    )
    gate_pass_number = models.CharField(_("gate pass number"), max_length=30, blank=True)

    policy = models.ForeignKey("organization.PolicySet", models.PROTECT, related_name="+", verbose_name=_("policy"))

    objects = RepairOrderQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        default_related_name = "repair_orders"
        verbose_name = _("repair order")
        verbose_name_plural = _("repair orders")
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["store", "number"], name="repair_order_number_unique_per_store"),
            models.UniqueConstraint(
                fields=["store", "gate_pass_number"],
                condition=~Q(gate_pass_number=""),
                name="gate_pass_number_unique_per_store",
            ),
            models.CheckConstraint(condition=stored_moment("opened_at"), name="repair_order_opened_in_range"),
            models.CheckConstraint(
                condition=Q(promised_at__gte=models.F("opened_at")), name="repair_order_promised_after_reception"
            ),
            models.CheckConstraint(condition=Q(estimate__gte=0), name="repair_order_estimate_not_negative"),
        ]
        indexes = [
            models.Index(fields=["store", "status", "promised_at"], name="repair_order_store_status"),
            models.Index(fields=["technician", "status"], name="repair_order_technician"),
            # The advisor's cars still with us (the day view): a few rows among thousands of delivered ones.
            models.Index(
                fields=["advisor", "promised_at"],
                condition=~Q(status__in=["delivered", "cancelled"]),
                name="repair_order_advisor_open",
            ),
            models.Index(fields=["delivered_by", "delivered_at"], name="repair_order_delivered_by"),
            models.Index(fields=["vehicle", "-opened_at"], name="repair_order_vehicle"),
            # Vehicles served in a month (aftersales.served): one store's, or every store's, handed back cars.
            models.Index(
                fields=["store", "delivered_at"], condition=Q(status="delivered"), name="repair_order_delivered"
            ),
            # The dashboards' month and day figures (aftersales.figures): orders opened, work started.
            models.Index(fields=["store", "opened_at"], name="repair_order_store_opened"),
            models.Index(
                fields=["store", "work_started_at"],
                condition=Q(work_started_at__isnull=False),
                name="repair_order_store_started",
            ),
        ]

    def __str__(self):
        return self.number

    @property
    def source(self) -> str:
        """The event source the service callbacks of this order carry."""
        return f"repair_order:{self.pk}"


class ChangeRequest(models.Model):
    """Work or prices added after the customer signed, or a new promised time: applies once the customer approves."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the customer")
        APPROVED = "approved", _("Approved by the customer")
        DECLINED = "declined", _("Declined by the customer")

    class ApprovedHow(models.TextChoices):
        PHONE = "phone", _("By phone")
        IN_PERSON = "in_person", _("In person")

    order = models.ForeignKey(RepairOrder, models.CASCADE, related_name="change_requests", verbose_name=_("order"))
    reason = models.TextField(_("reason"))
    new_promised_at = models.DateTimeField(_("new promised delivery time"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    customer_name = models.CharField(_("customer who decided"), max_length=50, blank=True)
    decided_how = models.CharField(_("how the customer decided"), max_length=10, choices=ApprovedHow, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("recorded by")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        ordering = ["requested_at", "pk"]

    def __str__(self):
        return f"{self.order} {self.get_status_display()}"


class RepairOrderLine(models.Model):
    """One line of the order at its list price; `replaces` reprices an earlier line once its change is approved."""

    class Kind(models.TextChoices):
        LABOR = "labor", _("Labor")
        PART = "part", _("Part")
        PAINT_LABOR = "paint_labor", _("Paint labor")
        ACCESSORY = "accessory", _("Accessory")
        CHECK_FEE = "check_fee", _("Diagnostic or check fee")
        RESCUE = "rescue", _("Rescue fuel and tolls")

    order = models.ForeignKey(RepairOrder, models.CASCADE, related_name="lines", verbose_name=_("order"))
    kind = models.CharField(_("kind"), max_length=15, choices=Kind)
    labor_operation = models.ForeignKey(
        LaborOperation, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("labor operation")
    )
    part = models.ForeignKey(PartPrice, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("part"))
    description = models.CharField(_("description"), max_length=200)
    quantity = models.DecimalField(_("hours or quantity"), default=1, **QUANTITY)
    unit_price = models.DecimalField(_("rate or unit price (CNY)"), **MONEY)
    published_price = models.DecimalField(_("published price (CNY)"), null=True, blank=True, **MONEY)
    price_reason = models.CharField(_("reason for a price other than the published one"), max_length=200, blank=True)
    price_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("price approved by (manager)"),
    )
    free_labor = models.CharField(_("no labor charge for"), max_length=20, choices=FreeLabor, blank=True)
    tyre = models.BooleanField(_("tyre"), default=False)
    wheel_alignment = models.BooleanField(_("wheel alignment"), default=False)
    inside_home_region = models.BooleanField(_("rescue inside the home region"), default=False)
    change_request = models.ForeignKey(
        ChangeRequest,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="lines",
        verbose_name=_("change request"),
    )
    replaces = models.OneToOneField(
        "self", models.PROTECT, null=True, blank=True, related_name="replaced_by", verbose_name=_("replaces")
    )
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("added by"))
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("repair order line")
        verbose_name_plural = _("repair order lines")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="repair_order_line_quantity_positive"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="repair_order_line_price_not_negative"),
            models.CheckConstraint(
                condition=Q(published_price__isnull=True)
                | Q(unit_price=models.F("published_price"))
                | (~Q(price_reason="") & Q(price_approved_by__isnull=False)),
                name="repair_order_line_price_change_approved",
            ),
        ]

    def __str__(self):
        return self.description

    @property
    def list_amount(self):
        return self.unit_price * self.quantity


class RecommendedWork(models.Model):
    """Work the advisor or technician recommends; declined safety work needs the customer's signature."""

    order = models.ForeignKey(RepairOrder, models.CASCADE, related_name="recommendations", verbose_name=_("order"))
    description = models.CharField(_("recommended work"), max_length=200)
    safety_related = models.BooleanField(_("safety-related"), default=False)
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)
    declined_signature = models.CharField(_("customer's signature on declining"), max_length=50, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        verbose_name = _("recommended work")
        verbose_name_plural = _("recommended work")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(safety_related=False) | Q(declined_at__isnull=True) | ~Q(declined_signature=""),
                name="declined_safety_work_signed",
            )
        ]

    def __str__(self):
        return self.description


class QcInspection(models.Model):
    """One QC inspection (检验): a fail sends the order back to the workshop, a pass makes it ready."""

    order = models.ForeignKey(RepairOrder, models.CASCADE, related_name="inspections", verbose_name=_("order"))
    passed = models.BooleanField(_("passed"))
    notes = models.TextField(_("notes"), blank=True)
    road_tested = models.BooleanField(_("road tested"), default=False)
    washed = models.BooleanField(_("washed"), default=False)
    guarantee_card = models.BooleanField(_("quality guarantee card filled in"), default=False)
    tyre_life_percent = models.PositiveSmallIntegerField(_("remaining tyre life (%)"), null=True, blank=True)
    brake_pad_life_percent = models.PositiveSmallIntegerField(_("remaining brake-pad life (%)"), null=True, blank=True)
    parked_in_finished_area = models.BooleanField(_("parked in the finished area"), default=False)
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("inspector")
    )
    inspected_at = models.DateTimeField(_("inspected at"), default=timezone.now)

    class Meta:
        verbose_name = _("QC inspection")
        verbose_name_plural = _("QC inspections")
        ordering = ["inspected_at", "pk"]
        indexes = [models.Index(fields=["inspected_at"], condition=Q(passed=True), name="qc_passed_at")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(tyre_life_percent__isnull=True) | Q(tyre_life_percent__lte=100))
                & (Q(brake_pad_life_percent__isnull=True) | Q(brake_pad_life_percent__lte=100)),
                name="qc_wear_is_a_percent",
            )
        ]

    def __str__(self):
        return f"{self.order} {self.passed}"


class RequisitionLine(models.Model):
    """A part drawn from the parts store for the order (领料单), issued by parts staff."""

    order = models.ForeignKey(RepairOrder, models.CASCADE, related_name="requisition", verbose_name=_("order"))
    part = models.ForeignKey(PartPrice, models.PROTECT, related_name="+", verbose_name=_("part"))
    quantity = models.DecimalField(_("quantity"), **QUANTITY)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("issued by")
    )
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("requisition line")
        verbose_name_plural = _("requisition lines")
        ordering = ["pk"]
        constraints = [models.CheckConstraint(condition=Q(quantity__gt=0), name="requisition_quantity_positive")]
        indexes = [models.Index(fields=["issued_at"], name="requisition_to_issue", condition=Q(issued_at=None))]

    def __str__(self):
        return f"{self.part} × {self.quantity}"


class SettlementLine(models.Model):
    """What the customer was charged for one line at settlement, with the discount's reason (the settlement sheet)."""

    order = models.ForeignKey(RepairOrder, models.CASCADE, related_name="settlement_lines", verbose_name=_("order"))
    line = models.OneToOneField(
        RepairOrderLine, models.PROTECT, null=True, blank=True, related_name="settled", verbose_name=_("line")
    )
    description = models.CharField(_("description"), max_length=200)
    voucher_number = models.CharField(_("voucher number"), max_length=40, blank=True)
    list_amount = models.DecimalField(_("list price (CNY)"), **MONEY)
    discount = models.DecimalField(_("discount (CNY)"), **MONEY)
    payable = models.DecimalField(_("payable (CNY)"), **MONEY)
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        verbose_name = _("settlement line")
        verbose_name_plural = _("settlement lines")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["voucher_number"], condition=~Q(voucher_number=""), name="voucher_redeemed_once"
            )
        ]

    def __str__(self):
        return self.description


class RepairOrderStep(models.Model):
    """One status change of an order: who, when, a note. Append-only; the order page's timeline."""

    class Action(models.TextChoices):
        RECEIVE = "receive", _("Car received")
        SIGN = "sign", _("Customer signed")
        START = "start", _("Work started")
        CHANGE_APPROVED = "change_approved", _("Change approved by the customer")
        CHANGE_DECLINED = "change_declined", _("Change declined by the customer")
        FINISH = "finish", _("Repair report signed")
        QC_FAIL = "qc_fail", _("Failed QC")
        QC_PASS = "qc_pass", _("Passed QC")
        SETTLE = "settle", _("Settled")
        DELIVER = "deliver", _("Delivered with gate pass")

    order = models.ForeignKey(RepairOrder, models.CASCADE, related_name="steps", verbose_name=_("order"))
    action = models.CharField(_("action"), max_length=30, choices=Action)
    from_status = models.CharField(_("from"), max_length=12, choices=RepairOrder.Status, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=RepairOrder.Status)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("repair order step")
        verbose_name_plural = _("repair order steps")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.order} {self.action}"
