"""The workshop's pages: the technician's orders, QC's queue, the parts desk and the workshop board, and the actions
they post (take or dispatch work, finish it, inspect it, request and issue parts)."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from aftersales import repair_orders, workshop
from aftersales.models import Appointment, QcInspection, RepairOrder, RequisitionLine
from aftersales.roles import (
    INSPECT_QUALITY,
    OVERSEE,
    READ_WORKSHOP_BOARD,
    REPAIR,
    REQUEST_PARTS,
    START_WORK,
    SUPPLY_PARTS,
)
from aftersales.workshop_forms import FinishWorkForm, InspectionForm, RequisitionForm, StartWorkForm, technicians_of
from organization import calendar
from organization.policies import current_policy
from organization.roles import role_required

Status = RepairOrder.Status
WORKSHOP = (Status.IN_PROGRESS, Status.QC)


def _next(request) -> str:
    """The page the form was posted from (the order page, a queue), if it is one of ours."""
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure())
    return target if safe else ""


def _back(request, fallback: str):
    return redirect(_next(request) or fallback)


def _refused(request, order, form, title, action_url):
    """The person's input again with the reason it was refused (422)."""
    context = {"order": order, "form": form, "title": title, "action_url": action_url, "next": _next(request)}
    return render(request, "aftersales/workshop_action.html", context, status=422)


@require_GET
@role_required(*REPAIR)
def my_repair_orders(request):
    """The technician's orders in progress (with QC's notes when a car came back) and the signed ones to take."""
    now = timezone.now()
    margin = current_policy(request.user.store).value(workshop.PROMISE_AT_RISK)
    visible = RepairOrder.objects.visible_to(request.user).select_related("vehicle", "customer", "advisor")
    failed = QcInspection.objects.filter(passed=False).order_by("-inspected_at", "-pk")
    mine = (
        visible.filter(technician=request.user, status=Status.IN_PROGRESS)
        .prefetch_related(
            Prefetch("inspections", queryset=failed, to_attr="failed_inspections"),
            Prefetch("requisition", queryset=RequisitionLine.objects.select_related("part")),
        )
        .order_by("promised_at", "pk")
    )
    context = {
        "mine": [(order, workshop.promise_at_risk(order.promised_at, now=now, margin=margin)) for order in mine],
        "waiting": visible.filter(status=Status.SIGNED).order_by("promised_at", "pk"),
        "in_qc": visible.filter(technician=request.user, status=Status.QC).order_by("promised_at", "pk"),
    }
    return render(request, "aftersales/my_repair_orders.html", context)


@require_GET
@role_required(*INSPECT_QUALITY, *OVERSEE)
def qc_queue(request):
    """Orders waiting for QC, the longest waiting first, each with the inspection form for QC staff."""
    queue = (
        RepairOrder.objects.visible_to(request.user)
        .filter(status=Status.QC)
        .select_related("vehicle", "technician", "store")
        .order_by("report_signed_at", "pk")
    )
    context = {"queue": queue, "may_inspect": request.user.may_write(INSPECT_QUALITY)}
    return render(request, "aftersales/qc_queue.html", context)


@require_GET
@role_required(*SUPPLY_PARTS, *OVERSEE)
def parts(request):
    """Tomorrow's appointments' parts to reserve on the shelf, and the requisition lines still to issue."""
    tomorrow, day_after = calendar.day_bounds(timezone.localdate() + timedelta(days=1))
    reserve = (
        Appointment.objects.visible_to(request.user)
        .filter(
            slot_start__gte=tomorrow,
            slot_start__lt=day_after,
            status__in=[Appointment.Status.BOOKED, Appointment.Status.CONFIRMED],
        )
        .exclude(parts_to_reserve="")
        .select_related("customer", "vehicle", "advisor")
        .order_by("slot_start", "pk")
    )
    to_issue = (
        RequisitionLine.objects.filter(order__in=RepairOrder.objects.visible_to(request.user), issued_at=None)
        .select_related("part", "order", "order__vehicle", "requested_by")
        .order_by("requested_at", "pk")
    )
    context = {"reserve": reserve, "to_issue": to_issue, "may_issue": request.user.may_write(SUPPLY_PARTS)}
    return render(request, "aftersales/parts.html", context)


@require_GET
@role_required(*READ_WORKSHOP_BOARD)
def workshop_board(request):
    """Today's workshop: each technician (their bay) with their cars, cars to dispatch and to collect, risks."""
    now = timezone.now()
    user = request.user
    margin = current_policy(user.store).value(workshop.PROMISE_AT_RISK)
    orders = (
        RepairOrder.objects.visible_to(user)
        .filter(status__in=[Status.SIGNED, *WORKSHOP, Status.READY])
        .select_related("vehicle", "advisor", "technician")
        .order_by("promised_at", "pk")
    )
    by_technician = {technician.pk: (technician, []) for technician in technicians_of(user.store)}
    waiting, ready, at_risk = [], [], []
    for order in orders:
        if order.status == Status.SIGNED:
            waiting.append(order)
        elif order.status == Status.READY:
            ready.append(order)
        else:
            by_technician.setdefault(order.technician_id, (order.technician, []))[1].append(order)
        if order.status != Status.READY and workshop.promise_at_risk(order.promised_at, now=now, margin=margin):
            at_risk.append(order)
    today, tomorrow = calendar.day_bounds(timezone.localdate())
    appointments = Appointment.objects.visible_to(user).filter(slot_start__gte=today, slot_start__lt=tomorrow)
    context = {
        "bays": list(by_technician.values()),
        "waiting": waiting,
        "ready": ready,
        "at_risk": at_risk,
        "appointments_today": appointments.exclude(status=Appointment.Status.CANCELLED).count(),
        "margin": margin,
    }
    return render(request, "aftersales/workshop_board.html", context)


def _order(request, pk):
    return get_object_or_404(RepairOrder.objects.visible_to(request.user), pk=pk)


def _act(request, order, form, act, *, title, action, done):
    """Call `act(cleaned_data)` on a valid form and go back to the page it came from (or `done`); a refusal shows
    the person's input again with the reason (422)."""
    if form.is_valid():
        try:
            act(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _back(request, reverse(done))
    return _refused(request, order, form, title, reverse(action, args=[order.pk]))


@require_POST
@role_required(*START_WORK, write=True)
def repair_order_start(request, pk):
    """The advisor dispatches a signed order to a technician, or a technician takes it."""
    order = _order(request, pk)

    def start(data):
        technician, version = data["technician"], data["row_version"]
        repair_orders.start_work(order, technician=technician, by=request.user, expected_version=version)

    form = StartWorkForm(request.POST, store=order.store)
    return _act(
        request,
        order,
        form,
        start,
        title=_("Start work"),
        action="aftersales:repair_order_start",
        done="aftersales:my_repair_orders",
    )


@require_POST
@role_required(*REPAIR, write=True)
def repair_order_finish(request, pk):
    """The technician signs the repair report after the self-check; the car goes to QC."""
    order = _order(request, pk)

    def finish(data):
        repair_orders.finish_work(
            order,
            report=data["report"],
            self_check_done=data["self_check_done"],
            by=request.user,
            expected_version=data["row_version"],
        )

    form = FinishWorkForm(request.POST)
    return _act(
        request,
        order,
        form,
        finish,
        title=_("Finish work"),
        action="aftersales:repair_order_finish",
        done="aftersales:my_repair_orders",
    )


@require_POST
@role_required(*INSPECT_QUALITY, write=True)
def repair_order_inspect(request, pk):
    """QC passes the car (ready, the customer is told) or fails it back to the technician with notes."""
    order = _order(request, pk)
    form = InspectionForm(request.POST)

    def inspect(data):
        repair_orders.inspect(order, form.inspection(), by=request.user, expected_version=data["row_version"])

    return _act(
        request,
        order,
        form,
        inspect,
        title=_("QC inspection"),
        action="aftersales:repair_order_inspect",
        done="aftersales:qc_queue",
    )


@require_POST
@role_required(*REQUEST_PARTS, write=True)
def repair_order_request_part(request, pk):
    """A part of the store's price list requested for the order (领料单)."""
    order = _order(request, pk)

    def request_part(data):
        workshop.request_part(order, part=data["part_number"], quantity=data["quantity"], by=request.user)

    form = RequisitionForm(request.POST, store=order.store)
    return _act(
        request,
        order,
        form,
        request_part,
        title=_("Request a part"),
        action="aftersales:repair_order_request_part",
        done="aftersales:my_repair_orders",
    )


@require_POST
@role_required(*SUPPLY_PARTS, write=True)
def requisition_issue(request, pk):
    """Parts staff hand a requested part over, once."""
    visible = RequisitionLine.objects.filter(order__in=RepairOrder.objects.visible_to(request.user))
    line = get_object_or_404(visible.select_related("order"), pk=pk)
    try:
        workshop.issue_part(line, by=request.user)
    except ValidationError as error:
        context = {"order": line.order, "errors": error.messages, "title": _("Issue a part"), "next": _next(request)}
        return render(request, "aftersales/workshop_action.html", context, status=422)
    return _back(request, reverse("aftersales:parts"))
