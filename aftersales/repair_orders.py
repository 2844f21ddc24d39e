"""The repair order's life (SPEC section 3): draft → signed → in progress → QC → ready → settled → delivered.

One function per transition. Each checks the order's current status and the person's role, applies its changes
only if nobody wrote the order since the person's form was read (`expected_version`), and records a
RepairOrderStep (who, when, a note). A refusal is a ValidationError with a message for the person; nothing is
half-saved (each function is atomic). Settlement and delivery live in aftersales.settling, which moves the order
through `move()` too.
"""

from datetime import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aftersales import roles
from aftersales.models import (
    Appointment,
    AppointmentChange,
    ChangeRequest,
    QcInspection,
    RecommendedWork,
    RepairOrder,
    RepairOrderLine,
    RepairOrderStep,
)
from customers.models import Vehicle
from organization import calendar
from organization.concurrency import save_if_unchanged
from organization.messaging import send_sms
from organization.models import OutboundMessage, Store
from organization.policies import current_policy

Status = RepairOrder.Status
CHANGEABLE = (Status.SIGNED, Status.IN_PROGRESS, Status.QC)
"""After the customer signed and before the car is ready, work and prices change only by a change request."""


def _require(user, allowed) -> None:
    if not user.may_write(allowed):
        raise PermissionDenied(_("Your role does not take this step of the repair order."))


def move(order: RepairOrder, action: str, *, allowed_from, to, by, expected_version: int, note="", changes=None):
    """Move the order from one of `allowed_from` to `to`, applying `changes`, and record the step."""
    if order.status not in allowed_from:
        raise ValidationError(
            _("This repair order is %(status)s: it cannot take this step now."),
            code="wrong_status",
            params={"status": order.get_status_display()},
        )
    from_status = order.status
    save_if_unchanged(order, expected_version, {**(changes or {}), "status": to})
    RepairOrderStep.objects.create(order=order, action=action, from_status=from_status, to_status=to, by=by, note=note)
    return order


def _next_number(store: Store, moment: datetime) -> str:
    """The store's orders of the day numbered in sequence, e.g. 20261130-0007 (the store's row is locked)."""
    day = timezone.localdate(moment)
    start, end = calendar.day_bounds(day)
    count = RepairOrder.objects.filter(store=store, opened_at__gte=start, opened_at__lt=end)
    return f"{day:%Y%m%d}-{count.count() + 1:04d}"


@transaction.atomic
def receive_vehicle(*, vehicle: Vehicle, by, appointment: Appointment | None = None, **reception) -> RepairOrder:
    """Open a draft order for the car at the desk, from its appointment (nothing retyped) or as a walk-in.

    `reception` carries the walk-round: job_type, mileage_in, fuel_level, customer_words, promised_at and the
    optional fields of RepairOrder. The appointment is completed and the mileage joins the vehicle's history.
    """
    _require(by, roles.RECEIVE_VEHICLES)
    if not vehicle.in_use or vehicle.owner.anonymized_at:
        raise ValidationError(
            _("This vehicle is sold on, scrapped or its owner's file is anonymized: no repair order."),
            code="vehicle_not_served",
        )
    store = Store.objects.select_for_update().get(pk=vehicle.store_id)
    now = timezone.now()
    if appointment is not None:
        _complete_appointment(appointment, vehicle, by)
    if reception["promised_at"] <= now:
        raise ValidationError(_("The promised delivery time must be later than now."), code="promised_passed")
    order = RepairOrder.objects.create(
        store=store,
        number=_next_number(store, now),
        customer_id=vehicle.owner_id,
        vehicle=vehicle,
        appointment=appointment,
        advisor=by,
        opened_at=now,
        policy=current_policy(store),
        **reception,
    )
    if vehicle.mileage is None or order.mileage_in > vehicle.mileage:
        vehicle.mileage = order.mileage_in
        vehicle.save(update_fields=["mileage"])
    RepairOrderStep.objects.create(order=order, action="receive", to_status=Status.DRAFT, by=by)
    return order


def _complete_appointment(appointment: Appointment, vehicle: Vehicle, by) -> None:
    if appointment.vehicle_id != vehicle.pk:
        raise ValidationError(_("The appointment is for another vehicle."), code="other_vehicle")
    open_statuses = (Appointment.Status.BOOKED, Appointment.Status.CONFIRMED, Appointment.Status.ARRIVED)
    if appointment.status not in open_statuses or hasattr(appointment, "repair_order"):
        raise ValidationError(_("This appointment has already been received or was cancelled."), code="received")
    appointment.status = Appointment.Status.COMPLETED
    appointment.save(update_fields=["status"])
    AppointmentChange.objects.create(
        appointment=appointment, status=appointment.status, slot_start=appointment.slot_start, by=by
    )


def estimate_of(order: RepairOrder) -> Decimal:
    """The list-price total of the lines the customer has approved so far (signed, or by an approved change)."""
    lines = billed_lines(order).values_list("unit_price", "quantity")
    return sum((price * quantity for price, quantity in lines), Decimal("0.00")).quantize(Decimal("0.01"))


def check_price(line: RepairOrderLine, by) -> None:
    """A price other than the published one needs a manager and a reason (seed 002: published prices)."""
    if line.published_price is None or line.unit_price == line.published_price:
        line.price_reason, line.price_approved_by = "", None
        return
    if not by.may_write(roles.APPROVE_PRICES):
        raise ValidationError(
            _("Only a manager may charge a price other than the published one (%(published)s)."),
            code="price_needs_manager",
            params={"published": line.published_price},
        )
    if not line.price_reason.strip():
        raise ValidationError(_("Give the reason for the price change."), code="price_needs_reason")
    line.price_approved_by = by


@transaction.atomic
def add_line(order: RepairOrder, line: RepairOrderLine, *, by, expected_version: int) -> RepairOrderLine:
    """Add a line to the draft estimate; once the customer has signed, lines come by change request only."""
    _require(by, roles.CHANGE_WORK)
    if order.status != Status.DRAFT:
        raise ValidationError(
            _("The customer has signed: add work through a change request."), code="needs_change_request"
        )
    check_price(line, by)
    save_if_unchanged(order, expected_version, {})
    line.order, line.added_by = order, by
    line.save()
    return line


@transaction.atomic
def remove_line(order: RepairOrder, line: RepairOrderLine, *, by, expected_version: int) -> None:
    _require(by, roles.CHANGE_WORK)
    if order.status != Status.DRAFT or line.order_id != order.pk:
        raise ValidationError(_("Only a line of a draft estimate can be removed."), code="wrong_status")
    save_if_unchanged(order, expected_version, {})
    line.delete()


@transaction.atomic
def sign(order: RepairOrder, *, customer_name: str, by, expected_version: int) -> RepairOrder:
    """The customer signs the order (name and time) and the advisor signs the reception checklist."""
    _require(by, roles.RECEIVE_VEHICLES)
    if not customer_name.strip():
        raise ValidationError(_("Enter the name the customer signed with."), code="no_signature")
    if not order.lines.exists():
        raise ValidationError(_("Add the estimate's lines before the customer signs."), code="no_lines")
    changes = {
        "signed_by_name": customer_name.strip(),
        "signed_at": timezone.now(),
        "checklist_signed_by": by,
        "estimate": estimate_of(order),
    }
    return move(
        order,
        "sign",
        allowed_from=(Status.DRAFT,),
        to=Status.SIGNED,
        by=by,
        expected_version=expected_version,
        changes=changes,
    )


@transaction.atomic
def start_work(order: RepairOrder, *, technician, by, expected_version: int) -> RepairOrder:
    """The advisor dispatches the signed order to a technician, or a technician takes it."""
    _require(by, roles.START_WORK)
    if by.has_any_role(*roles.REPAIR) and not by.has_any_role(*roles.RECEIVE_VEHICLES):
        technician = by
    if technician is None or technician.store_id != order.store_id or not technician.has_any_role(*roles.REPAIR):
        raise ValidationError(_("Choose a technician of this store."), code="not_a_technician")
    changes = {"technician": technician, "work_started_at": order.work_started_at or timezone.now()}
    return move(
        order,
        "start",
        allowed_from=(Status.SIGNED,),
        to=Status.IN_PROGRESS,
        by=by,
        expected_version=expected_version,
        changes=changes,
        note=str(technician),
    )


@transaction.atomic
def finish_work(order: RepairOrder, *, report: str, self_check_done: bool, by, expected_version: int) -> RepairOrder:
    """The technician signs the repair report after the self-check and hands the car to QC."""
    _require(by, roles.REPAIR)
    if order.technician_id != by.pk:
        raise PermissionDenied(_("Only the technician working on this order signs its repair report."))
    if not self_check_done or not report.strip():
        raise ValidationError(_("Do the self-check and write the repair report first."), code="no_report")
    if order.change_requests.filter(status=ChangeRequest.Status.PENDING).exists():
        raise ValidationError(_("A change request still waits for the customer's answer."), code="change_pending")
    changes = {"repair_report": report.strip(), "self_check_done": True, "report_signed_at": timezone.now()}
    return move(
        order,
        "finish",
        allowed_from=(Status.IN_PROGRESS,),
        to=Status.QC,
        by=by,
        expected_version=expected_version,
        changes=changes,
    )


@transaction.atomic
def inspect(order: RepairOrder, inspection: QcInspection, *, by, expected_version: int) -> RepairOrder:
    """QC passes the car (ready for collection, the customer is told) or fails it back to the workshop."""
    _require(by, roles.INSPECT_QUALITY)
    if not inspection.passed and not inspection.notes.strip():
        raise ValidationError(_("Say what failed the inspection."), code="fail_needs_notes")
    to = Status.READY if inspection.passed else Status.IN_PROGRESS
    changes = {"ready_at": timezone.now()} if inspection.passed else {"self_check_done": False}
    move(
        order,
        "qc_pass" if inspection.passed else "qc_fail",
        allowed_from=(Status.QC,),
        to=to,
        by=by,
        expected_version=expected_version,
        changes=changes,
        note=inspection.notes,
    )
    inspection.order, inspection.inspector = order, by
    inspection.save()
    if inspection.passed:
        transaction.on_commit(lambda: tell_customer_car_ready(order))
    return order


def tell_customer_car_ready(order: RepairOrder) -> None:
    """Seed 002 "通知客户取车": an SMS that the car is ready, with the advisor to ask for."""
    customer = order.customer
    send_sms(
        store=order.store,
        to=customer.mobile,
        category=OutboundMessage.Category.SERVICE,
        template="reminder",
        params={
            "name": customer.name,
            "text": _("your car %(plate)s is ready for collection; please ask for %(advisor)s.")
            % {"plate": order.vehicle.plate or order.vehicle.vin, "advisor": order.advisor.get_full_name()},
        },
    )


@transaction.atomic
def request_change(
    order: RepairOrder, *, reason: str, lines=(), new_promised_at=None, by, expected_version: int
) -> ChangeRequest:
    """Added work, a new price or a new promised time, waiting for the customer's approval."""
    _require(by, roles.CHANGE_WORK)
    if order.status not in CHANGEABLE:
        raise ValidationError(
            _("Changes are asked for between the customer's signature and QC's pass."), code="wrong_status"
        )
    if not lines and new_promised_at is None:
        raise ValidationError(_("Add a line or a new promised time to ask the customer about."), code="empty")
    if new_promised_at is not None and new_promised_at <= timezone.now():
        raise ValidationError(_("The new promised time must be later than now."), code="promised_passed")
    for line in lines:
        if line.replaces_id and line.replaces.order_id != order.pk:
            raise ValidationError(_("The line repriced belongs to another order."), code="other_order")
        check_price(line, by)
    save_if_unchanged(order, expected_version, {})
    change = ChangeRequest.objects.create(
        order=order, reason=reason.strip(), new_promised_at=new_promised_at, requested_by=by
    )
    for line in lines:
        line.order, line.change_request, line.added_by = order, change, by
        line.save()
    return change


@transaction.atomic
def decide_change(
    change: ChangeRequest, *, approved: bool, customer_name: str, how: str, by, expected_version: int
) -> ChangeRequest:
    """Record the customer's answer (who, how, when); an approval applies the lines and the new promised time."""
    _require(by, roles.RECEIVE_VEHICLES)
    order = change.order
    if change.status != ChangeRequest.Status.PENDING:
        raise ValidationError(_("The customer has already answered this change request."), code="decided")
    if not customer_name.strip() or how not in ChangeRequest.ApprovedHow.values:
        raise ValidationError(_("Record who answered and how (by phone or in person)."), code="no_answer")
    change.status = ChangeRequest.Status.APPROVED if approved else ChangeRequest.Status.DECLINED
    change.customer_name, change.decided_how = customer_name.strip(), how
    change.decided_at, change.recorded_by = timezone.now(), by
    change.save()
    changes = {}
    if approved:
        changes["estimate"] = estimate_of(order)
        if change.new_promised_at:
            changes["promised_at"] = change.new_promised_at
    save_if_unchanged(order, expected_version, changes)
    RepairOrderStep.objects.create(
        order=order,
        action="change_approved" if approved else "change_declined",
        from_status=order.status,
        to_status=order.status,
        by=by,
        note=change.reason,
    )
    return change


@transaction.atomic
def decline_recommendation(work: RecommendedWork, *, signature: str, by) -> RecommendedWork:
    """The customer declines recommended work; safety-related work declined needs their signature."""
    _require(by, roles.RECEIVE_VEHICLES)
    if work.declined_at:
        raise ValidationError(_("The customer has already declined this work."), code="declined")
    if work.safety_related and not signature.strip():
        raise ValidationError(_("Safety-related work declined needs the customer's signature."), code="needs_signature")
    work.declined_at, work.declined_signature = timezone.now(), signature.strip()
    work.save(update_fields=["declined_at", "declined_signature"])
    return work


def billed_lines(order: RepairOrder):
    """The lines the customer pays for: signed or approved, and not repriced by an approved change."""
    approved = order.lines.exclude(
        change_request__status__in=[ChangeRequest.Status.PENDING, ChangeRequest.Status.DECLINED]
    )
    return approved.exclude(replaced_by__change_request__status=ChangeRequest.Status.APPROVED)


def requisitioned_parts(order: RepairOrder) -> dict[int, Decimal]:
    """Part → quantity issued from the parts store for the order."""
    issued = order.requisition.filter(issued_at__isnull=False).values("part").annotate(quantity=Sum("quantity"))
    return {row["part"]: row["quantity"] for row in issued}
