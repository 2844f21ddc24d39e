"""Vehicles on a customer's file and their sales deliveries."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from customers import validation
from customers.deliveries import deliver_vehicle
from customers.forms import SaleForm, VehicleEditForm, VehicleForm
from customers.models import Vehicle
from customers.registration import other_customers_vehicle_with_plate, register_vehicle, update_vehicle
from customers.roles import RECORD_SALES, WRITE_CUSTOMERS
from customers.views.customers import customer_for, duplicate_error, refused_as_anonymized
from organization.roles import role_required


def _warn_about_plate(request, vehicle: Vehicle) -> None:
    if other := other_customers_vehicle_with_plate(vehicle):
        link = format_html('<a href="{}">{}</a>', other.owner.get_absolute_url(), other.owner)
        text = _(
            "Plate %(plate)s is also on a vehicle of %(customer)s; plates move between owners, "
            "so check which file is current."
        )
        template = text.replace("%(plate)s", "{plate}").replace("%(customer)s", "{customer}")
        messages.warning(request, format_html(template, plate=vehicle.plate, customer=link))


def _warn_about_check_digit(request, vehicle: Vehicle) -> None:
    if not validation.vin_check_digit_ok(vehicle.vin):
        messages.warning(
            request,
            _("The VIN's check digit does not match; saved anyway (imported cars may differ). Check it: %(vin)s")
            % {"vin": vehicle.vin},
        )


@require_http_methods(["GET", "POST"])
@role_required(*WRITE_CUSTOMERS, write=True)
def vehicle_create(request, pk):
    customer = customer_for(request, pk)
    if customer.anonymized_at:
        return refused_as_anonymized(request, customer)
    form = VehicleForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                vehicle = register_vehicle(owner=customer, by=request.user, **form.domain_fields())
                _warn_about_check_digit(request, vehicle)
                _warn_about_plate(request, vehicle)
                messages.success(request, _("Vehicle %(vehicle)s saved.") % {"vehicle": vehicle})
                return redirect(customer)
            except ValidationError as error:
                duplicate_error(form, error)
        return render(request, "customers/vehicle_form.html", {"form": form, "customer": customer}, status=422)
    return render(request, "customers/vehicle_form.html", {"form": form, "customer": customer})


@require_http_methods(["GET", "POST"])
@role_required(*WRITE_CUSTOMERS, write=True)
def vehicle_edit(request, pk):
    vehicle = get_object_or_404(Vehicle.objects.visible_to(request.user).select_related("owner"), pk=pk)
    context = {"customer": vehicle.owner, "vehicle": vehicle}
    if request.method == "GET":
        form = VehicleEditForm(initial=VehicleForm.initial_for(vehicle))
        return render(request, "customers/vehicle_form.html", {**context, "form": form})
    form = VehicleEditForm(request.POST)
    if form.is_valid():
        try:
            update_vehicle(
                vehicle, expected_version=form.cleaned_data["row_version"], by=request.user, **form.domain_fields()
            )
            _warn_about_check_digit(request, vehicle)
            _warn_about_plate(request, vehicle)
            messages.success(request, _("Vehicle %(vehicle)s saved.") % {"vehicle": vehicle})
            return redirect(vehicle.owner)
        except ValidationError as error:
            duplicate_error(form, error)
    return render(request, "customers/vehicle_form.html", {**context, "form": form}, status=422)


@require_http_methods(["GET", "POST"])
@role_required(*RECORD_SALES, write=True)
def sale_create(request, pk):
    customer = customer_for(request, pk)
    form = SaleForm(request.POST or None, customer=customer)
    if request.method == "POST":
        if form.is_valid():
            try:
                deliver_vehicle(buyer=customer, by=request.user, **form.cleaned_data)
                messages.success(request, _("Delivery recorded; the sales callbacks are scheduled."))
                return redirect(customer)
            except ValidationError as error:
                form.add_error(None, error)
        return render(request, "customers/sale_form.html", {"form": form, "customer": customer}, status=422)
    return render(request, "customers/sale_form.html", {"form": form, "customer": customer})
