"""Reception and the repair order page: receive the car, the order with its lines, changes and timeline, the list."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Q, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aftersales import reception, repair_orders
from aftersales.models import Appointment, RepairOrder
from aftersales.reception_forms import (
    ChangeRequestForm,
    DecideChangeForm,
    DeclineRecommendationForm,
    LineForm,
    OrderFilterForm,
    ReceptionForm,
    RecommendForm,
    RemoveLineForm,
    SignForm,
)
from aftersales.roles import APPROVE_PRICES, CHANGE_WORK, READ_REPAIR_ORDERS, RECEIVE_VEHICLES, REPAIR
from customers.models import Vehicle
from organization.roles import role_required


def _orders(user):
    return RepairOrder.objects.visible_to(user).select_related(
        "customer", "vehicle", "advisor", "technician", "policy", "store"
    )


@require_http_methods(["GET", "POST"])
@role_required(*RECEIVE_VEHICLES, write=True)
def repair_order_create(request, pk):
    """A walk-in: the car arrives without an appointment."""
    vehicle = get_object_or_404(Vehicle.objects.visible_to(request.user).select_related("owner"), pk=pk)
    return _receive(request, vehicle, None, initial={})


@require_http_methods(["GET", "POST"])
@role_required(*RECEIVE_VEHICLES, write=True)
def appointment_receive(request, pk):
    """The booked car arrives: the appointment's words, diagnosis and duration fill the form."""
    appointment = get_object_or_404(
        Appointment.objects.visible_to(request.user).select_related("vehicle__owner", "customer"), pk=pk
    )
    start = max(timezone.now(), appointment.slot_start)
    initial = {
        "customer_words": appointment.fault_description,
        "diagnosis": appointment.preliminary_diagnosis,
        "promised_at": timezone.localtime(start + appointment.estimated_duration).replace(second=0, microsecond=0),
    }
    return _receive(request, appointment.vehicle, appointment, initial=initial)


def _receive(request, vehicle, appointment, *, initial):
    form = ReceptionForm(request.POST or None, initial={"mileage_in": vehicle.mileage, **initial})
    context = {"form": form, "vehicle": vehicle, "appointment": appointment}
    if request.method == "GET":
        return render(request, "aftersales/repair_order_form.html", context)
    if form.is_valid():
        try:
            order = repair_orders.receive_vehicle(
                vehicle=vehicle, by=request.user, appointment=appointment, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext("Repair order %(number)s opened.") % {"number": order.number})
            return redirect("aftersales:repair_order", order.pk)
    return render(request, "aftersales/repair_order_form.html", context, status=422)


@require_GET
@role_required(*READ_REPAIR_ORDERS)
def repair_orders_list(request):
    """The store's orders, newest first; an advisor's own come first."""
    form = OrderFilterForm(request.GET)
    valid = form.is_valid()
    data = form.cleaned_data if valid else {}
    orders = _orders(request.user)
    if data.get("status"):
        orders = orders.filter(status=data["status"])
    if data.get("q"):
        q = data["q"].strip()
        orders = orders.filter(Q(number__icontains=q) | Q(vehicle__plate__icontains=q))
    if data.get("mine"):
        orders = orders.filter(advisor=request.user)
    elif request.user.has_any_role(*RECEIVE_VEHICLES):
        mine_first = Case(When(advisor=request.user, then=Value(0)), default=Value(1), output_field=IntegerField())
        orders = orders.order_by(mine_first, "-opened_at", "-pk")
    page = Paginator(orders, 30).get_page(request.GET.get("page"))
    return render(request, "aftersales/repair_orders.html", {"form": form, "page": page}, status=200 if valid else 400)


def _page_context(request, order, **forms):
    user = request.user
    may_receive, may_change = user.may_write(RECEIVE_VEHICLES), user.may_write(CHANGE_WORK)
    draft = order.status == RepairOrder.Status.DRAFT
    changeable = order.status in repair_orders.CHANGEABLE
    version = {"row_version": order.row_version}
    context = {
        "order": order,
        "lines": order.lines.select_related("change_request", "price_approved_by"),
        "estimate": repair_orders.estimate_of(order),
        "change_requests": order.change_requests.select_related("requested_by", "recorded_by"),
        "recommendations": order.recommendations.select_related("recorded_by"),
        "steps": order.steps.select_related("by"),
        "at_risk": reception.promise_at_risk(order, timezone.now(), order.policy),
        "may_receive": may_receive,
        "may_price": user.may_write(APPROVE_PRICES),
        "line_form": LineForm(initial=version) if may_change and draft else None,
        "may_remove_lines": may_change and draft,
        "sign_form": SignForm(initial=version) if may_receive and draft else None,
        "change_form": ChangeRequestForm(initial=version) if may_change and changeable else None,
        "decide_form": DecideChangeForm(initial=version) if may_receive else None,
        "recommend_form": RecommendForm() if user.may_write(RECEIVE_VEHICLES | REPAIR) else None,
        "may_decline": may_receive,
    }
    return context | forms


@require_GET
@role_required(*READ_REPAIR_ORDERS)
def repair_order(request, pk):
    order = get_object_or_404(_orders(request.user), pk=pk)
    return render(request, "aftersales/repair_order.html", _page_context(request, order))


@require_GET
@role_required(*READ_REPAIR_ORDERS)
def repair_order_print(request, pk):
    """任务委托书 for the customer's signature, A4."""
    order = get_object_or_404(_orders(request.user), pk=pk)
    context = {"order": order, "lines": order.lines.select_related("change_request"), "estimate": order.estimate}
    if order.status == RepairOrder.Status.DRAFT:
        context["estimate"] = repair_orders.estimate_of(order)
    return render(request, "aftersales/repair_order_print.html", context)


def _act(request, pk, form_class, form_name, action, done):
    """Parse the action's form and call `action(order, form)`; a refusal renders the page again with a 422."""
    order = get_object_or_404(_orders(request.user), pk=pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            action(order, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, done)
            return redirect("aftersales:repair_order", order.pk)
    order = get_object_or_404(_orders(request.user), pk=pk)  # as it is now, the person's input kept in the form
    context = _page_context(request, order, **{form_name: form})
    return render(request, "aftersales/repair_order.html", context, status=422)


@require_POST
@role_required(*CHANGE_WORK, write=True)
def repair_order_add_line(request, pk):
    def add(order, data):
        line = reception.line_from_catalog(
            order,
            data["code"],
            quantity=data["quantity"],
            unit_price=data["unit_price"],
            price_reason=data["price_reason"],
        )
        repair_orders.add_line(order, line, by=request.user, expected_version=data["row_version"])

    return _act(request, pk, LineForm, "line_form", add, gettext("Line added."))


@require_POST
@role_required(*CHANGE_WORK, write=True)
def repair_order_remove_line(request, pk):
    def remove(order, data):
        line = order.lines.filter(pk=data["line"]).first()
        if line is None:
            raise ValidationError(gettext("This line is not on the order."), code="no_line")
        repair_orders.remove_line(order, line, by=request.user, expected_version=data["row_version"])

    return _act(request, pk, RemoveLineForm, "remove_form", remove, gettext("Line removed."))


@require_POST
@role_required(*RECEIVE_VEHICLES, write=True)
def repair_order_sign(request, pk):
    def sign(order, data):
        repair_orders.sign(
            order, customer_name=data["customer_name"], by=request.user, expected_version=data["row_version"]
        )

    return _act(request, pk, SignForm, "sign_form", sign, gettext("Signed by the customer."))


@require_POST
@role_required(*CHANGE_WORK, write=True)
def repair_order_request_change(request, pk):
    def ask(order, data):
        lines = []
        if data["code"]:
            lines.append(
                reception.line_from_catalog(
                    order,
                    data["code"],
                    quantity=data["quantity"],
                    unit_price=data["unit_price"],
                    price_reason=data["price_reason"],
                )
            )
        repair_orders.request_change(
            order,
            reason=data["reason"],
            lines=lines,
            new_promised_at=data["new_promised_at"],
            by=request.user,
            expected_version=data["row_version"],
        )

    return _act(
        request, pk, ChangeRequestForm, "change_form", ask, gettext("Change request recorded; ask the customer.")
    )


@require_POST
@role_required(*RECEIVE_VEHICLES, write=True)
def repair_order_decide_change(request, pk):
    def decide(order, data):
        change = order.change_requests.filter(pk=data["change"]).first()
        if change is None:
            raise ValidationError(gettext("This change request is not on the order."), code="no_change")
        change.order = order
        repair_orders.decide_change(
            change,
            approved=data["approved"],
            customer_name=data["customer_name"],
            how=data["how"],
            by=request.user,
            expected_version=data["row_version"],
        )

    return _act(request, pk, DecideChangeForm, "decide_form", decide, gettext("The customer's answer is recorded."))


@require_POST
@role_required(*(RECEIVE_VEHICLES | REPAIR), write=True)
def repair_order_recommend(request, pk):
    def recommend(order, data):
        reception.recommend_work(
            order, description=data["description"], safety_related=data["safety_related"], by=request.user
        )

    return _act(request, pk, RecommendForm, "recommend_form", recommend, gettext("Recommended work recorded."))


@require_POST
@role_required(*RECEIVE_VEHICLES, write=True)
def repair_order_decline_recommendation(request, pk):
    def decline(order, data):
        work = order.recommendations.filter(pk=data["recommendation"]).first()
        if work is None:
            raise ValidationError(gettext("This recommendation is not on the order."), code="no_recommendation")
        repair_orders.decline_recommendation(work, signature=data["signature"], by=request.user)

    return _act(
        request, pk, DeclineRecommendationForm, "decline_form", decline, gettext("The customer declined the work.")
    )
