from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Right
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from customers.validation import (
    BIRTHDAY,
    INSURANCE_EXPIRY,
    LAST_SERVICE,
    PLANNED_PURCHASE,
    PURCHASE_DATE,
    SERVICE_DUE,
    WARRANTY_END,
    stored_moment,
)
from organization.concurrency import RowVersioned, RowVersionedQuerySet
from organization.roles import Role
from organization.scoping import StoreOwned, StoreScopedQuerySet

MONEY = {"max_digits": 12, "decimal_places": 2}


class Grade(models.TextChoices):
    """Seed 001: customers are graded A, B or C by budget, frequency and needs."""

    A = "A", _("Grade A")
    B = "B", _("Grade B")
    C = "C", _("Grade C")


class CustomerQuerySet(RowVersionedQuerySet, StoreScopedQuerySet):
    def active_members(self):
        return self.filter(memberships__revoked_at=None).distinct()


class Customer(RowVersioned, StoreOwned):
    """A person the store sells to or services (SPEC section 2)."""

    class Gender(models.TextChoices):
        MALE = "male", _("Male")
        FEMALE = "female", _("Female")

    class Source(models.TextChoices):
        WALK_IN = "walk_in", _("Walk-in")
        REFERRAL = "referral", _("Referral")
        ONLINE = "online", _("Online")
        PHONE = "phone", _("Phone")
        FLEET = "fleet", _("Fleet")

    name = models.CharField(_("name"), max_length=50)
    mobile = models.CharField(_("mobile"), max_length=20)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender, blank=True)
    birthday = models.DateField(_("birthday"), null=True, blank=True)
    occupation = models.CharField(_("occupation"), max_length=50, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=Source, default=Source.WALK_IN)
    marketing_consent = models.BooleanField(
        _("accepts marketing SMS"), default=False, help_text=_("PIPL: only with the customer's consent.")
    )
    referred_by = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="referrals_made", verbose_name=_("referred by")
    )
    sales_consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="sales_customers",
        verbose_name=_("sales consultant"),
    )
    notes = models.TextField(_("notes"), blank=True)
    # Grade inputs (seed 001: budget, frequency and needs); frequency is counted from visits and sales.
    purchase_budget = models.DecimalField(_("purchase budget (CNY)"), null=True, blank=True, **MONEY)
    planned_purchase_on = models.DateField(_("plans to buy by"), null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=1, choices=Grade, blank=True)
    suggested_grade = models.CharField(_("suggested grade"), max_length=1, choices=Grade, blank=True)
    grade_override_reason = models.CharField(_("reason for overriding the suggested grade"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    anonymized_at = models.DateTimeField(_("anonymized at"), null=True, blank=True)
    self_registered = models.BooleanField(
        _("self-registered"),
        default=False,
        help_text=_("Created by the customer's online booking; the advisor checks the file on arrival."),
    )

    objects = CustomerQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        default_related_name = "customers"
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["store", "mobile"], name="one_customer_per_mobile_per_store"),
            models.CheckConstraint(condition=BIRTHDAY.stored("birthday"), name="customer_birthday_in_range"),
            models.CheckConstraint(
                condition=PLANNED_PURCHASE.stored("planned_purchase_on"), name="customer_planned_purchase_in_range"
            ),
        ]
        indexes = [
            models.Index(fields=["store", "-created_at"], name="customer_store_newest"),
            # The group user's search by a whole mobile: pg_trgm's index takes 15 ms for 11 common digits.
            models.Index(fields=["mobile"], name="customer_mobile"),
            # The front desk's search by a mobile's last four digits, in one store or (leading column) the group's.
            models.Index(Right("mobile", 4), "store", name="customer_mobile_last4"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("customers:detail", args=[self.pk])

    def refuse_if_anonymized(self) -> None:
        """PIPL: an anonymized file takes no more personal data; its vehicles, repairs and statistics stay."""
        if self.anonymized_at:
            raise ValidationError(_("An anonymized customer cannot be edited."), code="anonymized")


class GradeChange(StoreOwned):
    """One entry of a customer's grade history: the suggested grade, the grade set, and why."""

    customer = models.ForeignKey(Customer, models.CASCADE, related_name="grade_changes", verbose_name=_("customer"))
    grade = models.CharField(_("grade"), max_length=1, choices=Grade)
    suggested_grade = models.CharField(_("suggested grade"), max_length=1, choices=Grade)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, verbose_name=_("changed by")
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("grade change")
        verbose_name_plural = _("grade changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.customer} → {self.grade}"

    @property
    def is_override(self) -> bool:
        return self.grade != self.suggested_grade


class VehicleQuerySet(RowVersionedQuerySet, StoreScopedQuerySet):
    pass


class Vehicle(RowVersioned, StoreOwned):
    class Status(models.TextChoices):
        IN_USE = "in_use", _("In use")
        SOLD = "sold", _("Sold on by the owner")
        SCRAPPED = "scrapped", _("Scrapped")

    owner = models.ForeignKey(Customer, models.PROTECT, related_name="vehicles", verbose_name=_("owner"))
    vin = models.CharField(_("VIN"), max_length=17, blank=True, help_text=_("Empty until a self-booked car arrives."))
    plate = models.CharField(_("plate"), max_length=10, blank=True)
    brand = models.CharField(_("brand"), max_length=30, blank=True)
    model_name = models.CharField(_("model"), max_length=50, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.IN_USE)
    purchase_date = models.DateField(_("purchase date"), null=True, blank=True)
    bought_here = models.BooleanField(_("bought here"), default=False)
    insured_here = models.BooleanField(_("insured here"), default=False)
    mileage = models.PositiveIntegerField(_("mileage (km)"), null=True, blank=True)
    warranty_end = models.DateField(_("warranty ends"), null=True, blank=True)
    extended_warranty_end = models.DateField(_("extended warranty ends"), null=True, blank=True)
    insurance_expiry = models.DateField(_("insurance expires"), null=True, blank=True)
    last_service_date = models.DateField(_("last service date"), null=True, blank=True)
    last_service_mileage = models.PositiveIntegerField(_("last service mileage (km)"), null=True, blank=True)
    next_service_due_date = models.DateField(_("next service due date"), null=True, blank=True)
    next_service_due_mileage = models.PositiveIntegerField(_("next service due mileage (km)"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = VehicleQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        default_related_name = "vehicles"
        verbose_name = _("vehicle")
        verbose_name_plural = _("vehicles")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["store", "vin"], condition=~Q(vin=""), name="one_vehicle_per_vin_per_store"
            ),
            models.CheckConstraint(condition=PURCHASE_DATE.stored("purchase_date"), name="vehicle_purchase_in_range"),
            models.CheckConstraint(condition=WARRANTY_END.stored("warranty_end"), name="vehicle_warranty_in_range"),
            models.CheckConstraint(
                condition=WARRANTY_END.stored("extended_warranty_end"), name="vehicle_extended_warranty_in_range"
            ),
            models.CheckConstraint(
                condition=INSURANCE_EXPIRY.stored("insurance_expiry"), name="vehicle_insurance_expiry_in_range"
            ),
            models.CheckConstraint(
                condition=LAST_SERVICE.stored("last_service_date"), name="vehicle_last_service_in_range"
            ),
            models.CheckConstraint(
                condition=SERVICE_DUE.stored("next_service_due_date"), name="vehicle_next_service_in_range"
            ),
        ]
        indexes = [models.Index(fields=["store", "plate"], name="vehicle_store_plate")]

    def __str__(self):
        return self.plate or self.vin

    def get_absolute_url(self):
        return reverse("customers:detail", args=[self.owner_id]) + f"#vehicle-{self.pk}"

    @property
    def in_use(self) -> bool:
        return self.status == self.Status.IN_USE


class VehicleSaleQuerySet(StoreScopedQuerySet):
    def visible_to(self, user):
        """SPEC section 1: a sales consultant sees only their own customers' sales records."""
        visible = super().visible_to(user)
        if user.is_authenticated and user.roles <= {Role.SALES_CONSULTANT}:
            visible = visible.filter(consultant=user)
        return visible


class VehicleSale(StoreOwned):
    """A new car handed over to its buyer (交车); the delivery announces the sales callbacks."""

    vehicle = models.ForeignKey(Vehicle, models.PROTECT, related_name="sales", verbose_name=_("vehicle"))
    buyer = models.ForeignKey(Customer, models.PROTECT, related_name="purchases", verbose_name=_("buyer"))
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="vehicle_sales", verbose_name=_("sales consultant")
    )
    delivered_at = models.DateTimeField(_("delivered at"))
    price = models.DecimalField(_("price (CNY)"), null=True, blank=True, **MONEY)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = VehicleSaleQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        default_related_name = "vehicle_sales"
        verbose_name = _("vehicle sale")
        verbose_name_plural = _("vehicle sales")
        ordering = ["-delivered_at"]
        constraints = [
            models.UniqueConstraint(fields=["vehicle"], name="one_delivery_per_vehicle"),
            models.CheckConstraint(condition=stored_moment("delivered_at"), name="sale_delivered_in_range"),
        ]

    def __str__(self):
        return f"{self.vehicle} → {self.buyer}"

    @property
    def source(self) -> str:
        """The event source the callbacks of this delivery carry."""
        return f"sale:{self.pk}"


class FleetAccountQuerySet(RowVersionedQuerySet, StoreScopedQuerySet):
    def annotate_members(self):
        return self.annotate(active_members=models.Count("memberships", filter=Q(memberships__revoked_at=None)))


class FleetAccount(RowVersioned, StoreOwned):
    """A fleet (大客户, seed 000 part 5): an organization's vehicles serviced here under one agreement."""

    class Status(models.TextChoices):
        FORMING = "forming", _("Collecting vehicles")
        ACTIVE = "active", _("Active")
        DISSOLVED = "dissolved", _("Dissolved")

    name = models.CharField(_("organization"), max_length=100)
    representative = models.ForeignKey(
        Customer, models.PROTECT, related_name="represented_fleets", verbose_name=_("representative")
    )
    fleet_specialist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="fleet_accounts",
        verbose_name=_("fleet specialist"),
    )
    local_plate_prefix = models.CharField(
        _("local plate prefix"),
        max_length=3,
        blank=True,
        help_text=_("Member vehicles must be registered locally, e.g. 粤A. Empty: not checked."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.FORMING)
    activated_at = models.DateTimeField(_("active since"), null=True, blank=True)
    dissolved_at = models.DateTimeField(_("dissolved at"), null=True, blank=True)
    dissolved_reason = models.CharField(_("reason for dissolution"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = FleetAccountQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        default_related_name = "fleet_accounts"
        verbose_name = _("fleet account")
        verbose_name_plural = _("fleet accounts")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["store", "name"], name="one_fleet_account_per_name_per_store")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("customers:fleet_detail", args=[self.pk])


class MembershipQuerySet(StoreScopedQuerySet):
    def active(self):
        return self.filter(revoked_at=None)


class Membership(StoreOwned):
    """A VIP or gold-card customer, or one vehicle in a fleet account; revoked, never deleted."""

    class Kind(models.TextChoices):
        VIP = "vip", _("VIP")
        GOLD_CARD = "gold_card", _("Gold card")
        FLEET = "fleet", _("Fleet member")

    class RevocationReason(models.TextChoices):
        VEHICLE_SOLD = "vehicle_sold", _("The vehicle was sold")
        VEHICLE_SCRAPPED = "vehicle_scrapped", _("The vehicle was scrapped")
        FLEET_DISSOLVED = "fleet_dissolved", _("The fleet fell below the minimum size and was dissolved")
        MISSED_SERVICES = "missed_services", _("Missed consecutive scheduled services here")
        MANAGER = "manager", _("Revoked by a manager (harm to the dealership's reputation)")
        ANONYMIZED = "anonymized", _("The customer's personal data was erased on request")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    customer = models.ForeignKey(Customer, models.PROTECT, related_name="memberships", verbose_name=_("customer"))
    vehicle = models.ForeignKey(
        Vehicle, models.PROTECT, null=True, blank=True, related_name="memberships", verbose_name=_("vehicle")
    )
    fleet = models.ForeignKey(
        FleetAccount, models.PROTECT, null=True, blank=True, related_name="memberships", verbose_name=_("fleet")
    )
    started_at = models.DateTimeField(_("member since"), default=timezone.now)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("granted by")
    )
    reapplication_of = models.OneToOneField(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="reapplication",
        verbose_name=_("re-application of"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason for revocation"), max_length=20, choices=RevocationReason, blank=True)
    revocation_note = models.CharField(_("revocation note"), max_length=200, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("revoked by")
    )

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        default_related_name = "memberships"
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["vehicle"], condition=Q(revoked_at=None, kind="fleet"), name="one_active_fleet_membership"
            ),
            models.UniqueConstraint(
                fields=["customer"],
                condition=Q(revoked_at=None) & ~Q(kind="fleet"),
                name="one_active_individual_membership",
            ),
            models.CheckConstraint(
                condition=~Q(kind="fleet") | Q(vehicle__isnull=False, fleet__isnull=False),
                name="fleet_membership_has_vehicle_and_fleet",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at=None) | ~Q(revoked_reason=""), name="revocation_has_a_reason"
            ),
        ]

    def __str__(self):
        return f"{self.customer} · {self.get_kind_display()}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class VipReception(StoreOwned):
    """Seed 000: a VIP received and seen off by staff of supervisor level or above."""

    customer = models.ForeignKey(Customer, models.PROTECT, related_name="vip_receptions", verbose_name=_("customer"))
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("received by")
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    notes = models.CharField(_("notes"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("VIP reception")
        verbose_name_plural = _("VIP receptions")
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.customer} @ {self.received_at:%Y-%m-%d %H:%M}"

    @property
    def source(self) -> str:
        return f"vip:{self.pk}"


class PointsEntry(StoreOwned):
    """The points ledger (积分) for VIP and fleet members: earned on paid repairs, redeemed at year end."""

    class Kind(models.TextChoices):
        EARNED = "earned", _("Earned")
        REDEEMED = "redeemed", _("Redeemed")

    customer = models.ForeignKey(Customer, models.PROTECT, related_name="points", verbose_name=_("customer"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    points = models.IntegerField(_("points"), help_text=_("Positive when earned, negative when redeemed."))
    source = models.CharField(_("source"), max_length=40, blank=True, help_text=_("e.g. the repair order paid."))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("points entry")
        verbose_name_plural = _("points ledger")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["store", "source", "kind"], condition=~Q(source=""), name="points_once_per_source"
            ),
            models.CheckConstraint(
                condition=Q(kind="earned", points__gt=0) | Q(kind="redeemed", points__lt=0), name="points_sign_by_kind"
            ),
        ]

    def __str__(self):
        return f"{self.customer} {self.points:+d}"


class Prospect(StoreOwned):
    """A prospective buyer (意向客户) who visited the showroom; becomes a customer when they buy."""

    name = models.CharField(_("name"), max_length=50)
    mobile = models.CharField(_("mobile"), max_length=20, blank=True)
    interested_model = models.CharField(_("interested in"), max_length=50, blank=True)
    purchase_budget = models.DecimalField(_("purchase budget (CNY)"), null=True, blank=True, **MONEY)
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="prospects",
        verbose_name=_("sales consultant"),
    )
    customer = models.OneToOneField(
        Customer, models.SET_NULL, null=True, blank=True, related_name="prospect", verbose_name=_("became customer")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        default_related_name = "prospects"
        verbose_name = _("prospect")
        verbose_name_plural = _("prospects")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.name


class ShowroomVisit(StoreOwned):
    """One line of the showroom traffic log (客流表)."""

    prospect = models.ForeignKey(Prospect, models.CASCADE, related_name="visits", verbose_name=_("prospect"))
    visited_at = models.DateTimeField(_("visited at"), default=timezone.now)
    party_size = models.PositiveSmallIntegerField(_("party size"), default=1)
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("received by"),
    )
    is_first_visit = models.BooleanField(_("first visit"), default=False)
    notes = models.CharField(_("notes"), max_length=200, blank=True)

    class Meta:
        default_related_name = "showroom_visits"
        verbose_name = _("showroom visit")
        verbose_name_plural = _("showroom traffic log")
        ordering = ["-visited_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["prospect"], condition=Q(is_first_visit=True), name="one_first_visit_per_prospect"
            ),
            models.CheckConstraint(condition=stored_moment("visited_at"), name="showroom_visited_in_range"),
        ]

    def __str__(self):
        return f"{self.prospect} @ {self.visited_at:%Y-%m-%d %H:%M}"


class Referral(StoreOwned):
    """A customer who brought in someone new (转介绍): seed 000 for buyers, seed 003 for service owners."""

    class Kind(models.TextChoices):
        PURCHASE = "purchase", _("New car buyer (noted on the first showroom visit)")
        SERVICE = "service", _("Owner of the same brand serviced elsewhere")

    class Status(models.TextChoices):
        RECORDED = "recorded", _("Recorded")
        CONVERTED = "converted", _("Converted, rewards granted")
        FAKE = "fake", _("Proved fake")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.PURCHASE)
    referrer = models.ForeignKey(Customer, models.PROTECT, related_name="referrals_given", verbose_name=_("referrer"))
    prospect = models.OneToOneField(
        Prospect, models.PROTECT, null=True, blank=True, related_name="referral", verbose_name=_("prospect")
    )
    first_visit = models.OneToOneField(
        ShowroomVisit, models.PROTECT, null=True, blank=True, related_name="referral", verbose_name=_("first visit")
    )
    referred_customer = models.ForeignKey(
        Customer,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals_received",
        verbose_name=_("referred customer"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="referrals_recorded", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.RECORDED)
    converted_at = models.DateTimeField(_("converted at"), null=True, blank=True)
    flagged_at = models.DateTimeField(_("flagged fake at"), null=True, blank=True)
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("flagged by")
    )
    loss = models.DecimalField(_("loss (CNY)"), null=True, blank=True, **MONEY)
    fine = models.DecimalField(_("fine (CNY)"), null=True, blank=True, **MONEY)
    fined_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="referral_fines",
        verbose_name=_("staff member fined"),
    )

    history = HistoricalRecords()

    class Meta:
        default_related_name = "referrals"
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-recorded_at", "-pk"]

    def __str__(self):
        return f"{self.referrer} → {self.prospect or self.referred_customer}"


class ReferralReward(StoreOwned):
    """What a converted referral gives each side: a basic-service voucher, and fuel for a gold-card referrer."""

    class Kind(models.TextChoices):
        BASIC_SERVICE = "basic_service", _("Free basic service voucher")
        FUEL = "fuel", _("Fuel voucher (93-octane)")

    referral = models.ForeignKey(Referral, models.PROTECT, related_name="rewards", verbose_name=_("referral"))
    customer = models.ForeignKey(Customer, models.PROTECT, related_name="referral_rewards", verbose_name=_("customer"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    amount = models.DecimalField(_("amount (CNY)"), null=True, blank=True, **MONEY)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True, help_text=_("The referral proved fake."))

    class Meta:
        verbose_name = _("referral reward")
        verbose_name_plural = _("referral rewards")
        constraints = [
            models.UniqueConstraint(fields=["referral", "customer", "kind"], name="one_reward_per_side_and_kind")
        ]

    def __str__(self):
        return f"{self.customer} · {self.get_kind_display()}"


class FollowUp(StoreOwned):
    """One line of the customer follow-up log (客户信息跟踪表, seed 000 part 4)."""

    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone")
        VISIT = "visit", _("In the store")
        SMS = "sms", _("SMS")
        WECHAT = "wechat", _("WeChat")

    customer = models.ForeignKey(Customer, models.CASCADE, related_name="follow_ups", verbose_name=_("customer"))
    contacted_at = models.DateTimeField(_("date"), default=timezone.now)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel, default=Channel.PHONE)
    content = models.CharField(_("content"), max_length=500)
    result = models.CharField(_("result"), max_length=500, blank=True)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("staff member")
    )

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-up log")
        ordering = ["-contacted_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=stored_moment("contacted_at"), name="follow_up_contacted_in_range")
        ]

    def __str__(self):
        return f"{self.customer} @ {self.contacted_at:%Y-%m-%d}"


class PrivacyLog(StoreOwned):
    """PIPL: who saw a customer's full mobile number, or anonymized the customer, and when."""

    class Action(models.TextChoices):
        REVEAL_MOBILE = "reveal_mobile", _("Full mobile number shown")
        ANONYMIZE = "anonymize", _("Anonymized on request")

    customer = models.ForeignKey(Customer, models.CASCADE, related_name="privacy_log", verbose_name=_("customer"))
    action = models.CharField(_("action"), max_length=20, choices=Action)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("staff member"))
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("privacy log entry")
        verbose_name_plural = _("privacy log")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} · {self.customer} · {self.user}"

    @property
    def source(self) -> str:
        """The event source of an anonymization, which upper apps hear as CUSTOMER_ANONYMIZED."""
        return f"privacy:{self.pk}"


class MobileSearch(StoreOwned):
    """PIPL: who searched the customers for a mobile number (whole, or its last four digits), where and when."""

    store = models.ForeignKey(
        "organization.Store",
        models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("store"),
        help_text=_("Empty: every store."),
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("staff member"))
    digits = models.CharField(_("digits searched"), max_length=11)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("mobile search")
        verbose_name_plural = _("mobile search log")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.digits} · {self.user}"
