"""Landing pages of the after-sales roles: the front desk's day of appointments, and the pages still to come."""

from datetime import datetime, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aftersales import appointments, reminders
from aftersales.forms import AppointmentActionForm, AppointmentForm, DayForm, PreselectedSlotForm, RescheduleForm
from aftersales.models import Appointment, RepairOrder
from aftersales.roles import (
    BOOK_APPOINTMENTS,
    FLAG_FAKE_APPOINTMENTS,
    READ_APPOINTMENTS,
    RECEIVE_VEHICLES,
)
from customers.models import Vehicle
from organization import calendar
from organization.policies import current_policy
from organization.roles import role_required


def _day_url(slot_start: datetime) -> str:
    return reverse("aftersales:workbench") + f"?day={timezone.localdate(slot_start).isoformat()}"


@require_GET
@role_required(*READ_APPOINTMENTS)
def workbench(request):
    """The advisor's day: their appointments by slot with the next steps; others at the desk see every advisor's."""
    form = DayForm(request.GET)
    valid = form.is_valid()
    day = (form.cleaned_data.get("day") if valid else None) or timezone.localdate()
    start, end = calendar.day_bounds(day)
    booked = Appointment.objects.visible_to(request.user).filter(slot_start__gte=start, slot_start__lt=end)
    if request.user.has_any_role(*RECEIVE_VEHICLES):  # an advisor sees the appointments they receive
        booked = booked.filter(advisor=request.user)
    booked = booked.select_related("customer", "vehicle", "advisor", "preparation", "repair_order")
    may_act = request.user.may_write(BOOK_APPOINTMENTS)
    rows = [(a, appointments.available_actions(a) if may_act else []) for a in booked]
    context = {"form": form, "day": day, "rows": rows, "may_book": may_act}
    context["may_flag_fake"] = request.user.may_write(FLAG_FAKE_APPOINTMENTS)
    context["reminders_due"] = reminders.reminders_due(request.user, timezone.now())
    context["show_preparation"] = day > timezone.localdate()  # the day before: the checklist's progress
    if request.user.may_write(RECEIVE_VEHICLES):  # the advisor's cars still with us, soonest promise first
        context["receivable"] = [Appointment.Status.BOOKED, Appointment.Status.CONFIRMED, Appointment.Status.ARRIVED]
        context["open_orders"] = (
            RepairOrder.objects.visible_to(request.user)
            .open()
            .filter(advisor=request.user)
            .select_related("customer", "vehicle")
            .order_by("promised_at")
        )
    return render(request, "aftersales/workbench.html", context, status=200 if valid else 400)


def _booking_defaults(request, vehicle, advisor) -> dict:
    """The booking page's context: the day and slot pre-selected by `?slot=`, else the advisor's next free slot,
    and the advisor's free slots of that day."""
    policy = current_policy(vehicle.store)
    now = timezone.now()
    chosen = PreselectedSlotForm(request.GET)
    slot = chosen.cleaned_data["slot"] if chosen.is_valid() else None
    if slot is None and advisor:
        offered = appointments.next_free_slots(vehicle.store, advisor, now, timedelta(0), policy)
        slot = offered[0] if offered else None
    initial = {"advisor": advisor}
    context = {"vehicle": vehicle, "free_slots": []}
    if slot is not None:
        local = timezone.localtime(slot)
        initial |= {"day": local.date(), "slot": local.time()}
        context["day"] = local.date()
        if advisor:
            free = appointments.free_slots_of_day(vehicle.store, advisor, local.date(), policy)
            context["free_slots"] = [s for s in free if s > now]
    return {**context, "form": AppointmentForm(store=vehicle.store, initial=initial)}


@require_http_methods(["GET", "POST"])
@role_required(*BOOK_APPOINTMENTS, write=True)
def appointment_create(request, pk):
    """Book an appointment for a customer's vehicle (phone, online or walk-in)."""
    vehicle = get_object_or_404(Vehicle.objects.visible_to(request.user).select_related("owner"), pk=pk)
    advisor = request.user if request.user.has_any_role(*RECEIVE_VEHICLES) else None
    if request.method == "GET":
        return render(request, "aftersales/appointment_form.html", _booking_defaults(request, vehicle, advisor))
    form = AppointmentForm(request.POST, store=vehicle.store, initial={"advisor": advisor})
    context = {"form": form, "vehicle": vehicle}
    if form.is_valid():
        try:
            booked = appointments.book_appointment(vehicle=vehicle, by=request.user, **form.domain_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                gettext("Appointment booked; tell the customer %(advisor)s will receive them.")
                % {"advisor": booked.advisor.name},
            )
            return redirect(_day_url(booked.slot_start))
    return render(request, "aftersales/appointment_form.html", context, status=422)


@require_POST
@role_required(*BOOK_APPOINTMENTS, write=True)
def appointment_action(request, pk):
    """Confirm, receive, cancel or mark a no-show, from the day view."""
    appointment = get_object_or_404(Appointment.objects.visible_to(request.user), pk=pk)
    form = AppointmentActionForm(request.POST)
    if form.is_valid():
        change = appointments.ACTIONS[form.cleaned_data["action"]]
        try:
            change(appointment, expected_version=form.cleaned_data["row_version"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(_day_url(appointment.slot_start))
    context = {"form": form, "appointment": appointment, "back": _day_url(appointment.slot_start)}
    return render(request, "aftersales/appointment_refused.html", context, status=422)


@require_http_methods(["GET", "POST"])
@role_required(*BOOK_APPOINTMENTS, write=True)
def appointment_reschedule(request, pk):
    """Move an appointment the dealership cannot honour (or the customer asks to move) to another free slot."""
    appointment = get_object_or_404(
        Appointment.objects.visible_to(request.user).select_related("vehicle", "advisor"), pk=pk
    )
    context = {"appointment": appointment, "back": _day_url(appointment.slot_start)}
    if request.method == "GET":
        local = timezone.localtime(appointment.slot_start)
        initial = {"day": local.date(), "slot": local.time(), "row_version": appointment.row_version}
        return render(request, "aftersales/reschedule_form.html", {**context, "form": RescheduleForm(initial=initial)})
    form = RescheduleForm(request.POST)
    if form.is_valid():
        try:
            appointments.reschedule(
                appointment,
                slot_start=form.slot_start(),
                expected_version=form.cleaned_data["row_version"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext("Appointment moved; tell the customer before the old slot."))
            return redirect(_day_url(appointment.slot_start))
    return render(request, "aftersales/reschedule_form.html", {**context, "form": form}, status=422)
