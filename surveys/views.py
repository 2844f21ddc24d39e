from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from complaints.logging_forms import CallbackComplaintForm
from complaints.models import Route
from customers import privacy
from organization.roles import role_required
from organization.submissions import AlreadySubmitted, repeated_submission, submitted_once
from surveys import queue_views
from surveys.callback_complaints import (
    AlreadyLogged,
    department_for,
    log_complaint_from_callback,
    may_become_complaint,
)
from surveys.callbacks import record_callback_outcome
from surveys.forms import CallbackOutcomeForm
from surveys.models import Callback
from surveys.roles import CALL_BACK, TAKE_UNASSIGNED
from surveys.scripts import script_for


@require_GET
@role_required(*CALL_BACK, write=True)
def my_callbacks(request):
    return queue_views.my_queue(request)


@require_POST
@role_required(*CALL_BACK, write=True)
def record_outcome(request, pk):
    callback = Callback.objects.on_list_of(request.user).open().select_related("policy").filter(pk=pk).first()
    if callback is None:
        return refuse_completed(request, pk)
    form = CallbackOutcomeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            record_callback_outcome(
                callback,
                expected_version=data["row_version"],
                reached=data["reached"],
                satisfied=data["satisfied"],
                notes=data["notes"],
                by=request.user,
            )
            messages.success(request, _("Call recorded: %(person)s.") % {"person": callback.person})
            if request.htmx:
                return HttpResponseClientRedirect(reverse("surveys:my_callbacks"))
            return redirect("surveys:my_callbacks")
        except ValidationError as error:
            form.add_error(None, error)
    callback.refresh_from_db()
    if callback.completed_at:  # completed by someone else between loading it and saving
        return refuse_completed(request, pk)
    # htmx swaps the form in place, so the browser stays on the callback's page.
    template = "surveys/_callback_outcome_form.html" if request.htmx else "surveys/callback_outcome.html"
    return render(request, template, detail_context(request, callback, form), status=422)


def refuse_completed(request, pk):
    """A post for a callback someone completed after the form was opened: say who and when; 404 for the rest."""
    completed = Callback.objects.visible_to(request.user).exclude(completed_at=None).select_related("owner")
    if not request.user.has_any_role(*TAKE_UNASSIGNED):
        completed = completed.filter(owner=request.user)
    callback = get_object_or_404(completed, pk=pk)
    message = _("This callback was already recorded by %(person)s at %(time)s.") % {
        "person": callback.owner,
        "time": timezone.localtime(callback.completed_at).strftime("%Y-%m-%d %H:%M"),
    }
    if request.htmx:
        context = {"callback": callback, "already_recorded": message}
        return render(request, "surveys/_callback_outcome_form.html", context, status=409)
    messages.warning(request, message)
    return redirect("surveys:my_callbacks")


@require_GET
@role_required(*CALL_BACK, write=True)
def callback_detail(request, pk):
    callback = get_object_or_404(
        Callback.objects.on_list_of(request.user).select_related("customer", "prospect", "vehicle", "owner"), pk=pk
    )
    form = CallbackOutcomeForm(initial={"row_version": callback.row_version})
    return render(request, "surveys/callback_outcome.html", detail_context(request, callback, form))


@require_POST
@role_required(*CALL_BACK, write=True)
def reveal_mobile(request, pk):
    """The callback's owner sees the customer's full number where they dial it; the reveal is logged."""
    callback = get_object_or_404(
        Callback.objects.visible_to(request.user).filter(owner=request.user, customer__isnull=False),
        pk=pk,
    )
    mobile = privacy.reveal_mobile(callback.customer, by=request.user)
    if request.htmx:
        return render(request, "surveys/_callback_mobile.html", {"mobile": mobile})
    form = CallbackOutcomeForm(initial={"row_version": callback.row_version})
    return render(request, "surveys/callback_outcome.html", detail_context(request, callback, form, full_mobile=mobile))


def detail_context(request, callback, form, full_mobile=None):
    can_reveal = (
        callback.owner_id == request.user.pk
        and callback.customer is not None
        and privacy.can_reveal_mobile(request.user, callback.customer)
    )
    return {
        "callback": callback,
        "form": form,
        "can_reveal": can_reveal,
        "full_mobile": full_mobile,
        "attempts": callback.attempt_log.select_related("by"),
        "script": script_for(callback.store_id, callback.kind),
    }


@require_http_methods(["GET", "POST"])
@role_required(*CALL_BACK, write=True)
def log_complaint(request, pk):
    """ "Log a complaint" on a dissatisfied call: the tracking form pre-filled from the call, linked to it."""
    callback = get_object_or_404(
        Callback.objects.on_list_of(request.user).select_related("customer", "vehicle", "complaint"), pk=pk
    )
    if callback.complaint_id is not None:
        messages.info(
            request, _("This call was already logged as complaint %(number)s.") % {"number": callback.complaint.number}
        )
        return redirect(callback.complaint)
    if not may_become_complaint(callback):
        messages.warning(
            request, _("Only a call whose customer was reached and dissatisfied can be logged as a complaint.")
        )
        return redirect("surveys:callback_detail", pk=callback.pk)
    initial = {
        "route": Route.CALLBACK,
        "department": department_for(callback),
        "vehicle": callback.vehicle,
        "description": callback.notes,
    }
    form = CallbackComplaintForm(request.POST or None, customer=callback.customer, initial=initial)
    context = {
        "form": form,
        "customer": callback.customer,
        "callback": callback,
        "back": reverse("surveys:my_callbacks"),
    }
    if request.method == "POST":
        if form.is_valid():
            try:
                with submitted_once(form, by=request.user, then=reverse("surveys:callback_detail", args=[callback.pk])):
                    complaint = log_complaint_from_callback(callback, by=request.user, **form.domain_fields())
                messages.success(request, _("Complaint %(number)s logged.") % {"number": complaint.number})
                return redirect(complaint)
            except AlreadyLogged as earlier:
                messages.info(
                    request,
                    _("This call was already logged as complaint %(number)s.") % {"number": earlier.complaint.number},
                )
                return redirect(earlier.complaint)
            except AlreadySubmitted as repeat:
                return repeated_submission(request, repeat)
            except ValidationError as error:
                form.add_error(None, error)
        return render(request, "complaints/log_form.html", context, status=422)
    return render(request, "complaints/log_form.html", context)
