"""Settlement of a ready repair order (aftersales.settling): the checks before it, the sheet, vouchers, points and
the vehicle's next service."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext

from aftersales import settling
from aftersales.models import RepairOrder, RepairOrderLine, RequisitionLine, SettlementLine
from customers import points
from customers.models import FleetAccount, ReferralReward
from organization.roles import Role
from tests.factories import (
    AppointmentFactory,
    FleetMembershipFactory,
    PartPriceFactory,
    ReferralFactory,
    RepairOrderFactory,
    RepairOrderLineFactory,
)

pytestmark = pytest.mark.django_db
D = Decimal
Status = RepairOrder.Status


@pytest.fixture
def advisor(staff):
    return staff(Role.SERVICE_ADVISOR)


def ready_order(advisor, lines=(("labor", "200.00", "1"),), **fields):
    """A ready order of `advisor` with `lines` (kind, unit price, quantity) and its estimate approved."""
    order = RepairOrderFactory(store=advisor.store, vehicle__store=advisor.store, advisor=advisor, **fields)
    for kind, price, quantity in lines:
        RepairOrderLineFactory(order=order, kind=kind, unit_price=D(price), quantity=D(quantity))
    estimate = sum((D(price) * D(quantity) for _k, price, quantity in lines), D("0.00"))
    RepairOrder.objects.filter(pk=order.pk).update(status=Status.READY, estimate=estimate)
    order.refresh_from_db()
    return order


def part_line(order, part, quantity, issued):
    RepairOrderLineFactory(
        order=order, kind="part", part=part, description=part.name, unit_price=part.list_price, quantity=D(quantity)
    )
    RequisitionLine.objects.create(
        order=order,
        part=part,
        quantity=D(issued),
        requested_by=order.advisor,
        issued_by=order.advisor,
        issued_at=timezone.now(),
    )
    order.estimate += part.list_price * D(quantity)
    RepairOrder.objects.filter(pk=order.pk).update(estimate=order.estimate)
    order.refresh_from_db()


def settle(order, advisor, **fields):
    fields = {
        "by": advisor,
        "expected_version": order.row_version,
        "old_parts": RepairOrder.OldParts.DISCARDED,
        "next_service_due": timezone.localdate() + timedelta(days=180),
        "next_service_km": order.mileage_in + 5000,
        **fields,
    }
    return settling.settle(order, **fields)


def test_a_ready_order_is_settled_line_by_line_with_its_totals(advisor):
    order = ready_order(advisor, lines=[("labor", "200.00", "1.5"), ("check_fee", "50.00", "1")])
    settle(order, advisor)
    order.refresh_from_db()
    assert order.status == Status.SETTLED and order.settled_at is not None
    assert (order.list_total, order.discount_total, order.payable_total) == (D("350.00"), D("0.00"), D("350.00"))
    rows = list(order.settlement_lines.values_list("list_amount", "discount", "payable", "reason"))
    assert rows == [
        (D("300.00"), D("0.00"), D("300.00"), gettext("List price")),
        (D("50.00"), D("0"), D("50.00"), gettext("List price")),
    ]
    assert order.steps.last().action == "settle"


def test_a_line_edited_behind_the_estimates_back_is_refused_naming_both_totals(advisor):
    order = ready_order(advisor)
    RepairOrderLine.objects.filter(order=order).update(unit_price=D("260.00"))
    with pytest.raises(ValidationError) as refused:
        settle(order, advisor)
    assert "260.00" in str(refused.value) and "200.00" in str(refused.value)
    order.refresh_from_db()
    assert order.status == Status.READY and not SettlementLine.objects.exists()


def test_parts_issued_other_than_billed_are_refused_naming_the_part(advisor):
    order = ready_order(advisor)
    filter_ = PartPriceFactory(store=advisor.store, name="空气滤清器")
    part_line(order, filter_, quantity="2", issued="1")
    with pytest.raises(ValidationError) as refused:
        settle(order, advisor)
    assert "空气滤清器" in str(refused.value)
    assert RepairOrder.objects.get(pk=order.pk).status == Status.READY


def test_parts_issued_but_not_billed_are_refused_too(advisor):
    order = ready_order(advisor)
    plug = PartPriceFactory(store=advisor.store, name="火花塞")
    RequisitionLine.objects.create(
        order=order, part=plug, quantity=D(4), requested_by=advisor, issued_by=advisor, issued_at=timezone.now()
    )
    with pytest.raises(ValidationError) as refused:
        settle(order, advisor)
    assert "火花塞" in str(refused.value)


def test_parts_matching_the_requisition_settle(advisor):
    order = ready_order(advisor)
    part_line(order, PartPriceFactory(store=advisor.store), quantity="2", issued="2")
    settle(order, advisor)
    assert RepairOrder.objects.get(pk=order.pk).payable_total == D("376.00")


def test_a_fleet_member_pays_the_fleet_rates_with_the_reason_on_each_line(advisor):
    member = FleetMembershipFactory(
        fleet__representative__store=advisor.store, fleet__status=FleetAccount.Status.ACTIVE
    )
    order = ready_order(advisor, vehicle=member.vehicle, job_type="repair")
    part_line(order, PartPriceFactory(store=advisor.store, list_price=D("100.00")), quantity="1", issued="1")
    sheet = settling.sheet(order)
    assert [(p.payable, p.reason) for _line, p in sheet.lines] == [
        (D("140.00"), gettext("Fleet member rate")),
        (D("95.00"), gettext("Fleet member rate")),
    ]


def test_a_booked_maintenance_order_gets_the_appointment_discount_on_labor(advisor):
    appointment = AppointmentFactory(advisor=advisor, vehicle__store=advisor.store, counts_as_appointment=True)
    order = ready_order(advisor, vehicle=appointment.vehicle, appointment=appointment)
    settle(order, advisor)
    line = SettlementLine.objects.get(order=order)
    assert (line.discount, line.payable, line.reason) == (
        D("40.00"),
        D("160.00"),
        gettext("Appointment discount on labor"),
    )


def test_a_booked_fleet_member_gets_the_better_offer_never_both(advisor):
    member = FleetMembershipFactory(
        fleet__representative__store=advisor.store, fleet__status=FleetAccount.Status.ACTIVE
    )
    appointment = AppointmentFactory(advisor=advisor, vehicle=member.vehicle, counts_as_appointment=True)
    order = ready_order(advisor, vehicle=member.vehicle, appointment=appointment)
    settle(order, advisor)
    line = SettlementLine.objects.get(order=order)
    # fleet 70% of labor (140) beats 20% off (160); stacked would be 112
    assert (line.payable, line.reason) == (D("140.00"), gettext("Fleet member rate"))


def converted_reward(order):
    referral = ReferralFactory(referrer=order.customer)
    return ReferralReward.objects.create(
        store=order.store, referral=referral, customer=order.customer, kind=ReferralReward.Kind.BASIC_SERVICE
    )


def test_a_referral_voucher_pays_the_labor_once(advisor):
    order = ready_order(advisor)
    reward = converted_reward(order)
    assert settling.vouchers_available(order) == [reward]
    settle(order, advisor, vouchers=[reward])
    order.refresh_from_db()
    assert order.payable_total == D("0.00")
    voucher = SettlementLine.objects.get(voucher_number=f"referral-reward:{reward.pk}")
    assert voucher.list_amount == D("-200.00")
    second = ready_order(advisor, vehicle=order.vehicle)
    assert settling.vouchers_available(second) == []
    with pytest.raises(ValidationError):
        settle(second, advisor, vouchers=[reward])
    assert RepairOrder.objects.get(pk=second.pk).status == Status.READY


def test_a_voided_voucher_is_not_offered(advisor):
    order = ready_order(advisor)
    reward = converted_reward(order)
    ReferralReward.objects.filter(pk=reward.pk).update(voided_at=timezone.now())
    assert settling.vouchers_available(order) == []


def test_a_member_earns_points_on_what_they_paid_once(advisor):
    member = FleetMembershipFactory(
        fleet__representative__store=advisor.store, fleet__status=FleetAccount.Status.ACTIVE
    )
    order = ready_order(advisor, vehicle=member.vehicle, lines=[("labor", "1000.00", "1")])
    settle(order, advisor)
    assert points.balance(order.customer) > 0
    assert order.customer.points.get().source == order.source


def test_the_next_service_is_set_on_the_order_and_the_vehicle(advisor):
    order = ready_order(advisor)
    due = timezone.localdate() + timedelta(days=180)
    settle(
        order,
        advisor,
        next_service_due=due,
        next_service_km=order.mileage_in + 7500,
        old_parts=RepairOrder.OldParts.KEPT,
    )
    order.refresh_from_db()
    vehicle = order.vehicle
    vehicle.refresh_from_db()
    assert (order.next_service_due, order.next_service_km, order.old_parts) == (due, order.mileage_in + 7500, "kept")
    assert (vehicle.next_service_due_date, vehicle.next_service_due_mileage) == (due, order.mileage_in + 7500)
    assert (vehicle.last_service_date, vehicle.last_service_mileage) == (timezone.localdate(), order.mileage_in)


def test_settlement_needs_a_ready_order_and_an_advisor(advisor, staff):
    order = ready_order(advisor)
    with pytest.raises(PermissionDenied):
        settle(order, staff(Role.TECHNICIAN))
    RepairOrder.objects.filter(pk=order.pk).update(status=Status.QC)
    order.refresh_from_db()
    with pytest.raises(ValidationError):
        settle(order, advisor)


def test_a_stale_form_is_refused(advisor):
    order = ready_order(advisor)
    with pytest.raises(ValidationError) as refused:
        settle(order, advisor, expected_version=order.row_version - 1)
    assert refused.value.code == "concurrent_edit"
    assert not SettlementLine.objects.exists()
