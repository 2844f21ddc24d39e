"""Settlement and delivery of a repair order, and its printables: the settlement sheet and the gate pass."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aftersales import settling
from aftersales.models import RepairOrder
from aftersales.roles import OVERSEE, READ_REPAIR_ORDERS, RECEIVE_VEHICLES
from aftersales.settling_forms import DeliverForm, SettleForm
from organization.roles import role_required

Status = RepairOrder.Status
# What the settlement form proposes for the next service; the advisor corrects it from the maintenance schedule.
NEXT_SERVICE_KM, NEXT_SERVICE_IN = 5000, timedelta(days=180)


def _order(request, pk):
    orders = RepairOrder.objects.visible_to(request.user).select_related(
        "store", "customer", "vehicle", "advisor", "appointment", "policy", "delivered_by"
    )
    return get_object_or_404(orders, pk=pk)


def _page(request, order, *, settle_form=None, deliver_form=None, error=None, status=200):
    """The settlement page in every state: the preview and its form when ready, delivery once settled."""
    if settle_form is None and order.status == Status.READY:
        initial = {
            "row_version": order.row_version,
            "next_service_km": order.mileage_in + NEXT_SERVICE_KM,
            "next_service_due": timezone.localdate() + NEXT_SERVICE_IN,
        }
        settle_form = SettleForm(
            vouchers=settling.vouchers_available(order), packages=settling.packages_available(order), initial=initial
        )
    if deliver_form is None and order.status == Status.SETTLED:
        deliver_form = DeliverForm(initial={"row_version": order.row_version})
    chosen = settle_form.chosen_vouchers() if settle_form is not None and settle_form.is_bound else []
    context = {
        "order": order,
        "settle_form": settle_form,
        "deliver_form": deliver_form,
        "error": error,
        "sheet": settling.sheet(order, chosen) if order.settled_at is None else None,
        "settled_lines": order.settlement_lines.all() if order.settled_at else [],
    }
    return render(request, "aftersales/settle.html", context, status=status)


@require_http_methods(["GET", "POST"])
@role_required(*RECEIVE_VEHICLES, write=True)
def repair_order_settle(request, pk):
    """The settlement sheet before settling (each line's list price, discount and reason); POST settles."""
    order = _order(request, pk)
    if request.method == "GET":
        return _page(request, order)
    ready = order.status == Status.READY
    vouchers = settling.vouchers_available(order) if ready else []
    form = SettleForm(request.POST, vouchers=vouchers, packages=settling.packages_of_vehicle(order) if ready else [])
    if form.is_valid():
        data = form.cleaned_data
        try:
            settling.settle(
                order,
                by=request.user,
                expected_version=data["row_version"],
                old_parts=data["old_parts"],
                next_service_due=data["next_service_due"],
                next_service_km=data["next_service_km"],
                vouchers=form.chosen_vouchers(),
                package=form.chosen_package(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext("Settled: %(amount)s CNY to pay.") % {"amount": order.payable_total})
            return redirect("aftersales:repair_order", pk=order.pk)
    return _page(request, order, settle_form=form, status=422)


@require_POST
@role_required(*RECEIVE_VEHICLES, write=True)
def repair_order_deliver(request, pk):
    """The advisor who received the car hands it back with a gate pass; the service callbacks follow."""
    order = _order(request, pk)
    form = DeliverForm(request.POST)
    if form.is_valid():
        try:
            settling.deliver(
                order,
                gate_pass_number=settling.gate_pass_number_for(order),
                car_checked=form.cleaned_data["car_checked"],
                by=request.user,
                expected_version=form.cleaned_data["row_version"],
            )
        except PermissionDenied as error:
            return _page(request, order, deliver_form=form, error=error, status=403)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, gettext("Delivered with gate pass %(number)s.") % {"number": order.gate_pass_number}
            )
            return redirect("aftersales:repair_order", pk=order.pk)
    return _page(request, order, deliver_form=form, status=422)


@require_GET
@role_required(*READ_REPAIR_ORDERS, *OVERSEE)
def settlement_print(request, pk):
    """The settlement sheet to print (A4); an order not settled yet has none."""
    order = _order(request, pk)
    if order.settled_at is None:
        return render(request, "aftersales/not_printable.html", {"order": order}, status=409)
    lines = order.settlement_lines.all()
    return render(request, "aftersales/settlement_print.html", {"order": order, "lines": lines})


@require_GET
@role_required(*READ_REPAIR_ORDERS, *OVERSEE)
def gate_pass_print(request, pk):
    """出门证 to print: the car may leave the premises; an order not delivered yet has none."""
    order = _order(request, pk)
    if not order.gate_pass_number:
        return render(request, "aftersales/not_printable.html", {"order": order}, status=409)
    return render(request, "aftersales/gate_pass_print.html", {"order": order})
