"""The repair order's status machine: every transition with the right role, the wrong role and from the wrong state."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from aftersales import repair_orders
from aftersales.models import Appointment, ChangeRequest, QcInspection, RecommendedWork, RepairOrder, RepairOrderLine
from organization.models import OutboundMessage
from organization.roles import Role
from tests.factories import (
    AppointmentFactory,
    PartPriceFactory,
    RepairOrderFactory,
    RepairOrderLineFactory,
    VehicleFactory,
)

pytestmark = pytest.mark.django_db
Status = RepairOrder.Status


@pytest.fixture
def advisor(staff):
    return staff(Role.SERVICE_ADVISOR)


@pytest.fixture
def technician(staff):
    return staff(Role.TECHNICIAN)


@pytest.fixture
def inspector(staff):
    return staff(Role.QC_INSPECTOR)


@pytest.fixture
def manager(staff):
    return staff(Role.AFTER_SALES_MANAGER)


def order_in(status, advisor, **fields):
    order = RepairOrderFactory(store=advisor.store, vehicle__store=advisor.store, advisor=advisor, **fields)
    RepairOrderLineFactory(order=order)
    RepairOrder.objects.filter(pk=order.pk).update(status=status)
    order.refresh_from_db()
    return order


def reception(**fields):
    return {
        "job_type": "maintenance",
        "mileage_in": 23000,
        "fuel_level": RepairOrder.FuelLevel.HALF,
        "customer_words": "保养",
        "promised_at": timezone.now() + timedelta(hours=3),
        **fields,
    }


def test_receiving_a_walk_in_opens_a_numbered_draft_and_records_the_mileage(advisor):
    vehicle = VehicleFactory(store=advisor.store, mileage=20000)
    order = repair_orders.receive_vehicle(vehicle=vehicle, by=advisor, **reception())
    second = repair_orders.receive_vehicle(vehicle=vehicle, by=advisor, **reception(mileage_in=23001))
    vehicle.refresh_from_db()
    assert order.status == Status.DRAFT and order.advisor == advisor
    assert order.number.endswith("-0001") and second.number.endswith("-0002")
    assert vehicle.mileage == 23001
    assert list(order.steps.values_list("action", "to_status")) == [("receive", Status.DRAFT)]


def test_receiving_the_appointment_completes_it_once(advisor):
    appointment = AppointmentFactory(advisor=advisor, vehicle__store=advisor.store)
    repair_orders.receive_vehicle(vehicle=appointment.vehicle, appointment=appointment, by=advisor, **reception())
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.COMPLETED
    with pytest.raises(ValidationError) as refused:
        repair_orders.receive_vehicle(vehicle=appointment.vehicle, appointment=appointment, by=advisor, **reception())
    assert refused.value.code == "received"


def test_only_an_advisor_receives_a_car(staff, technician):
    vehicle = VehicleFactory(store=technician.store)
    for person in (technician, staff(Role.CUSTOMER_SERVICE), staff(Role.QC_INSPECTOR)):
        with pytest.raises(PermissionDenied):
            repair_orders.receive_vehicle(vehicle=vehicle, by=person, **reception())
    assert not RepairOrder.objects.exists()


def test_signing_fixes_the_estimate_and_the_signatures(advisor):
    order = order_in(Status.DRAFT, advisor)
    RepairOrderLineFactory(order=order, quantity=Decimal("2"), unit_price=Decimal("44.50"), kind="part")
    repair_orders.sign(order, customer_name="王先生", by=advisor, expected_version=order.row_version)
    order.refresh_from_db()
    assert order.status == Status.SIGNED and order.signed_by_name == "王先生" and order.signed_at
    assert order.checklist_signed_by == advisor
    assert order.estimate == Decimal("289.00")


def test_signing_needs_a_name_lines_a_draft_and_an_advisor(advisor, technician):
    order = order_in(Status.DRAFT, advisor)
    with pytest.raises(ValidationError):
        repair_orders.sign(order, customer_name=" ", by=advisor, expected_version=order.row_version)
    with pytest.raises(PermissionDenied):
        repair_orders.sign(order, customer_name="王先生", by=technician, expected_version=order.row_version)
    signed = order_in(Status.SIGNED, advisor)
    with pytest.raises(ValidationError) as refused:
        repair_orders.sign(signed, customer_name="王先生", by=advisor, expected_version=signed.row_version)
    assert refused.value.code == "wrong_status"
    empty = RepairOrderFactory(store=advisor.store, vehicle__store=advisor.store, advisor=advisor)
    with pytest.raises(ValidationError):
        repair_orders.sign(empty, customer_name="王先生", by=advisor, expected_version=empty.row_version)


def test_a_stale_form_is_refused(advisor):
    order = order_in(Status.DRAFT, advisor)
    read = order.row_version
    RepairOrder.objects.get(pk=order.pk).save()  # a colleague saved meanwhile
    with pytest.raises(ValidationError) as refused:
        repair_orders.sign(order, customer_name="王先生", by=advisor, expected_version=read)
    assert refused.value.code == "concurrent_edit"
    assert RepairOrder.objects.get(pk=order.pk).status == Status.DRAFT


def test_a_technician_takes_a_signed_order_and_an_advisor_dispatches_one(advisor, technician, staff):
    order = order_in(Status.SIGNED, advisor)
    repair_orders.start_work(order, technician=None, by=technician, expected_version=order.row_version)
    assert order.status == Status.IN_PROGRESS and order.technician == technician and order.work_started_at
    other = order_in(Status.SIGNED, advisor)
    repair_orders.start_work(other, technician=technician, by=advisor, expected_version=other.row_version)
    assert other.technician == technician
    draft = order_in(Status.DRAFT, advisor)
    with pytest.raises(ValidationError):
        repair_orders.start_work(draft, technician=technician, by=advisor, expected_version=draft.row_version)
    with pytest.raises(PermissionDenied):
        repair_orders.start_work(draft, technician=technician, by=staff(Role.QC_INSPECTOR), expected_version=0)
    with pytest.raises(ValidationError):  # a technician must be a technician
        signed = order_in(Status.SIGNED, advisor)
        repair_orders.start_work(signed, technician=advisor, by=advisor, expected_version=signed.row_version)


def test_only_the_orders_technician_finishes_it_after_the_self_check(advisor, technician, staff):
    order = order_in(Status.IN_PROGRESS, advisor, technician=technician)
    with pytest.raises(PermissionDenied):
        repair_orders.finish_work(
            order, report="换油", self_check_done=True, by=staff(Role.TECHNICIAN), expected_version=order.row_version
        )
    with pytest.raises(ValidationError):
        repair_orders.finish_work(order, report="换油", self_check_done=False, by=technician, expected_version=0)
    repair_orders.finish_work(
        order, report="更换机油机滤", self_check_done=True, by=technician, expected_version=order.row_version
    )
    assert order.status == Status.QC and order.report_signed_at


def test_finishing_waits_for_a_pending_change(advisor, technician):
    order = order_in(Status.IN_PROGRESS, advisor, technician=technician)
    line = RepairOrderLine(kind="labor", description="更换刹车片", quantity=1, unit_price=Decimal("150"))
    repair_orders.request_change(
        order, reason="刹车片磨损", lines=[line], by=advisor, expected_version=order.row_version
    )
    with pytest.raises(ValidationError) as refused:
        repair_orders.finish_work(
            order, report="完成", self_check_done=True, by=technician, expected_version=order.row_version
        )
    assert refused.value.code == "change_pending"


def test_qc_fail_returns_the_order_and_a_pass_tells_the_customer(
    advisor, technician, inspector, django_capture_on_commit_callbacks
):
    order = order_in(Status.QC, advisor, technician=technician, self_check_done=True)
    with pytest.raises(ValidationError):  # a fail says why
        repair_orders.inspect(order, QcInspection(passed=False), by=inspector, expected_version=order.row_version)
    repair_orders.inspect(
        order, QcInspection(passed=False, notes="异响仍在"), by=inspector, expected_version=order.row_version
    )
    assert order.status == Status.IN_PROGRESS and not order.self_check_done
    RepairOrder.objects.filter(pk=order.pk).update(status=Status.QC)
    order.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        repair_orders.inspect(
            order,
            QcInspection(passed=True, road_tested=True, washed=True, tyre_life_percent=70),
            by=inspector,
            expected_version=order.row_version,
        )
    assert order.status == Status.READY and order.ready_at
    assert list(order.steps.values_list("action", flat=True)) == ["qc_fail", "qc_pass"]
    sms = OutboundMessage.objects.get(to=order.customer.mobile)
    assert order.vehicle.plate in sms.body


def test_only_qc_inspects_and_only_in_qc(advisor, technician, inspector):
    order = order_in(Status.QC, advisor, technician=technician)
    with pytest.raises(PermissionDenied):
        repair_orders.inspect(order, QcInspection(passed=True), by=technician, expected_version=order.row_version)
    in_progress = order_in(Status.IN_PROGRESS, advisor, technician=technician)
    with pytest.raises(ValidationError):
        repair_orders.inspect(
            in_progress, QcInspection(passed=True), by=inspector, expected_version=in_progress.row_version
        )
    assert not QcInspection.objects.exists()


def test_a_change_applies_only_after_the_customers_approval(advisor):
    order = order_in(Status.SIGNED, advisor)
    RepairOrder.objects.filter(pk=order.pk).update(estimate=Decimal("200.00"))
    order.refresh_from_db()
    later = timezone.now() + timedelta(hours=6)
    added = RepairOrderLine(kind="part", description="刹车片", quantity=Decimal("1"), unit_price=Decimal("380"))
    change = repair_orders.request_change(
        order, reason="刹车片磨损", lines=[added], new_promised_at=later, by=advisor, expected_version=order.row_version
    )
    order.refresh_from_db()
    assert order.estimate == Decimal("200.00") and order.promised_at != later
    assert repair_orders.estimate_of(order) == Decimal("200.00")
    repair_orders.decide_change(
        change, approved=True, customer_name="王先生", how="phone", by=advisor, expected_version=order.row_version
    )
    order.refresh_from_db()
    assert order.estimate == Decimal("580.00") and order.promised_at == later
    change.refresh_from_db()
    assert change.status == ChangeRequest.Status.APPROVED and change.decided_how == "phone" and change.decided_at
    with pytest.raises(ValidationError):
        repair_orders.decide_change(
            change, approved=False, customer_name="王先生", how="phone", by=advisor, expected_version=order.row_version
        )


def test_a_declined_change_and_a_repricing(advisor, manager):
    order = order_in(Status.IN_PROGRESS, advisor)
    first = order.lines.get()
    cheaper = RepairOrderLine(
        kind="labor",
        description=first.description,
        unit_price=Decimal("150"),
        published_price=Decimal("200"),
        price_reason="老客户",
        replaces=first,
    )
    with pytest.raises(ValidationError) as refused:  # an advisor may not charge another price
        repair_orders.request_change(
            order, reason="改价", lines=[cheaper], by=advisor, expected_version=order.row_version
        )
    assert refused.value.code == "price_needs_manager"
    assert not ChangeRequest.objects.exists()
    change = repair_orders.request_change(
        order, reason="改价", lines=[cheaper], by=manager, expected_version=order.row_version
    )
    repair_orders.decide_change(
        change, approved=True, customer_name="王先生", how="in_person", by=advisor, expected_version=order.row_version
    )
    assert repair_orders.estimate_of(order) == Decimal("150.00")
    assert list(repair_orders.billed_lines(order)) == [cheaper]
    declined = repair_orders.request_change(
        order,
        reason="加装",
        lines=[RepairOrderLine(kind="accessory", description="脚垫", unit_price=Decimal(300))],
        by=advisor,
        expected_version=order.row_version,
    )
    repair_orders.decide_change(
        declined, approved=False, customer_name="王先生", how="phone", by=advisor, expected_version=order.row_version
    )
    assert repair_orders.estimate_of(order) == Decimal("150.00")


def test_no_change_request_before_signing_or_after_qc(advisor):
    for status in (Status.DRAFT, Status.READY, Status.SETTLED):
        order = order_in(status, advisor)
        with pytest.raises(ValidationError):
            repair_orders.request_change(
                order,
                reason="x",
                new_promised_at=timezone.now() + timedelta(hours=1),
                by=advisor,
                expected_version=order.row_version,
            )


def test_lines_of_a_draft_at_the_published_price_or_by_a_manager(advisor, manager):
    order = order_in(Status.DRAFT, advisor)
    part = PartPriceFactory(store=advisor.store)
    line = RepairOrderLine(
        kind="part",
        part=part,
        description=part.name,
        unit_price=Decimal("80"),
        published_price=part.list_price,
        price_reason="活动",
    )
    with pytest.raises(ValidationError):
        repair_orders.add_line(order, line, by=advisor, expected_version=order.row_version)
    repair_orders.add_line(order, line, by=manager, expected_version=order.row_version)
    assert line.price_approved_by == manager
    signed = order_in(Status.SIGNED, advisor)
    with pytest.raises(ValidationError) as refused:
        repair_orders.add_line(
            signed,
            RepairOrderLine(kind="labor", description="x", unit_price=Decimal(1)),
            by=advisor,
            expected_version=signed.row_version,
        )
    assert refused.value.code == "needs_change_request"


def test_declined_safety_work_needs_the_signature(advisor):
    order = order_in(Status.IN_PROGRESS, advisor)
    tyres = RecommendedWork.objects.create(
        order=order, description="更换轮胎", safety_related=True, recorded_by=advisor
    )
    with pytest.raises(ValidationError):
        repair_orders.decline_recommendation(tyres, signature="", by=advisor)
    repair_orders.decline_recommendation(tyres, signature="王先生", by=advisor)
    wipers = RecommendedWork.objects.create(order=order, description="更换雨刮", recorded_by=advisor)
    repair_orders.decline_recommendation(wipers, signature="", by=advisor)
    assert RecommendedWork.objects.filter(declined_at__isnull=False).count() == 2
