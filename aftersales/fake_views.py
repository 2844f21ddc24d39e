"""Appointments that prove fake: a manager flags one and fines the staff member responsible (seed 000)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from aftersales import appointments
from aftersales.forms import FakeAppointmentForm
from aftersales.models import Appointment
from aftersales.roles import FLAG_FAKE_APPOINTMENTS
from organization.roles import role_required


@require_http_methods(["GET", "POST"])
@role_required(*FLAG_FAKE_APPOINTMENTS, write=True)
def appointment_flag_fake(request, pk):
    appointment = get_object_or_404(
        Appointment.objects.visible_to(request.user).select_related("vehicle", "advisor", "policy"), pk=pk
    )
    back = reverse("aftersales:workbench") + f"?day={timezone.localdate(appointment.slot_start).isoformat()}"
    initial = {"row_version": appointment.row_version}
    form = FakeAppointmentForm(request.POST or None, store=appointment.store, initial=initial)
    context = {"form": form, "appointment": appointment, "back": back}
    if request.method == "GET":
        return render(request, "aftersales/fake_appointment_form.html", context)
    if form.is_valid():
        data = form.cleaned_data
        try:
            appointments.flag_fake(
                appointment,
                loss=data["loss"],
                staff_member=data["staff_member"],
                by=request.user,
                expected_version=data["row_version"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Appointment flagged as fake; the fine is recorded."))
            return redirect(back)
    return render(request, "aftersales/fake_appointment_form.html", context, status=422)
