"""The day-before preparation checklist of an appointment: one page, GET to read, POST to tick."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from aftersales import preparation
from aftersales.models import Appointment, Preparation
from aftersales.roles import BOOK_APPOINTMENTS
from aftersales.views import _day_url
from organization.concurrency import RowVersionForm
from organization.roles import role_required


class PreparationForm(RowVersionForm):
    parts_on_shelf = forms.BooleanField(label=_("Parts reserved on the dedicated shelf"), required=False)
    technician = forms.ModelChoiceField(None, label=_("Technician"), required=False)
    bay = forms.CharField(label=_("Bay"), max_length=20, required=False)
    tools_and_documents_checked = forms.BooleanField(label=_("Tools and documents checked"), required=False)
    customer_file_pulled = forms.BooleanField(label=_("Customer file pulled"), required=False)
    welcome_by = forms.ChoiceField(label=_("Welcome board shows"), choices=Preparation.WelcomeBy.choices)
    welcome_board_ready = forms.BooleanField(label=_("Welcome board ready"), required=False)

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["technician"].queryset = preparation.technicians_of(store)


@require_http_methods(["GET", "POST"])
@role_required(*BOOK_APPOINTMENTS, write=True)
def appointment_preparation(request, pk):
    """Tick off the day-before preparation of an appointment; the welcome board's text is shown."""
    appointment = get_object_or_404(
        Appointment.objects.visible_to(request.user).select_related("customer", "vehicle", "advisor"), pk=pk
    )
    checklist = preparation.preparation_of(appointment)
    initial = {field: getattr(checklist, field) for field in preparation.FIELDS}
    form = PreparationForm(
        request.POST or None, store=appointment.store_id, initial={**initial, "row_version": checklist.row_version}
    )
    context = {
        "appointment": appointment,
        "form": form,
        "welcome_text": preparation.welcome_board_text(checklist),
        "done": checklist.items_done(),
        "items": preparation.ITEMS,
        "back": _day_url(appointment.slot_start),
    }
    if request.method == "GET":
        return render(request, "aftersales/preparation.html", context)
    if form.is_valid():
        changes = {field: form.cleaned_data[field] for field in preparation.FIELDS}
        try:
            preparation.update_preparation(
                appointment, expected_version=form.cleaned_data["row_version"], changes=changes
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext("Preparation checklist saved."))
            return redirect("aftersales:appointment_preparation", pk=appointment.pk)
    return render(request, "aftersales/preparation.html", context, status=422)
