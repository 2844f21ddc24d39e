from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from customers.validation import stored_moment
from organization.concurrency import RowVersioned, RowVersionedQuerySet
from organization.scoping import StoreOwned, StoreScopedQuerySet

MONEY = {"max_digits": 12, "decimal_places": 2}


class AppointmentQuerySet(RowVersionedQuerySet, StoreScopedQuerySet):
    def holding_slots(self):
        """Appointments that keep their advisor's slot: a cancelled or no-show one frees it."""
        return self.exclude(status__in=Appointment.SLOT_FREED)


class Appointment(RowVersioned, StoreOwned):
    """A customer's booked visit to the service reception (预约), with the advisor who will receive them."""

    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone")
        ONLINE = "online", _("Online")
        WALK_IN = "walk_in", _("Walk-in")

    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        CONFIRMED = "confirmed", _("Confirmed")
        ARRIVED = "arrived", _("Arrived")
        COMPLETED = "completed", _("Completed")
        NO_SHOW = "no_show", _("No-show")
        CANCELLED = "cancelled", _("Cancelled")

    SLOT_FREED = (Status.CANCELLED, Status.NO_SHOW)

    customer = models.ForeignKey("customers.Customer", models.PROTECT, verbose_name=_("customer"))
    vehicle = models.ForeignKey("customers.Vehicle", models.PROTECT, verbose_name=_("vehicle"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel)
    fault_description = models.TextField(_("fault description"), blank=True)
    preliminary_diagnosis = models.TextField(_("preliminary diagnosis"), blank=True)
    estimated_cost = models.DecimalField(_("estimated cost (CNY)"), null=True, blank=True, **MONEY)
    estimated_duration = models.DurationField(_("estimated duration"))
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="advised_appointments", verbose_name=_("advisor")
    )
    slot_start = models.DateTimeField(_("slot"))
    parts_to_reserve = models.TextField(_("parts to reserve"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.BOOKED)
    booked_at = models.DateTimeField(_("booked at"), default=timezone.now)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("booked by")
    )
    counts_as_appointment = models.BooleanField(_("counts as an appointment"), default=False)
    policy = models.ForeignKey("organization.PolicySet", models.PROTECT, related_name="+", verbose_name=_("policy"))
    # Seed 000: an appointment that proves fake is flagged and the staff member who faked it pays a share of the loss.
    fake_flagged_at = models.DateTimeField(_("flagged fake at"), null=True, blank=True)
    fake_flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("flagged by")
    )
    fake_loss = models.DecimalField(_("loss (CNY)"), null=True, blank=True, **MONEY)
    fake_fine = models.DecimalField(_("fine (CNY)"), null=True, blank=True, **MONEY)
    fined_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staff member fined"),
    )

    objects = AppointmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        default_related_name = "appointments"
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["slot_start", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["advisor", "slot_start"],
                condition=~Q(status__in=["cancelled", "no_show"]),
                name="one_appointment_per_advisor_slot",
            ),
            models.CheckConstraint(condition=stored_moment("slot_start"), name="appointment_slot_in_range"),
            models.CheckConstraint(condition=Q(estimated_cost__gte=0), name="appointment_cost_not_negative"),
            models.CheckConstraint(condition=Q(fake_loss__gte=0), name="appointment_fake_loss_not_negative"),
            models.CheckConstraint(
                condition=Q(estimated_duration__gt=timedelta(0)), name="appointment_duration_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["store", "slot_start"], name="appointment_store_slot"),
            # The month's fake-appointment fines (the staff report): the few flagged among a store's appointments.
            models.Index(
                fields=["store", "fake_flagged_at"],
                condition=Q(fake_flagged_at__isnull=False),
                name="appointment_flagged_fake",
            ),
        ]

    def __str__(self):
        return f"{self.vehicle} {timezone.localtime(self.slot_start):%Y-%m-%d %H:%M}"


class AppointmentChange(models.Model):
    """Who changed an appointment's status or slot, and when."""

    appointment = models.ForeignKey(Appointment, models.CASCADE, related_name="changes", verbose_name=_("appointment"))
    status = models.CharField(_("status"), max_length=10, choices=Appointment.Status)
    slot_start = models.DateTimeField(_("slot"))
    rescheduled = models.BooleanField(_("rescheduled"), default=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("appointment change")
        verbose_name_plural = _("appointment changes")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.appointment} {self.get_status_display()}"
