"""The daily care call lists (seed 000's care plan; SPEC section 3 "Reminders and care lists")."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from customers.models import Customer, FollowUp, Vehicle
from organization.concurrency import RowVersioned, RowVersionedQuerySet
from organization.models import OutboundMessage
from organization.scoping import StoreOwned, StoreScopedQuerySet


class ContactKind(models.TextChoices):
    FIRST_SERVICE = "first_service", _("First service (首保)")
    SCHEDULED_SERVICE = "scheduled_service", _("Scheduled service (定保)")
    INSPECTION = "inspection", _("Annual inspection (年检)")
    INSURANCE_RENEWAL = "insurance_renewal", _("Insurance renewal (续保)")
    WARRANTY_EXPIRY = "warranty_expiry", _("Warranty expiry")
    BIRTHDAY = "birthday", _("Birthday greeting")
    WIN_BACK = "win_back", _("Win-back call (流失)")
    BROADCAST = "broadcast", _("Broadcasts (promotions, owner events, warnings)")


class CareContactQuerySet(RowVersionedQuerySet, StoreScopedQuerySet):
    def open(self):
        return self.filter(closed_at=None)


class CareContact(RowVersioned, StoreOwned):
    """One due contact for one event (an expiry, a service falling due, a birthday), on one person's call list.

    `event_key` names the event (e.g. `vehicle:42:insurance:2027-01-15:45`): the daily job inserts with
    ON CONFLICT DO NOTHING on (kind, event_key), so a second run, or a catch-up after downtime, adds nothing twice.
    """

    kind = models.CharField(_("contact type"), max_length=20, choices=ContactKind)
    event_key = models.CharField(_("event"), max_length=80)
    customer = models.ForeignKey(Customer, models.CASCADE, related_name="care_contacts", verbose_name=_("customer"))
    vehicle = models.ForeignKey(
        Vehicle, models.CASCADE, null=True, blank=True, related_name="care_contacts", verbose_name=_("vehicle")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="care_contacts",
        verbose_name=_("owner"),
        help_text=_("The vehicle's care owner; empty: the store's customer service."),
    )
    event_date = models.DateField(_("date of the event"), help_text=_("The expiry, due date or birthday."))
    due_on = models.DateField(_("call on"))
    listed_on = models.DateField(_("listed on"))
    late = models.BooleanField(_("listed late"), default=False, help_text=_("Listed after its day (a catch-up)."))
    sms = models.ForeignKey(
        OutboundMessage, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("reminder SMS")
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = CareContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("care contact")
        verbose_name_plural = _("care contacts")
        default_related_name = "care_contacts"
        ordering = ["due_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["kind", "event_key"], name="one_care_contact_per_event")]
        indexes = [
            models.Index(fields=["owner", "due_on"], condition=Q(closed_at=None), name="care_open_by_owner"),
            models.Index(fields=["store", "due_on"], condition=Q(closed_at=None), name="care_open_by_store"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.customer}"


class CareCall(StoreOwned):
    """One call made for a care contact; it also shows in the customer's follow-up log."""

    contact = models.ForeignKey(CareContact, models.CASCADE, related_name="calls", verbose_name=_("care contact"))
    called_at = models.DateTimeField(_("called at"), default=timezone.now)
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="care_calls", verbose_name=_("called by")
    )
    reached = models.BooleanField(_("reached the customer"))
    result = models.CharField(_("result"), max_length=500, blank=True)
    next_step = models.CharField(_("next step"), max_length=200, blank=True)
    booked_appointment = models.BooleanField(_("booked an appointment"), default=False)
    follow_up = models.OneToOneField(
        FollowUp, models.SET_NULL, null=True, blank=True, related_name="care_call", verbose_name=_("follow-up")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("care call")
        verbose_name_plural = _("care calls")
        default_related_name = "care_calls"
        ordering = ["-called_at"]


class CareOptOut(StoreOwned):
    """A customer who asked not to be contacted for one contact type; such contacts never list nor send."""

    customer = models.ForeignKey(Customer, models.CASCADE, related_name="care_opt_outs", verbose_name=_("customer"))
    kind = models.CharField(_("contact type"), max_length=20, choices=ContactKind)
    reason = models.CharField(_("reason"), max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("care opt-out")
        verbose_name_plural = _("care opt-outs")
        default_related_name = "care_opt_outs"
        constraints = [models.UniqueConstraint(fields=["customer", "kind"], name="one_opt_out_per_contact_type")]
