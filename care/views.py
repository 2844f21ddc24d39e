from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from aftersales.roles import BOOK_APPOINTMENTS
from care.calls import calls_due_today, contacts_on_list_of, log_care_call, opt_out, withdraw_opt_out
from care.forms import CareCallForm, OptOutForm, TeamFilterForm
from care.models import CareContact, CareOptOut
from care.roles import MANAGE_OPT_OUTS, READ_TEAM_CALLS, WORK_CARE_LISTS
from customers import privacy
from customers.models import Customer
from organization.models import User
from organization.roles import role_required


@require_GET
@role_required(*WORK_CARE_LISTS, write=True)
def today(request):
    """今日关怀回访: the person's open contacts due today or before, by contact type, overdue first."""
    day = timezone.localdate()
    page = Paginator(calls_due_today(request.user, day), 50).get_page(request.GET.get("page"))
    counts = (
        contacts_on_list_of(request.user)
        .open()
        .filter(due_on__lte=day)
        .order_by()
        .values("kind")
        .annotate(count=Count("pk"))
    )
    kinds = dict(CareContact._meta.get_field("kind").choices)
    context = {
        "page": page,
        "today": day,
        "counts": [(kinds[row["kind"]], row["count"]) for row in counts],
    }
    return render(request, "care/today.html", context)


@require_GET
@role_required(*READ_TEAM_CALLS)
def team(request):
    """The store's care contacts for the after-sales manager and the GM (the group user reads every store's)."""
    owners = (
        User.objects.visible_to(request.user).filter(groups__name__in=WORK_CARE_LISTS, is_active=True).distinct()
    ).order_by("name", "pk")
    form = TeamFilterForm(request.GET or None, owners=owners)
    if request.GET and not form.is_valid():
        return render(request, "care/team.html", {"form": form, "page": None}, status=400)
    filters = form.cleaned_data if form.is_bound else {}
    day = timezone.localdate()
    contacts = CareContact.objects.visible_to(request.user).open()
    due = filters.get("due") or "today"
    if due == "today":
        contacts = contacts.filter(due_on__lte=day)
    elif due == "overdue":
        contacts = contacts.filter(due_on__lt=day)
    if filters.get("kind"):
        contacts = contacts.filter(kind=filters["kind"])
    if filters.get("owner") is not None:
        contacts = contacts.filter(owner_id=filters["owner"] or None)
    contacts = contacts.annotate(attempts=Count("calls")).select_related("customer", "vehicle", "owner", "store")
    page = Paginator(contacts.order_by("due_on", "pk"), 25).get_page(request.GET.get("page"))
    return render(request, "care/team.html", {"form": form, "page": page, "today": day})


def _contact_on_list(request, pk):
    return get_object_or_404(
        contacts_on_list_of(request.user).annotate(attempts=Count("calls")).select_related("customer", "vehicle"),
        pk=pk,
    )


@require_GET
@role_required(*WORK_CARE_LISTS, write=True)
def contact_detail(request, pk):
    contact = _contact_on_list(request, pk)
    form = CareCallForm(initial={"row_version": contact.row_version})
    # The list fetches the form into the contact's row when the person clicks "Log a call".
    template = "care/_call_form.html" if request.htmx else "care/contact.html"
    return render(request, template, _contact_context(request, contact, form))


def _contact_context(request, contact, form, full_mobile=None):
    return {
        "contact": contact,
        "form": form,
        "calls": contact.calls.select_related("called_by"),
        "can_reveal": privacy.can_reveal_mobile(request.user, contact.customer),
        "full_mobile": full_mobile,
    }


@require_POST
@role_required(*WORK_CARE_LISTS, write=True)
def log_call(request, pk):
    contact = _contact_on_list(request, pk)
    form = CareCallForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            call = log_care_call(
                contact,
                expected_version=data["row_version"],
                reached=data["reached"],
                result=data["result"],
                next_step=data["next_step"],
                booked_appointment=data["booked_appointment"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Call logged: %(customer)s.") % {"customer": contact.customer})
            target = reverse("care:today")
            if call.booked_appointment:
                if contact.vehicle_id and request.user.has_any_role(*BOOK_APPOINTMENTS):
                    target = reverse("aftersales:appointment_create", args=[contact.vehicle_id])
                else:
                    messages.info(request, _("Ask the front desk to book the appointment."))
            return HttpResponseClientRedirect(target) if request.htmx else redirect(target)
    template = "care/_call_form.html" if request.htmx else "care/contact.html"
    return render(request, template, _contact_context(request, contact, form), status=422)


@require_POST
@role_required(*WORK_CARE_LISTS, write=True)
def reveal_mobile(request, pk):
    """The caller sees the full number where they dial it; the reveal is logged, as on the customer page."""
    contact = _contact_on_list(request, pk)
    if not privacy.can_reveal_mobile(request.user, contact.customer):
        return render(request, "care/_mobile.html", {"contact": contact}, status=403)
    mobile = privacy.reveal_mobile(contact.customer, by=request.user)
    if request.htmx:
        return render(request, "care/_mobile.html", {"contact": contact, "full_mobile": mobile})
    form = CareCallForm(initial={"row_version": contact.row_version})
    return render(request, "care/contact.html", _contact_context(request, contact, form, full_mobile=mobile))


@require_http_methods(["GET", "POST"])
@role_required(*MANAGE_OPT_OUTS, write=True)
def opt_outs(request, pk):
    """A customer's care opt-outs, per contact type with the reason; adding one closes that type's open contacts."""
    customer = get_object_or_404(Customer.objects.visible_to(request.user), pk=pk)
    recorded = list(customer.care_opt_outs.select_related("recorded_by").order_by("kind"))
    form = OptOutForm(request.POST if request.method == "POST" else None, taken=[item.kind for item in recorded])
    if request.method == "POST":
        if form.is_valid():
            try:
                opt_out(customer, kind=form.cleaned_data["kind"], reason=form.cleaned_data["reason"], by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Opt-out recorded; the open contacts of that type are closed."))
                return redirect("care:opt_outs", pk=customer.pk)
    context = {"customer": customer, "opt_outs": recorded, "form": form}
    return render(request, "care/opt_outs.html", context, status=422 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
@role_required(*MANAGE_OPT_OUTS, write=True)
def remove_opt_out(request, pk):
    opted_out = get_object_or_404(CareOptOut.objects.visible_to(request.user).select_related("customer"), pk=pk)
    if request.method == "POST":
        customer_pk = opted_out.customer_id
        withdraw_opt_out(opted_out)
        messages.success(request, _("Opt-out removed."))
        return redirect("care:opt_outs", pk=customer_pk)
    return render(request, "care/remove_opt_out.html", {"opt_out": opted_out})
