"""Selling a maintenance package to a vehicle (an advisor's record action), and the staff-incentives page (SPEC section
3): per person, the month's packages, extended warranties and add-ons."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from aftersales import packages
from aftersales.incentives import incentives_for
from aftersales.package_forms import SellExtendedWarrantyForm, SellPackageForm
from aftersales.roles import READ_INCENTIVES, RECEIVE_VEHICLES
from customers.models import Vehicle
from organization.forms import MonthForm
from organization.models import Store
from organization.policies import current_policy
from organization.roles import role_required
from organization.submissions import AlreadySubmitted, repeated_submission, submitted_once


@require_GET
@role_required(*READ_INCENTIVES)
def incentives(request):
    """The user's store; the group user the store chosen (?store=code), none until chosen."""
    user = request.user
    form = MonthForm(request.GET)
    store = user.store
    if user.is_group_manager:
        code = request.GET.get("store", "").strip()
        store = get_object_or_404(Store, code=code) if code else None
    context = {
        "form": form,
        "store": store,
        "stores": Store.objects.order_by("code") if user.is_group_manager else [],
    }
    if not form.is_valid():
        return render(request, "aftersales/incentives.html", context, status=422)
    context["month"] = form.chosen()
    context["rows"] = incentives_for(store, context["month"]) if store else None
    return render(request, "aftersales/incentives.html", context)


@require_http_methods(["GET", "POST"])
@role_required(*RECEIVE_VEHICLES, write=True)
def package_sell(request, pk):
    vehicle = get_object_or_404(Vehicle.objects.visible_to(request.user).select_related("owner"), pk=pk)
    form = SellPackageForm(request.POST or None)
    policy = current_policy(vehicle.store)
    context = {
        "form": form,
        "vehicle": vehicle,
        "prices": [(size, packages.package_price(policy, size)) for size in packages.BASIC_SERVICE_PRICE],
    }
    if request.method == "GET":
        return render(request, "aftersales/package_form.html", context)
    if form.is_valid():
        then = reverse("customers:detail", args=[vehicle.owner_id])
        try:
            with submitted_once(form, by=request.user, then=then):
                package = packages.sell_package(vehicle, form.cleaned_data["oil_litres"], by=request.user)
        except AlreadySubmitted as repeat:
            return repeated_submission(request, repeat)
        messages.success(
            request,
            gettext("Maintenance package sold for %(price)s CNY, valid until %(day)s.")
            % {"price": package.price, "day": package.expires_on},
        )
        return redirect(then)
    return render(request, "aftersales/package_form.html", context, status=422)


@require_http_methods(["GET", "POST"])
@role_required(*RECEIVE_VEHICLES, write=True)
def extended_warranty_sell(request, pk):
    vehicle = get_object_or_404(Vehicle.objects.visible_to(request.user).select_related("owner"), pk=pk)
    default_term = current_policy(vehicle.store).value(packages.EXTENDED_WARRANTY_MONTHS)
    form = SellExtendedWarrantyForm(request.POST or None, initial={"term_months": default_term})
    context = {"form": form, "vehicle": vehicle}
    if request.method == "GET":
        return render(request, "aftersales/extended_warranty_form.html", context)
    if form.is_valid():
        then = reverse("customers:detail", args=[vehicle.owner_id])
        try:
            with submitted_once(form, by=request.user, then=then):
                sale = packages.sell_extended_warranty(
                    vehicle, term_months=form.cleaned_data["term_months"], price=form.cleaned_data["price"],
                    by=request.user,
                )  # fmt: skip
        except AlreadySubmitted as repeat:
            return repeated_submission(request, repeat)
        messages.success(request, gettext("Extended warranty sold, valid until %(day)s.") % {"day": sale.ends_on})
        return redirect(then)
    return render(request, "aftersales/extended_warranty_form.html", context, status=422)
