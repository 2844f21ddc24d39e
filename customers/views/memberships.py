"""Individual VIP / gold-card memberships: grant, revoke, re-apply."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from customers import membership
from customers.forms import MembershipForm, NoteForm
from customers.models import Membership
from customers.roles import MANAGE_MEMBERSHIPS
from customers.views.customers import customer_for, detail_context
from organization.roles import role_required


@require_POST
@role_required(*MANAGE_MEMBERSHIPS, write=True)
def membership_grant(request, pk):
    customer = customer_for(request, pk)
    form = MembershipForm(request.POST)
    if form.is_valid():
        try:
            membership.grant_individual_membership(customer, form.cleaned_data["kind"], by=request.user)
            messages.success(request, _("Membership granted."))
            return redirect(customer)
        except ValidationError as error:
            form.add_error(None, error)
    context = detail_context(request, customer, membership_form=form)
    return render(request, "customers/customer_detail.html", context, status=422)


def _membership_for(request, pk):
    return get_object_or_404(
        Membership.objects.visible_to(request.user).select_related("customer", "vehicle", "fleet"), pk=pk
    )


def _back_to(item: Membership):
    return item.fleet if item.fleet_id else item.customer


@require_http_methods(["GET", "POST"])
@role_required(*MANAGE_MEMBERSHIPS, write=True)
def membership_revoke(request, pk):
    item = _membership_for(request, pk)
    form = NoteForm(request.POST or None)
    context = {"form": form, "membership": item}
    if request.method == "POST":
        if form.is_valid():
            try:
                membership.revoke_by_manager(item, note=form.cleaned_data["note"], by=request.user)
                messages.success(request, _("Membership revoked; its discount cards are void."))
                return redirect(_back_to(item))
            except ValidationError as error:
                form.add_error(None, error)
        return render(request, "customers/revoke_form.html", context, status=422)
    return render(request, "customers/revoke_form.html", context)


@require_POST
@role_required(*MANAGE_MEMBERSHIPS, write=True)
def membership_reapply(request, pk):
    item = _membership_for(request, pk)
    try:
        membership.reapply(item, by=request.user)
        messages.success(request, _("Re-application accepted; the membership is active again."))
        return redirect(_back_to(item))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return render(request, "customers/refused.html", {"back": _back_to(item)}, status=422)
