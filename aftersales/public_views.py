"""The customer's public booking page (no login), and the advisor's check of a self-registered customer."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aftersales import public_booking
from aftersales.models import Appointment, BookingCode
from aftersales.public_forms import BookingForm, ChooseForm, CodeForm, SelfRegisteredCheckedForm
from aftersales.roles import BOOK_APPOINTMENTS
from aftersales.views import _day_url
from organization.auth import client_address
from organization.models import Store
from organization.policies import current_policy
from organization.roles import role_required


def _too_many(request, store, error):
    return render(request, "aftersales/public/too_many.html", {"store": store, "error": error}, status=429)


@require_http_methods(["GET", "POST"])
def book(request, code):
    """Pick a service, a day and a free time, give name, plate and mobile: a code is texted to confirm."""
    store = get_object_or_404(Store, code=code, is_active=True)
    policy = current_policy(store)
    now = timezone.now()
    days = public_booking.bookable_days(policy, timezone.localdate(now))
    choose = ChooseForm(request.POST or request.GET or None, days=days)
    day = choose.chosen_day()
    slots = public_booking.free_slots(store, day, policy, now) if day else []
    if request.method == "GET":
        form = BookingForm(initial=request.GET.dict(), days=days, slots=slots) if choose.is_valid() else None
        context = {"store": store, "choose": choose, "form": form, "day": day, "slots": slots}
        return render(request, "aftersales/public/book.html", context, status=400 if choose.errors else 200)
    form = BookingForm(request.POST, days=days, slots=slots)
    if form.is_valid():
        try:
            pending = public_booking.request_code(
                store,
                job_type=form.cleaned_data["job_type"],
                slot_start=form.slot_start(),
                name=form.cleaned_data["name"],
                plate=form.cleaned_data["plate"],
                mobile=form.cleaned_data["mobile"],
                address=client_address(request),
            )
        except public_booking.TooManyAttempts as error:
            return _too_many(request, store, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("book:verify", token=pending.token)
    context = {"store": store, "choose": choose, "form": form, "day": day, "slots": slots}
    return render(request, "aftersales/public/book.html", context, status=422)


@require_http_methods(["GET", "POST"])
def verify(request, token):
    """Enter the SMS code: the appointment is booked with the advisor who will receive the customer."""
    pending = get_object_or_404(BookingCode.objects.select_related("store"), token=token)
    if pending.used_at is not None and request.method == "GET":
        return redirect("book:done", token=pending.token)
    form = CodeForm(request.POST or None)
    context = {"store": pending.store, "pending": pending, "form": form}
    if request.method == "GET":
        return render(request, "aftersales/public/verify.html", context)
    if form.is_valid():
        try:
            public_booking.confirm_booking(pending, form.cleaned_data["code"])
        except public_booking.TooManyAttempts as error:
            return _too_many(request, pending.store, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("book:done", token=pending.token)
    context["again"] = reverse("book:book", args=[pending.store.code])
    return render(request, "aftersales/public/verify.html", context, status=422)


@require_GET
def done(request, token):
    """The confirmation: when, where, and who will receive the customer."""
    pending = get_object_or_404(
        BookingCode.objects.select_related("store", "appointment__advisor", "appointment__vehicle"),
        token=token,
        appointment__isnull=False,
    )
    return render(request, "aftersales/public/done.html", {"store": pending.store, "appointment": pending.appointment})


@require_POST
@role_required(*BOOK_APPOINTMENTS, write=True)
def self_registered_checked(request, pk):
    """The advisor checked the file of a customer who registered themselves online; the badge goes."""
    appointment = get_object_or_404(Appointment.objects.visible_to(request.user).select_related("customer"), pk=pk)
    form = SelfRegisteredCheckedForm(request.POST)
    if form.is_valid():
        try:
            public_booking.confirm_self_registered(
                appointment.customer, expected_version=form.cleaned_data["row_version"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(_day_url(appointment.slot_start))
    context = {"form": form, "appointment": appointment, "back": _day_url(appointment.slot_start)}
    return render(request, "aftersales/appointment_refused.html", context, status=422)
