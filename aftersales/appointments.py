"""Booking appointments at the front desk and moving them through their statuses (SPEC section 3).

Each function checks the current status, records who and when in AppointmentChange, and raises
ValidationError with a message for the person at the desk. Bookings of one store are serialized by
locking the store's row (the slot and capacity rules read the whole day); the unique constraint on
(advisor, slot) is the last word.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from aftersales import reminders, slots
from aftersales.models import Appointment, AppointmentChange
from aftersales.roles import RECEIVE_VEHICLES
from customers.models import Vehicle
from customers.referrals import fine_for_fake
from organization import calendar
from organization.concurrency import save_if_unchanged
from organization.models import PolicySet, Store
from organization.policies import current_policy

Status = Appointment.Status
OPEN = (Status.BOOKED, Status.CONFIRMED)
SLOTS_OFFERED = 3


def _booked_slots(advisor, day: date, exclude_pk=None) -> list[datetime]:
    start, end = calendar.day_bounds(day)
    booked = Appointment.objects.holding_slots().filter(advisor=advisor, slot_start__gte=start, slot_start__lt=end)
    return list(booked.exclude(pk=exclude_pk).values_list("slot_start", flat=True))


def _booked_hours(store: Store, day: date, exclude_pk=None) -> timedelta:
    start, end = calendar.day_bounds(day)
    booked = Appointment.objects.holding_slots().filter(store=store, slot_start__gte=start, slot_start__lt=end)
    total = booked.exclude(pk=exclude_pk).aggregate(total=Sum("estimated_duration"))["total"]
    return total or timedelta(0)


def free_slots_of_day(store: Store, advisor, day: date, policy: PolicySet, exclude_pk=None) -> list[datetime]:
    """The advisor's bookable slots on `day` by the slot rule and the store's calendar (holidays, opening hours)."""
    hours = calendar.hours_of_day(store, day, policy)
    starts = slots.slot_starts(day, hours, policy)
    return slots.free_slots(starts, _booked_slots(advisor, day, exclude_pk), policy)


def next_free_slots(store, advisor, after: datetime, duration: timedelta, policy, exclude_pk=None) -> list[datetime]:
    """The first few slots after `after` where the advisor is free and the day's bay-hours take the job."""
    found = []
    day = timezone.localdate(after)
    for _offset in range(slots.DAYS_SEARCHED):
        if slots.fits_capacity(_booked_hours(store, day, exclude_pk), duration, policy):
            found += [s for s in free_slots_of_day(store, advisor, day, policy, exclude_pk) if s > after]
        if len(found) >= SLOTS_OFFERED:
            break
        day += timedelta(days=1)
    return found[:SLOTS_OFFERED]


def _slot_list(starts: list[datetime]) -> str:
    return "、".join(formats.date_format(timezone.localtime(s), "Y-m-d H:i") for s in starts) or "—"


def _check_slot(store, advisor, slot_start, duration, policy, now, exclude_pk=None) -> None:
    if slot_start <= now:
        raise ValidationError(_("This slot has already begun; pick a later one."), code="slot_passed")
    day = timezone.localdate(slot_start)
    if slot_start not in free_slots_of_day(store, advisor, day, policy, exclude_pk):
        message = _(
            "The advisor's slot is taken, outside the opening hours or kept free as a buffer. "
            "Next free slots: %(slots)s"
        )
        code = "slot_taken"
    elif not slots.fits_capacity(_booked_hours(store, day, exclude_pk), duration, policy):
        message = _("The workshop's bay-hours for appointments that day are used up. Next free slots: %(slots)s")
        code = "over_capacity"
    else:
        return
    offered = next_free_slots(store, advisor, slot_start, duration, policy, exclude_pk)
    raise ValidationError(message, code=code, params={"slots": _slot_list(offered)})


def _slot_taken() -> ValidationError:
    return ValidationError(
        _("Someone else has just booked this slot for the advisor. Pick another slot."), code="slot_taken"
    )


def _record(appointment: Appointment, by, *, rescheduled=False) -> None:
    AppointmentChange.objects.create(
        appointment=appointment,
        status=appointment.status,
        slot_start=appointment.slot_start,
        rescheduled=rescheduled,
        by=by,
    )


@transaction.atomic
def book_appointment(
    *,
    vehicle: Vehicle,
    advisor,
    slot_start: datetime,
    channel: str,
    estimated_duration: timedelta,
    by,
    fault_description: str = "",
    preliminary_diagnosis: str = "",
    estimated_cost: Decimal | None = None,
    parts_to_reserve: str = "",
) -> Appointment:
    """Book `advisor`'s slot for the vehicle, by the slot rule, the opening hours and the day's bay-hours."""
    if not vehicle.in_use or vehicle.owner.anonymized_at:
        raise ValidationError(
            _("This vehicle is sold on, scrapped or its owner's file is anonymized: no appointment."),
            code="vehicle_not_served",
        )
    store = Store.objects.select_for_update().get(pk=vehicle.store_id)
    if advisor.store_id != store.pk or not advisor.has_any_role(*RECEIVE_VEHICLES):
        raise ValidationError(_("Choose a service advisor of this store."), code="not_an_advisor")
    policy = current_policy(store)
    now = timezone.now()
    _check_slot(store, advisor, slot_start, estimated_duration, policy, now)
    appointment = Appointment(
        store=store,
        customer_id=vehicle.owner_id,
        vehicle=vehicle,
        channel=channel,
        fault_description=fault_description,
        preliminary_diagnosis=preliminary_diagnosis,
        estimated_cost=estimated_cost,
        estimated_duration=estimated_duration,
        advisor=advisor,
        slot_start=slot_start,
        parts_to_reserve=parts_to_reserve,
        booked_at=now,
        booked_by=by,
        counts_as_appointment=slots.counts_as_appointment(now, slot_start, policy),
        policy=policy,
    )
    try:
        with transaction.atomic():
            appointment.save()
    except IntegrityError as error:
        raise _slot_taken() from error
    _record(appointment, by)
    reminders.arm_reminders(appointment, now=now)
    reminders.tell_customer_booked(appointment)
    return appointment


# action -> (statuses it starts from, status it leaves, message when refused)
TRANSITIONS = {
    "confirm": ((Status.BOOKED,), Status.CONFIRMED, _("Only a booked appointment can be confirmed.")),
    "arrive": (OPEN, Status.ARRIVED, _("Only a booked or confirmed appointment can arrive.")),
    "cancel": (OPEN, Status.CANCELLED, _("Only a booked or confirmed appointment can be cancelled.")),
    "no_show": (OPEN, Status.NO_SHOW, _("Only a booked or confirmed appointment can be marked as a no-show.")),
}


def _move(appointment: Appointment, action: str, *, expected_version: int, by) -> Appointment:
    allowed, to, refused = TRANSITIONS[action]
    if appointment.status not in allowed:
        raise ValidationError(refused, code="wrong_status")
    save_if_unchanged(appointment, expected_version, {"status": to})
    _record(appointment, by)
    return appointment


@transaction.atomic
def confirm(appointment: Appointment, *, expected_version: int, by) -> Appointment:
    """The customer confirmed they will come (the day-before or hour-before call)."""
    reminders.mark_called(appointment, by=by, now=timezone.now())
    return _move(appointment, "confirm", expected_version=expected_version, by=by)


@transaction.atomic
def mark_arrived(appointment: Appointment, *, expected_version: int, by) -> Appointment:
    return _move(appointment, "arrive", expected_version=expected_version, by=by)


@transaction.atomic
def cancel(appointment: Appointment, *, expected_version: int, by) -> Appointment:
    """Cancelled by the customer or the dealership; the advisor's slot is free again."""
    return _move(appointment, "cancel", expected_version=expected_version, by=by)


@transaction.atomic
def mark_no_show(appointment: Appointment, *, expected_version: int, by) -> Appointment:
    """The customer did not come: only once the slot has begun."""
    if appointment.status in OPEN and timezone.now() < appointment.slot_start:
        raise ValidationError(_("A customer is a no-show only once their slot has begun."), code="too_early")
    return _move(appointment, "no_show", expected_version=expected_version, by=by)


@transaction.atomic
def reschedule(appointment: Appointment, *, slot_start: datetime, expected_version: int, by) -> Appointment:
    """Move an open appointment to another free slot of its advisor; it is booked again until confirmed."""
    if appointment.status not in OPEN:
        raise ValidationError(_("Only a booked or confirmed appointment can be rescheduled."), code="wrong_status")
    store = Store.objects.select_for_update().get(pk=appointment.store_id)
    now = timezone.now()
    policy = current_policy(store)
    _check_slot(
        store, appointment.advisor, slot_start, appointment.estimated_duration, policy, now, exclude_pk=appointment.pk
    )
    try:
        with transaction.atomic():
            save_if_unchanged(appointment, expected_version, {"slot_start": slot_start, "status": Status.BOOKED})
    except IntegrityError as error:
        raise _slot_taken() from error
    _record(appointment, by, rescheduled=True)
    reminders.arm_reminders(appointment, now=now)
    reminders.tell_customer_rescheduled(appointment)
    return appointment


ACTIONS = {"confirm": confirm, "arrive": mark_arrived, "cancel": cancel, "no_show": mark_no_show}
ACTION_LABELS = {
    "confirm": _("Confirm"),
    "arrive": _("Arrived"),
    "cancel": _("Cancel"),
    "no_show": _("No-show"),
}


def available_actions(appointment: Appointment) -> list[tuple[str, str]]:
    """(action, label) of the status changes open to the appointment now."""
    return [
        (action, ACTION_LABELS[action])
        for action, (allowed, _to, _m) in TRANSITIONS.items()
        if appointment.status in allowed
    ]


@transaction.atomic
def flag_fake(appointment: Appointment, *, loss: Decimal, staff_member, by, expected_version: int) -> Appointment:
    """Seed 000: an appointment that proves fake is flagged and the staff member responsible is fined the policy's
    share of the loss (`fine_for_fake`); it no longer counts for the appointment discount."""
    flagged_at = Appointment.objects.filter(pk=appointment.pk).values_list("fake_flagged_at", flat=True).get()
    if flagged_at is not None:
        raise ValidationError(_("This appointment is already flagged as fake."), code="already_fake")
    if loss < 0:
        raise ValidationError(_("The loss cannot be negative."), code="negative_loss")
    if staff_member.store_id != appointment.store_id:
        raise ValidationError(_("Choose a staff member of this store."), code="other_store")
    changes = {
        "fake_flagged_at": timezone.now(),
        "fake_flagged_by": by,
        "fake_loss": loss,
        "fake_fine": fine_for_fake(loss, appointment.policy),
        "fined_staff": staff_member,
        "counts_as_appointment": False,
    }
    save_if_unchanged(appointment, expected_version, changes)
    return appointment


def fake_appointment_fines(store: Store, month: date) -> dict[int, Decimal]:
    """User id → fines for fake appointments of `store` flagged in the month of `month` (local time); one query.

    The monthly staff report reads it."""
    start, end = calendar.month_bounds(month)
    fined = (
        Appointment.objects.filter(store=store, fake_flagged_at__gte=start, fake_flagged_at__lt=end)
        .values("fined_staff")
        .annotate(total=Sum("fake_fine"))
        .order_by()
    )
    return {row["fined_staff"]: row["total"] for row in fined}
