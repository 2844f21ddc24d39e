from datetime import time, timedelta
from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from organization.roles import Role
from organization.scoping import StoreOwned, StoreScopedQuerySet


class Store(models.Model):
    """A 4S store (门店); every business record belongs to one."""

    code = models.SlugField(_("store code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    city = models.CharField(_("city"), max_length=50, blank=True)
    home_region = models.CharField(
        _("home region"), max_length=50, blank=True, help_text=_("Free fleet rescue applies inside this region.")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("store")
        verbose_name_plural = _("stores")
        ordering = ["code"]

    def __str__(self):
        return self.name


class OpeningHours(StoreOwned):
    """A store's opening hours for one weekday; a missing weekday means closed."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    store = models.ForeignKey(Store, models.CASCADE, related_name="opening_hours", verbose_name=_("store"))
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday)
    opens_at = models.TimeField(_("opens at"), default=time(8, 30))
    closes_at = models.TimeField(_("closes at"), default=time(18, 0))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["store", "weekday"]
        constraints = [
            models.UniqueConstraint(fields=["store", "weekday"], name="one_opening_hours_per_weekday"),
            models.CheckConstraint(condition=Q(opens_at__lt=models.F("closes_at")), name="opens_before_closing"),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"


class Department(StoreOwned):
    class Kind(models.TextChoices):
        SALES = "sales", _("Sales")
        AFTER_SALES = "after_sales", _("After-sales")
        PARTS = "parts", _("Parts")
        WORKSHOP = "workshop", _("Workshop")
        ACCESSORIES = "accessories", _("Accessories (精品)")
        CUSTOMER_SERVICE = "customer_service", _("Customer service")
        MANAGEMENT = "management", _("General management")

    store = models.ForeignKey(Store, models.CASCADE, related_name="departments", verbose_name=_("store"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_departments",
        verbose_name=_("department head"),
    )

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["store", "kind"]
        constraints = [models.UniqueConstraint(fields=["store", "kind"], name="one_department_of_a_kind_per_store")]

    def __str__(self):
        return f"{self.store} · {self.get_kind_display()}"


class UserQuerySet(StoreScopedQuerySet):
    def with_role(self, role: Role):
        return self.filter(groups__name=role, is_active=True)


class StaffManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(StoreOwned, AbstractUser):
    """A staff member: one store (none for the group user), a department and a superior."""

    name = models.CharField(_("full name"), max_length=50, blank=True)
    mobile = models.CharField(_("mobile"), max_length=20, blank=True)
    store = models.ForeignKey(
        Store, models.PROTECT, null=True, blank=True, related_name="staff", verbose_name=_("store")
    )
    department = models.ForeignKey(
        Department, models.SET_NULL, null=True, blank=True, related_name="staff", verbose_name=_("department")
    )
    superior = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="reports", verbose_name=_("superior")
    )

    objects = StaffManager()

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")

    def __str__(self):
        return self.name or self.username

    @cached_property
    def roles(self) -> frozenset[str]:
        return frozenset(self.groups.values_list("name", flat=True))

    def has_any_role(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))

    def may_write(self, roles) -> bool:
        """Holds one of `roles` and is not the group user, who reads every store and writes none."""
        return self.has_any_role(*roles) and not self.is_group_manager

    @property
    def is_group_manager(self) -> bool:
        """The group user (集团管理) belongs to no store and reads every store."""
        return self.store_id is None and Role.GROUP_MANAGEMENT in self.roles


class PolicySet(models.Model):
    """One version of a store's policy values (or the group defaults, store empty).

    Records keep the version they were created under; a revision makes a new version.
    """

    store = models.ForeignKey(
        Store, models.CASCADE, null=True, blank=True, related_name="policy_sets", verbose_name=_("store")
    )
    version = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, verbose_name=_("created by")
    )
    note = models.CharField(_("reason for the change"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("policy version")
        verbose_name_plural = _("policy versions")
        ordering = ["store", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["store", "version"], condition=Q(store__isnull=False), name="one_policy_version_per_store"
            ),
            models.UniqueConstraint(
                fields=["version"], condition=Q(store__isnull=True), name="one_group_policy_version"
            ),
        ]

    def __str__(self):
        scope = self.store or _("Group defaults")
        return f"{scope} v{self.version}"

    @cached_property
    def raw_values(self) -> dict[str, str]:
        if "values" in getattr(self, "_prefetched_objects_cache", {}):
            return {item.key: item.value for item in self.values.all()}
        return dict(self.values.values_list("key", "value"))  # plain pairs: a version holds some 200 values

    @cached_property
    def typed_values(self) -> dict:
        """The values read so far, typed: a version is read many times and never changes."""
        return {}

    def value(self, key):
        """The value of a policy key in this version, typed by its unit (int, timedelta, Decimal, time or bool)."""
        if key.key not in self.typed_values:
            self.typed_values[key.key] = key.parse(self.raw_values[key.key])
        return self.typed_values[key.key]


class PolicyValue(models.Model):
    policy_set = models.ForeignKey(PolicySet, models.CASCADE, related_name="values")
    key = models.CharField(_("key"), max_length=60)
    value = models.CharField(_("value"), max_length=40)

    class Meta:
        verbose_name = _("policy value")
        verbose_name_plural = _("policy values")
        constraints = [models.UniqueConstraint(fields=["policy_set", "key"], name="one_value_per_key_per_version")]

    def __str__(self):
        return f"{self.key}={self.value}"


class OutboundMessage(StoreOwned):
    """The outbox: every SMS the app sends, whatever the backend, with its delivery status."""

    class Category(models.TextChoices):
        SERVICE = "service", _("Service notice")
        REMINDER = "reminder", _("Reminder")
        SURVEY = "survey", _("Survey")
        MARKETING = "marketing", _("Marketing")
        STAFF_ALERT = "staff_alert", _("Staff alert")
        VERIFICATION_CODE = "code", _("Verification code")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to send")
        DEFERRED = "deferred", _("Held for quiet hours")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SUPPRESSED = "suppressed", _("Not sent: opted out")

    store = models.ForeignKey(Store, models.CASCADE, null=True, blank=True, verbose_name=_("store"))
    category = models.CharField(_("category"), max_length=20, choices=Category)
    to = models.CharField(_("recipient mobile"), max_length=20)
    template = models.CharField(_("template"), max_length=40)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    body = models.TextField(_("text"))
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PENDING)
    send_after = models.DateTimeField(_("send after"), default=timezone.now)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    provider_message_id = models.CharField(_("provider message id"), max_length=64, blank=True)
    error = models.CharField(_("error"), max_length=255, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    claim_id = models.UUIDField(_("claim"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbound message")
        verbose_name_plural = _("outbox")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["send_after"],
                condition=Q(status__in=["pending", "deferred"]),
                name="message_waiting_idx",
            ),
            models.Index(fields=["claimed_at"], condition=Q(status="sending"), name="message_sending_idx"),
            models.Index(fields=["claim_id"], condition=Q(claim_id__isnull=False), name="message_claim_idx"),
        ]

    def __str__(self):
        return f"{self.to} · {self.template} · {self.get_status_display()}"


class MessageOptOut(StoreOwned):
    """A recipient who asked not to receive one category of SMS (or any, category empty)."""

    store = models.ForeignKey(Store, models.CASCADE, verbose_name=_("store"))
    mobile = models.CharField(_("mobile"), max_length=20)
    category = models.CharField(
        _("category"), max_length=20, choices=OutboundMessage.Category, blank=True, help_text=_("Empty means all.")
    )
    reason = models.CharField(_("reason"), max_length=200)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("SMS opt-out")
        verbose_name_plural = _("SMS opt-outs")
        constraints = [models.UniqueConstraint(fields=["store", "mobile", "category"], name="one_opt_out_per_category")]

    def __str__(self):
        return f"{self.mobile} · {self.get_category_display() or _('all')}"


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at=None)


class Notification(models.Model):
    """An in-app notice for a staff member (the bell in the navigation bar)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient"], condition=Q(read_at=None), name="notification_unread_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.url or reverse("organization:notifications")


class Heartbeat(models.Model):
    """When a periodic job last ran, so a stopped scheduler is noticed."""

    name = models.CharField(_("name"), max_length=40, unique=True)
    last_run_at = models.DateTimeField(_("last run at"))

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self):
        return f"{self.name} @ {self.last_run_at:%Y-%m-%d %H:%M:%S}"

    def is_stale(self, now=None) -> bool:
        now = now or timezone.now()
        return now - self.last_run_at > timedelta(minutes=settings.BEAT_STALE_AFTER_MINUTES)


class SubmittedForm(models.Model):
    """A one-time form token already used (organization.submissions); a repeat post goes to `result_url`."""

    token = models.UUIDField(_("token"), primary_key=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("submitted by")
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    result_url = models.CharField(_("result"), max_length=200)

    class Meta:
        verbose_name = _("submitted form")
        verbose_name_plural = _("submitted forms")

    def __str__(self):
        return str(self.token)


class Holiday(StoreOwned):
    """A day the store's own calendar decides: closed, or open as a working day (调休). Wins over the mainland's."""

    class Kind(models.TextChoices):
        CLOSED = "closed", _("Closed day")
        WORKING = "working", _("Extra working day (调休)")

    store = models.ForeignKey(Store, models.CASCADE, related_name="holidays", verbose_name=_("store"))
    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.CLOSED)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        ordering = ["store", "date"]
        constraints = [models.UniqueConstraint(fields=["store", "date"], name="one_holiday_entry_per_store_day")]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name} · {self.get_kind_display()}"
