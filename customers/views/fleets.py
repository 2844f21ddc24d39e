"""Fleet accounts (大客户) and their member vehicles."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from customers import membership
from customers.forms import FleetForm, FleetVehicleForm
from customers.models import FleetAccount
from customers.roles import MANAGE_MEMBERSHIPS, READ_CUSTOMERS
from customers.views.customers import PAGE_SIZE, duplicate_error
from organization.roles import role_required


@require_GET
@role_required(*READ_CUSTOMERS)
def fleet_list(request):
    fleets = (
        FleetAccount.objects.visible_to(request.user)
        .select_related("store", "representative", "fleet_specialist")
        .annotate_members()
        .order_by("name", "pk")
    )
    page = Paginator(fleets, PAGE_SIZE).get_page(request.GET.get("page"))
    can_create = request.user.may_write(MANAGE_MEMBERSHIPS)
    return render(request, "customers/fleet_list.html", {"page": page, "can_create": can_create})


@require_http_methods(["GET", "POST"])
@role_required(*MANAGE_MEMBERSHIPS, write=True)
def fleet_create(request):
    form = FleetForm(request.POST or None, store=request.user.store)
    if request.method == "POST":
        if form.is_valid():
            try:
                fleet = membership.open_fleet_account(
                    store=request.user.store,
                    name=form.cleaned_data["name"],
                    representative=form.cleaned_data["representative_mobile"],
                    fleet_specialist=form.cleaned_data["fleet_specialist"],
                    local_plate_prefix=form.cleaned_data["local_plate_prefix"],
                )
                return redirect(fleet)
            except ValidationError as error:
                duplicate_error(form, error)
        return render(request, "customers/fleet_form.html", {"form": form}, status=422)
    return render(request, "customers/fleet_form.html", {"form": form})


def _fleet_for(request, pk):
    return get_object_or_404(
        FleetAccount.objects.visible_to(request.user).select_related("representative", "fleet_specialist"), pk=pk
    )


def _fleet_context(request, fleet, **extra):
    members = fleet.memberships.select_related("vehicle", "customer", "revoked_by", "reapplication")
    active = [m for m in members if m.is_active]
    return {
        "fleet": fleet,
        "active_members": active,
        "revoked_members": [m for m in members if not m.is_active],
        "minimum": membership.minimum_fleet_size(fleet.store),
        "entitlements": membership.fleet_entitlements(fleet.store),
        "can_manage": request.user.may_write(MANAGE_MEMBERSHIPS),
        "vehicle_form": FleetVehicleForm(store=fleet.store),
        **extra,
    }


@require_GET
@role_required(*READ_CUSTOMERS)
def fleet_detail(request, pk):
    fleet = _fleet_for(request, pk)
    return render(request, "customers/fleet_detail.html", _fleet_context(request, fleet))


@require_POST
@role_required(*MANAGE_MEMBERSHIPS, write=True)
def fleet_add_vehicle(request, pk):
    fleet = _fleet_for(request, pk)
    form = FleetVehicleForm(request.POST, store=fleet.store)
    if form.is_valid():
        try:
            membership.add_fleet_vehicle(fleet, form.cleaned_data["vehicle"], by=request.user)
            messages.success(request, _("Vehicle added to the fleet."))
            return redirect(fleet)
        except ValidationError as error:
            form.add_error(None, error)
    return render(request, "customers/fleet_detail.html", _fleet_context(request, fleet, vehicle_form=form), status=422)


@require_POST
@role_required(*MANAGE_MEMBERSHIPS, write=True)
def fleet_activate(request, pk):
    fleet = _fleet_for(request, pk)
    try:
        membership.activate_fleet(fleet, by=request.user)
        messages.success(request, _("The fleet agreement is active; its discounts apply."))
        return redirect(fleet)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return render(request, "customers/fleet_detail.html", _fleet_context(request, fleet), status=422)


@require_POST
@role_required(*MANAGE_MEMBERSHIPS, write=True)
def fleet_reapply(request, pk):
    fleet = _fleet_for(request, pk)
    try:
        membership.reapply_fleet(fleet, by=request.user)
        messages.success(request, _("The fleet re-applied and is collecting vehicles again."))
        return redirect(fleet)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return render(request, "customers/fleet_detail.html", _fleet_context(request, fleet), status=422)
