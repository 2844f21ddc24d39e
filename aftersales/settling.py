"""Settlement and delivery of a repair order (SPEC section 3, seed 002 结算/交付).

A ready order is settled by the advisor only when its billed lines still add up to the approved estimate and the
parts issued from the store match the parts billed. The lines are then priced by the pure rules of
aftersales.settlement (member rate or appointment discount, never stacked) and written as SettlementLines, with
the customer's referral vouchers redeemed as lines of their own, each voucher number once. Delivery is the
advisor's who received the car, with a gate pass, and announces SERVICE_DELIVERY for the service callbacks.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from aftersales import packages, roles, settlement
from aftersales.events import SERVICE_DELIVERY
from aftersales.models import MaintenancePackage, PolishWaxVoucher, RepairOrder, RepairOrderLine, SettlementLine
from aftersales.models.catalog import JobType
from aftersales.repair_orders import _require, billed_lines, move, requisitioned_parts
from customers import points
from customers.models import Membership, ReferralReward
from customers.validation import SERVICE_DUE
from organization.events import BusinessEvent, announce

Status = RepairOrder.Status
PART_KINDS = (RepairOrderLine.Kind.PART, RepairOrderLine.Kind.ACCESSORY)


def voucher_number(reward: ReferralReward) -> str:
    return f"{settlement.REFERRAL_VOUCHER_PREFIX}{reward.pk}"


def gate_pass_number_for(order: RepairOrder) -> str:
    """出门证 number: the order's number, unique in its store, behind "MP"."""
    return f"MP{order.number}"


def vouchers_available(order: RepairOrder) -> list[ReferralReward]:
    """The customer's basic-service vouchers not voided nor redeemed yet; they pay for a maintenance order's labor."""
    if order.job_type != JobType.MAINTENANCE:
        return []
    rewards = ReferralReward.objects.filter(
        customer_id=order.customer_id, kind=ReferralReward.Kind.BASIC_SERVICE, voided_at=None
    ).order_by("pk")
    redeemed = set(
        SettlementLine.objects.filter(voucher_number__in=[voucher_number(r) for r in rewards]).values_list(
            "voucher_number", flat=True
        )
    )
    return [reward for reward in rewards if voucher_number(reward) not in redeemed]


def packages_available(order: RepairOrder) -> list[MaintenancePackage]:
    """The vehicle's maintenance packages with a basic service to use today; like the vouchers, for maintenance."""
    if order.job_type != JobType.MAINTENANCE:
        return []
    return packages.usable_packages(order.vehicle_id, timezone.localdate())


def packages_of_vehicle(order: RepairOrder) -> list[MaintenancePackage]:
    """Every package of the order's vehicle, so a package that expired or was used up meanwhile gets its reason."""
    if order.job_type != JobType.MAINTENANCE:
        return []
    return list(MaintenancePackage.objects.filter(vehicle_id=order.vehicle_id).order_by("pk"))


def membership_of(order: RepairOrder) -> str | None:
    """The customer's active membership kind for this car (a fleet membership is per vehicle), for the pricing."""
    memberships = (
        Membership.objects.active()
        .filter(customer_id=order.customer_id)
        .filter(Q(vehicle=None) | Q(vehicle_id=order.vehicle_id))
        .select_related("fleet")
        .order_by("vehicle", "pk")  # the car's own (fleet) membership first
    )
    for membership in memberships:
        kind = settlement.membership_kind(membership, order.policy)
        if kind is not None:
            return kind
    return None


def _line(line: RepairOrderLine) -> settlement.Line:
    return settlement.Line(
        kind=settlement.LineKind(line.kind),
        list_price=line.unit_price,
        quantity=line.quantity,
        free_labor=line.free_labor or None,
        tyre=line.tyre,
        wheel_alignment=line.wheel_alignment,
        inside_home_region=line.inside_home_region,
    )


@dataclass(frozen=True)
class Sheet:
    """The settlement sheet: each billed line priced, the vouchers redeemed, the totals."""

    lines: list[tuple[RepairOrderLine, settlement.PricedLine]]
    vouchers: list[tuple[ReferralReward, settlement.PricedLine]]
    problems: list[str]

    @property
    def priced(self) -> settlement.Settlement:
        return settlement.Settlement([p for _l, p in self.lines] + [p for _v, p in self.vouchers])


def problems_of(order: RepairOrder, lines: list[RepairOrderLine]) -> list[str]:
    """Why the order cannot be settled as it stands: the estimate or the requisition does not match the bill."""
    problems = []
    list_total = sum((line.unit_price * line.quantity for line in lines), Decimal("0.00")).quantize(settlement.FEN)
    if list_total != order.estimate:
        problems.append(
            gettext(
                "The billed lines total %(total)s CNY at list prices but the approved estimate is %(estimate)s CNY: "
                "bring the difference to the customer as a change request."
            )
            % {"total": list_total, "estimate": order.estimate}
        )
    billed = defaultdict(Decimal)
    names = {}
    for line in lines:
        if line.kind in PART_KINDS and line.part_id:
            billed[line.part_id] += line.quantity
            names[line.part_id] = line.part.name
    issued = requisitioned_parts(order)
    for part_id in sorted(set(billed) | set(issued)):
        if billed.get(part_id, Decimal(0)) != issued.get(part_id, Decimal(0)):
            name = names.get(part_id) or order.requisition.filter(part_id=part_id).first().part.name
            problems.append(
                gettext("%(part)s: %(billed)s billed but %(issued)s issued from the parts store.")
                % {"part": name, "billed": billed.get(part_id, 0), "issued": issued.get(part_id, 0)}
            )
    return problems


def sheet(order: RepairOrder, vouchers=()) -> Sheet:
    """Price the order's billed lines and the chosen vouchers; a fixed number of queries whatever the lines."""
    lines = list(billed_lines(order).select_related("part"))
    pricing = settlement.Order(
        job_type=order.job_type,
        booked=bool(order.appointment_id and order.appointment.counts_as_appointment),
        membership=membership_of(order),
        policy=order.policy,
    )
    priced = settlement.settle([_line(line) for line in lines], pricing)
    labor_payable = sum((p.payable for p in priced.lines if p.line.kind == settlement.LineKind.LABOR), Decimal("0.00"))
    redeemed = []
    for reward in vouchers[:1]:  # one free basic service per order
        if labor_payable > 0:
            line = settlement.Line(kind=settlement.LineKind.VOUCHER, list_price=-labor_payable)
            redeemed.append((reward, settlement.price_line(line, pricing, Decimal(0))))
    return Sheet(list(zip(lines, priced.lines, strict=True)), redeemed, problems_of(order, lines))


@transaction.atomic
def settle(
    order: RepairOrder,
    *,
    by,
    expected_version: int,
    old_parts: str,
    next_service_due: date,
    next_service_km: int,
    vouchers=(),
    package: MaintenancePackage | None = None,
) -> RepairOrder:
    """READY → SETTLED: price the bill, redeem the vouchers and a package service, record the next service and credit
    member points; a package refused (expired, used up) leaves nothing saved."""
    _require(by, roles.RECEIVE_VEHICLES)
    if order.status != Status.READY:
        raise ValidationError(
            _("This repair order is %(status)s: only a car ready for collection is settled."),
            code="wrong_status",
            params={"status": order.get_status_display()},
        )
    if old_parts not in RepairOrder.OldParts.values:
        raise ValidationError(_("Say whether the customer keeps the old parts."), code="old_parts")
    if next_service_due <= timezone.localdate():
        raise ValidationError(_("The next service is due after today."), code="next_service_due")
    SERVICE_DUE.check(next_service_due, timezone.localdate())
    if next_service_km <= order.mileage_in:
        raise ValidationError(
            _("The next service is due above the mileage in (%(km)s km)."),
            code="next_service_km",
            params={"km": order.mileage_in},
        )
    available = {reward.pk: reward for reward in vouchers_available(order)}
    chosen = []
    for reward in vouchers:
        if reward.pk not in available:
            raise ValidationError(_("This voucher is not the customer's or was already redeemed."), code="voucher")
        chosen.append(available[reward.pk])
    if chosen and PolishWaxVoucher.objects.filter(order=order).exists():
        raise ValidationError(
            _("A referral reward cannot be combined with the polish-and-wax voucher this order already got."),
            code="voucher",
        )
    if package is not None and order.job_type != JobType.MAINTENANCE:
        raise ValidationError(_("A maintenance package pays for a maintenance order only."), code="package")
    bill = sheet(order, chosen)
    if len(bill.vouchers) != len(chosen):
        raise ValidationError(
            _("One basic-service voucher per order, and only against labor still to pay."), code="voucher"
        )
    if bill.problems:
        raise ValidationError(bill.problems, code="mismatch")
    rows = [
        SettlementLine(
            order=order,
            line=line,
            description=line.description,
            list_amount=priced.list_amount,
            discount=priced.discount,
            payable=priced.payable,
            reason=priced.reason,
        )
        for line, priced in bill.lines
    ]
    rows += [
        SettlementLine(
            order=order,
            description=str(reward.get_kind_display()),
            voucher_number=voucher_number(reward),
            list_amount=priced.list_amount,
            discount=priced.discount,
            payable=priced.payable,
            reason=priced.reason,
        )
        for reward, priced in bill.vouchers
    ]
    try:
        with transaction.atomic():
            SettlementLine.objects.bulk_create(rows)
    except IntegrityError as error:
        raise ValidationError(_("A voucher chosen has just been redeemed elsewhere."), code="voucher") from error
    if package is not None:
        packages.redeem_package_service(order, package)
    total = bill.priced
    now = timezone.now()
    changes = {
        "settled_at": now,
        "list_total": total.list_total,
        "discount_total": total.discount_total,
        "payable_total": total.payable_total,
        "old_parts": old_parts,
        "next_service_due": next_service_due,
        "next_service_km": next_service_km,
    }
    move(
        order,
        "settle",
        allowed_from=(Status.READY,),
        to=Status.SETTLED,
        by=by,
        expected_version=expected_version,
        changes=changes,
    )
    vehicle = order.vehicle
    vehicle.next_service_due_date, vehicle.next_service_due_mileage = next_service_due, next_service_km
    vehicle.last_service_date, vehicle.last_service_mileage = timezone.localdate(now), order.mileage_in
    vehicle.save(
        update_fields=["next_service_due_date", "next_service_due_mileage", "last_service_date", "last_service_mileage"]
    )
    points.award_points_for_repair(order.customer, amount_paid=total.payable_total, source=order.source, by=by)
    return order


@transaction.atomic
def deliver(order: RepairOrder, *, gate_pass_number: str, car_checked: bool, by, expected_version: int) -> RepairOrder:
    """SETTLED → DELIVERED by the advisor who received the car, after checking it with the customer; announced."""
    _require(by, roles.RECEIVE_VEHICLES)
    if order.advisor_id != by.pk:
        raise PermissionDenied(_("Only the advisor who received the car hands it back to the customer."))
    if order.status != Status.SETTLED:
        raise ValidationError(
            _("This repair order is %(status)s: only a settled order is delivered."),
            code="wrong_status",
            params={"status": order.get_status_display()},
        )
    if not car_checked:
        raise ValidationError(_("Check the finished car with the customer first."), code="not_checked")
    now = timezone.now()
    changes = {"delivered_at": now, "delivered_by": by, "gate_pass_number": gate_pass_number}
    try:
        with transaction.atomic():
            move(
                order,
                "deliver",
                allowed_from=(Status.SETTLED,),
                to=Status.DELIVERED,
                by=by,
                expected_version=expected_version,
                changes=changes,
                note=gate_pass_number,
            )
    except IntegrityError as error:
        raise ValidationError(
            _("Gate pass %(number)s is already used in this store."),
            code="gate_pass_taken",
            params={"number": gate_pass_number},
        ) from error
    announce(
        BusinessEvent(
            kind=SERVICE_DELIVERY,
            record=order,
            store=order.store,
            customer=order.customer,
            vehicle=order.vehicle,
            staff=order.advisor,
            occurred_at=now,
        )
    )
    return order
