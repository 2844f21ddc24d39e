"""Confirmation reminders (SPEC section 3): one day and one hour before the slot, a call for the advisor and an SMS.

A booking arms its reminders (`arm_reminders`): one row per kind, unique on (appointment, kind), due at the slot
minus the policy's lead time; a kind whose due time has already passed when the booking is made is not armed.
A reschedule re-arms them for the new slot. Beat runs `send_due_reminders` every minute: per reminder, one
transaction stamps `sent_at` by a conditional UPDATE and writes its SMS to the outbox, so beat firing twice or a
worker retrying sends one SMS per reminder. Cancelled and no-show appointments are skipped.
"""

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _

from aftersales.models import Appointment, AppointmentReminder
from aftersales.roles import RECEIVE_VEHICLES
from organization.messaging import send_sms
from organization.models import OutboundMessage, PolicySet
from organization.policies import Unit, define

Kind = AppointmentReminder.Kind
OPEN = (Appointment.Status.BOOKED, Appointment.Status.CONFIRMED)
SECTION = _("Appointments")
LEAD_TIMES = {
    Kind.DAY: define(
        "appointments.reminder_day_before_hours",
        SECTION,
        _("First confirmation reminder, this long before the slot"),
        Unit.HOURS,
        minimum=2,
        maximum=72,
    ),
    Kind.HOUR: define(
        "appointments.reminder_hour_before_minutes",
        SECTION,
        _("Last confirmation reminder, this long before the slot"),
        Unit.MINUTES,
        minimum=15,
        maximum=240,
    ),
}
BATCH = 500


def due_times(slot_start: datetime, booked_at: datetime, policy: PolicySet) -> dict[str, datetime]:
    """When each reminder of an appointment falls due; a kind already past at booking is left out."""
    due = {kind: slot_start - policy.value(key) for kind, key in LEAD_TIMES.items()}
    return {kind: at for kind, at in due.items() if at > booked_at}


def arm_reminders(appointment: Appointment, *, now: datetime) -> None:
    """(Re-)arm the appointment's reminders for its current slot: a reschedule sends them again for the new one."""
    due = due_times(appointment.slot_start, now, appointment.policy)
    appointment.reminders.exclude(kind__in=due).delete()
    for kind, at in due.items():
        AppointmentReminder.objects.update_or_create(
            appointment=appointment,
            kind=kind,
            defaults={"due_at": at, "sent_at": None, "message": None, "done_at": None, "done_by": None},
        )


def mark_called(appointment: Appointment, *, by, now: datetime) -> int:
    """The customer confirmed: the reminders due so far are done."""
    return appointment.reminders.filter(due_at__lte=now, done_at=None).update(done_at=now, done_by=by)


def reminders_due(user, now: datetime):
    """The calls to make now: reminders due and not done, on appointments still waiting for confirmation.

    An advisor sees those of the appointments they receive; the others at the desk see the store's.
    """
    visible = Appointment.objects.visible_to(user)
    if user.has_any_role(*RECEIVE_VEHICLES):
        visible = visible.filter(advisor=user)
    return (
        AppointmentReminder.objects.filter(
            appointment__in=visible,
            appointment__status=Appointment.Status.BOOKED,
            appointment__slot_start__gt=now,
            due_at__lte=now,
            done_at=None,
        )
        .select_related("appointment__customer", "appointment__vehicle", "appointment__advisor")
        .order_by("appointment__slot_start", "kind")
    )


def _slot_text(slot_start: datetime) -> str:
    return formats.date_format(timezone.localtime(slot_start), "Y-m-d H:i")


def _tell(appointment: Appointment, category: str, text: str) -> OutboundMessage:
    return send_sms(
        store=appointment.store,
        to=appointment.customer.mobile,
        category=category,
        template="reminder",
        params={"name": appointment.customer.name, "text": text},
    )


def _reminder_text(appointment: Appointment) -> str:
    return gettext(
        "please confirm your service appointment at %(slot)s for %(vehicle)s; %(advisor)s will receive you."
    ) % {
        "slot": _slot_text(appointment.slot_start),
        "vehicle": appointment.vehicle,
        "advisor": appointment.advisor.name,
    }


def tell_customer_booked(appointment: Appointment) -> OutboundMessage:
    """The booking tells the customer the slot and who will receive them."""
    with override(settings.LANGUAGE_CODE):
        text = gettext("your service appointment is booked for %(slot)s; %(advisor)s will receive you.") % {
            "slot": _slot_text(appointment.slot_start),
            "advisor": appointment.advisor.name,
        }
    return _tell(appointment, OutboundMessage.Category.SERVICE, text)


def tell_customer_rescheduled(appointment: Appointment) -> OutboundMessage:
    """A moved appointment: the customer hears the new slot and who will receive them, before the old slot."""
    with override(settings.LANGUAGE_CODE):
        text = gettext("your service appointment has been moved to %(slot)s; %(advisor)s will receive you.") % {
            "slot": _slot_text(appointment.slot_start),
            "advisor": appointment.advisor.name,
        }
    return _tell(appointment, OutboundMessage.Category.SERVICE, text)


def _due(now: datetime):
    return AppointmentReminder.objects.filter(
        sent_at=None,
        due_at__lte=now,
        appointment__status__in=OPEN,
        appointment__slot_start__gt=now,
    )


def send_due_reminders(now: datetime | None = None, batch: int = BATCH) -> int:
    """Send the SMS of every due reminder once; returns how many were sent.

    Each reminder is taken by a conditional UPDATE of its `sent_at` in the same transaction as its outbox row:
    a second run (beat firing twice, a retried task) finds it stamped; on PostgreSQL a concurrent run waits on the
    row lock and then finds `sent_at` set. A worker dying mid-way rolls back the stamp with the message.
    """
    now = now or timezone.now()
    due = list(_due(now).order_by("pk").values_list("pk", flat=True)[:batch])
    reminders = AppointmentReminder.objects.select_related(
        "appointment__store", "appointment__customer", "appointment__vehicle", "appointment__advisor"
    )
    sent = 0
    with override(settings.LANGUAGE_CODE):
        for reminder in reminders.filter(pk__in=due).order_by("pk"):
            with transaction.atomic():
                if not AppointmentReminder.objects.filter(pk=reminder.pk, sent_at=None).update(sent_at=now):
                    continue
                reminder.message = _tell(
                    reminder.appointment, OutboundMessage.Category.REMINDER, _reminder_text(reminder.appointment)
                )
                reminder.save(update_fields=["message"])
            sent += 1
    return sent
