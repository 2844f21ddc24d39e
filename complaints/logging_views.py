"""Logging a complaint from the customer page (walk-in, phone, letter, SMS, online); surveys logs callbacks' own."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from complaints.handling import log_complaint
from complaints.logging_forms import ComplaintForm
from complaints.roles import LOG_COMPLAINTS
from customers.models import Customer
from organization.roles import role_required
from organization.submissions import AlreadySubmitted, repeated_submission, submitted_once


@require_http_methods(["GET", "POST"])
@role_required(*LOG_COMPLAINTS, write=True)
def log_for_customer(request, pk):
    customer = get_object_or_404(Customer.objects.visible_to(request.user), pk=pk, anonymized_at=None)
    form = ComplaintForm(request.POST or None, customer=customer)
    context = {"form": form, "customer": customer, "back": customer.get_absolute_url()}
    if request.method == "POST":
        if form.is_valid():
            try:
                with submitted_once(form, by=request.user, then=customer.get_absolute_url()):
                    complaint = log_complaint(
                        store=customer.store, by=request.user, customer=customer, **form.domain_fields()
                    )
                messages.success(request, _("Complaint %(number)s logged.") % {"number": complaint.number})
                return redirect(complaint)
            except AlreadySubmitted as repeat:
                return repeated_submission(request, repeat)
            except ValidationError as error:
                form.add_error(None, error)
        return render(request, "complaints/log_form.html", context, status=422)
    return render(request, "complaints/log_form.html", context)
