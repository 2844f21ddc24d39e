"""Demo after-sales day for `seed_demo`: the published prices, today's and tomorrow's appointments for every advisor,
and repair orders in every status — one waiting for the customer's answer to a change, one failed by QC, settled
ones with each discount, and deliveries whose callbacks are on the lists.

Everything goes through the same functions the pages call. Idempotent: the catalog is looked up by code, and the
day is loaded once (a store that already has repair orders opened today is left alone).
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from aftersales import appointments, repair_orders, settling
from aftersales.models import (
    Appointment,
    AppointmentChange,
    FreeLabor,
    JobType,
    LaborOperation,
    PartPrice,
    QcInspection,
    RecommendedWork,
    RepairOrder,
    RepairOrderLine,
    RequisitionLine,
)
from aftersales.workshop import issue_part, request_part
from customers.models import Vehicle
from organization import calendar
from organization.policies import current_policy

# code, name, job type, standard hours, hourly rate, no-charge item
LABOR = [
    ("BY001", "常规保养（更换机油机滤）", JobType.MAINTENANCE, "0.8", "260", ""),
    ("BY002", "更换空调滤芯", JobType.MAINTENANCE, "0.3", "260", ""),
    ("WX101", "更换前刹车片", JobType.REPAIR, "1.2", "280", ""),
    ("WX102", "四轮定位", JobType.REPAIR, "1.0", "280", ""),
    ("WX103", "更换轮胎", JobType.REPAIR, "0.3", "280", FreeLabor.TYRES),
    ("WX104", "更换蓄电池", JobType.REPAIR, "0.5", "280", FreeLabor.BATTERY),
    ("WX105", "故障诊断检测", JobType.REPAIR, "0.5", "280", ""),
    ("BP201", "前保险杠钣金喷漆", JobType.BODY_AND_PAINT, "4.0", "320", ""),
]
# part number, name, kind, list price, cost
PARTS = [
    ("06L115562B", "机油滤清器", PartPrice.Kind.PART, "88", "52"),
    ("G052195M4", "全合成机油 5W-40 (升)", PartPrice.Kind.PART, "98", "61"),
    ("5QD819653", "空调滤芯", PartPrice.Kind.PART, "168", "95"),
    ("5QD698151", "前刹车片（套）", PartPrice.Kind.PART, "680", "410"),
    ("TY22555R17", "米其林轮胎 225/55 R17", PartPrice.Kind.PART, "980", "720"),
    ("JZW915105", "蓄电池 70Ah", PartPrice.Kind.PART, "1150", "800"),
    ("JP-MAT01", "全包围脚垫", PartPrice.Kind.ACCESSORY, "1280", "640"),
]
DAY_TECHNICIAN = "tech"


def load_demo_catalog(store) -> tuple[dict, dict]:
    labor = {}
    for code, name, job_type, hours, rate, free in LABOR:
        labor[code], _ = LaborOperation.objects.get_or_create(
            store=store,
            code=code,
            defaults={
                "name": name,
                "job_type": job_type,
                "standard_hours": Decimal(hours),
                "hourly_rate": Decimal(rate),
                "free_labor": free,
            },
        )
    parts = {}
    for number, name, kind, price, cost in PARTS:
        parts[number], _ = PartPrice.objects.get_or_create(
            store=store,
            part_number=number,
            defaults={"name": name, "kind": kind, "list_price": Decimal(price), "cost": Decimal(cost)},
        )
    return labor, parts


def load_demo_aftersales(store, users: dict) -> None:
    labor, parts = load_demo_catalog(store)
    now = timezone.now()
    today_start, tomorrow_morning = calendar.day_bounds(timezone.localdate(now))
    if RepairOrder.objects.filter(store=store, opened_at__gte=today_start).exists():
        return
    advisors = [users["advisor"], users["advisor2"]]
    in_use = Vehicle.objects.filter(store=store, status=Vehicle.Status.IN_USE, owner__anonymized_at=None).exclude(
        plate=""
    )
    fleet_cars = list(in_use.filter(memberships__isnull=False).order_by("pk")[:17])
    private_cars = list(in_use.filter(memberships__isnull=True).order_by("pk")[:2])
    _demo_appointments(store, advisors, fleet_cars[:10], now, tomorrow_morning)
    _demo_orders(store, users, advisors, fleet_cars[10:], private_cars, labor, parts, now)


def _demo_appointments(store, advisors, vehicles, now, tomorrow_morning) -> None:
    policy = current_policy(store)
    hour = timedelta(hours=1)
    for index, advisor in enumerate(advisors):
        mine = vehicles[index::2]
        # Earlier today: one customer never came, one arrived and is being received.
        slot = (now - timedelta(hours=2 + index)).replace(minute=0, second=0, microsecond=0)
        _past_appointment(store, advisor, mine[0], slot, Appointment.Status.NO_SHOW)
        _past_appointment(store, advisor, mine[1], slot + timedelta(minutes=30), Appointment.Status.ARRIVED)
        # Later today (when the desk is still open) and tomorrow: the next free slots by the slot rule.
        after = now
        for number, vehicle in enumerate(mine[2:]):
            start = appointments.next_free_slots(store, advisor, after, hour, policy)[0]
            after = max(start, tomorrow_morning)
            booked = appointments.book_appointment(
                vehicle=vehicle,
                advisor=advisor,
                slot_start=start,
                channel=[Appointment.Channel.PHONE, Appointment.Channel.ONLINE][number % 2],
                estimated_duration=hour,
                by=advisor,
                fault_description=["常规保养", "刹车有异响", "空调不凉"][number % 3],
                estimated_cost=Decimal("680.00"),
                parts_to_reserve=["机油滤清器 ×1，全合成机油 ×4", "前刹车片 ×1", "空调滤芯 ×1"][number % 3],
            )
            if number % 2 == 0:
                appointments.confirm(booked, expected_version=booked.row_version, by=advisor)


def _past_appointment(store, advisor, vehicle, slot, status) -> None:
    appointment = Appointment.objects.create(
        store=store,
        customer_id=vehicle.owner_id,
        vehicle=vehicle,
        channel=Appointment.Channel.PHONE,
        fault_description="常规保养",
        estimated_duration=timedelta(hours=1),
        advisor=advisor,
        slot_start=slot,
        booked_at=slot - timedelta(days=1),
        booked_by=advisor,
        counts_as_appointment=True,
        status=status,
        policy=current_policy(store),
    )
    AppointmentChange.objects.create(appointment=appointment, status=status, slot_start=slot, by=advisor)


def _receive(vehicle, advisor, now, job_type=JobType.MAINTENANCE, hours=3, **fields):
    return repair_orders.receive_vehicle(
        vehicle=vehicle,
        by=advisor,
        job_type=job_type,
        mileage_in=(vehicle.mileage or 10000) + 800,
        fuel_level=RepairOrder.FuelLevel.HALF,
        customer_words=fields.pop("customer_words", "常规保养，顺便检查刹车"),
        promised_at=now + timedelta(hours=hours),
        covers_fitted=True,
        key_tag=f"K{vehicle.pk % 100:02d}",
        **fields,
    )


def _line(order, by, operation=None, part=None, quantity=Decimal(1)):
    if operation is not None:
        line = RepairOrderLine(
            kind=RepairOrderLine.Kind.PAINT_LABOR
            if operation.job_type == JobType.BODY_AND_PAINT
            else RepairOrderLine.Kind.LABOR,
            labor_operation=operation,
            description=operation.name,
            quantity=operation.standard_hours,
            unit_price=operation.hourly_rate,
            published_price=operation.hourly_rate,
            free_labor=operation.free_labor,
            wheel_alignment=operation.code == "WX102",
        )
    else:
        line = RepairOrderLine(
            kind=RepairOrderLine.Kind.ACCESSORY if part.kind == PartPrice.Kind.ACCESSORY else RepairOrderLine.Kind.PART,
            part=part,
            description=part.name,
            quantity=quantity,
            unit_price=part.list_price,
            published_price=part.list_price,
            tyre=part.part_number.startswith("TY"),
        )
    order.refresh_from_db()
    return repair_orders.add_line(order, line, by=by, expected_version=order.row_version)


def _sign(order, advisor):
    order.refresh_from_db()
    return repair_orders.sign(order, customer_name=order.customer.name, by=advisor, expected_version=order.row_version)


def _start(order, advisor, technician):
    order.refresh_from_db()
    return repair_orders.start_work(order, technician=technician, by=advisor, expected_version=order.row_version)


def _finish(order, technician):
    order.refresh_from_db()
    return repair_orders.finish_work(
        order,
        report="已按委托书完成作业，自检合格",
        self_check_done=True,
        by=technician,
        expected_version=order.row_version,
    )


def _inspect(order, inspector, passed, notes=""):
    order.refresh_from_db()
    inspection = QcInspection(
        passed=passed,
        notes=notes,
        road_tested=True,
        washed=passed,
        guarantee_card=passed,
        tyre_life_percent=70,
        brake_pad_life_percent=60,
        parked_in_finished_area=passed,
    )
    return repair_orders.inspect(order, inspection, by=inspector, expected_version=order.row_version)


def _issue_parts(order, users):
    """The parts store issues what the order bills, so settlement finds the requisition matching."""
    for line in repair_orders.billed_lines(order).filter(part__isnull=False):
        order.refresh_from_db()
        request_part(order, part=line.part, quantity=line.quantity, by=users[DAY_TECHNICIAN])
    for requested in RequisitionLine.objects.filter(order=order, issued_at=None):
        issue_part(requested, by=users["parts"])


def _maintenance(order, advisor, labor, parts):
    _line(order, advisor, operation=labor["BY001"])
    _line(order, advisor, part=parts["06L115562B"])
    _line(order, advisor, part=parts["G052195M4"], quantity=Decimal(4))


def _demo_orders(store, users, advisors, vehicles, private_cars, labor, parts, now) -> None:
    advisor, technician, inspector = advisors[0], users[DAY_TECHNICIAN], users["qc"]
    cars = iter(vehicles)

    draft = _receive(next(cars), advisor, now)
    _maintenance(draft, advisor, labor, parts)

    signed = _receive(next(cars), advisors[1], now, job_type=JobType.REPAIR, customer_words="刹车时有异响")
    _line(signed, advisors[1], operation=labor["WX101"])
    _line(signed, advisors[1], part=parts["5QD698151"])
    _sign(signed, advisors[1])

    waiting = _receive(next(cars), advisor, now, hours=5)
    _maintenance(waiting, advisor, labor, parts)
    _sign(waiting, advisor)
    _start(waiting, advisor, technician)
    brake_pads = RepairOrderLine(
        kind=RepairOrderLine.Kind.PART,
        part=parts["5QD698151"],
        description=parts["5QD698151"].name,
        unit_price=parts["5QD698151"].list_price,
        published_price=parts["5QD698151"].list_price,
    )
    waiting.refresh_from_db()
    repair_orders.request_change(
        waiting,
        reason="检查发现前刹车片剩余 2 mm，建议更换",
        lines=[brake_pads],
        new_promised_at=now + timedelta(hours=6),
        by=advisor,
        expected_version=waiting.row_version,
    )
    RecommendedWork.objects.create(order=waiting, description="更换四条轮胎", safety_related=True, recorded_by=advisor)

    failed = _receive(next(cars), advisor, now, job_type=JobType.REPAIR, customer_words="空调不凉")
    _line(failed, advisor, operation=labor["BY002"])
    _line(failed, advisor, part=parts["5QD819653"])
    _sign(failed, advisor)
    _start(failed, advisor, technician)
    _finish(failed, technician)
    _inspect(failed, inspector, passed=False, notes="出风口仍有异味，需清洗蒸发箱")

    in_qc = _receive(next(cars), advisors[1], now)
    _maintenance(in_qc, advisors[1], labor, parts)
    _sign(in_qc, advisors[1])
    _start(in_qc, advisors[1], technician)
    _finish(in_qc, technician)

    ready = _receive(next(cars), advisor, now, hours=1)
    _maintenance(ready, advisor, labor, parts)
    _sign(ready, advisor)
    _start(ready, advisor, technician)
    _issue_parts(ready, users)
    _finish(ready, technician)
    _inspect(ready, inspector, passed=True)

    # Settled and delivered orders: a fleet car at member rates, a booked maintenance with the appointment
    # discount, tyres with their free labor and alignment.
    delivered = []
    for vehicle, job_type, appointment_booked in (
        (next(cars), JobType.REPAIR, False),
        (private_cars[0], JobType.MAINTENANCE, True),
        (private_cars[1], JobType.REPAIR, False),
    ):
        order = _settled_order(store, users, advisor, vehicle, job_type, appointment_booked, labor, parts, now)
        delivered.append(order)
    for order in delivered[:2]:
        order.refresh_from_db()
        settling.deliver(
            order,
            gate_pass_number=settling.gate_pass_number_for(order),
            car_checked=True,
            by=advisor,
            expected_version=order.row_version,
        )


def _settled_order(store, users, advisor, vehicle, job_type, booked, labor, parts, now):
    technician, inspector = users[DAY_TECHNICIAN], users["qc"]
    appointment = None
    if booked:
        slot = (now - timedelta(hours=3)).replace(minute=0, second=0, microsecond=0)
        _past_appointment(store, advisor, vehicle, slot, Appointment.Status.ARRIVED)
        appointment = Appointment.objects.filter(vehicle=vehicle, slot_start=slot).get()
    order = _receive(vehicle, advisor, now, job_type=job_type, hours=2, appointment=appointment)
    if job_type == JobType.MAINTENANCE:
        _maintenance(order, advisor, labor, parts)
    else:
        _line(order, advisor, operation=labor["WX103"])
        _line(order, advisor, part=parts["TY22555R17"], quantity=Decimal(2))
        _line(order, advisor, operation=labor["WX102"])
        _line(order, advisor, operation=labor["WX105"])
    _sign(order, advisor)
    _start(order, advisor, technician)
    _issue_parts(order, users)
    _finish(order, technician)
    _inspect(order, inspector, passed=True)
    order.refresh_from_db()
    settling.settle(
        order,
        by=advisor,
        expected_version=order.row_version,
        old_parts=RepairOrder.OldParts.DISCARDED,
        next_service_due=timezone.localdate(now) + timedelta(days=180),
        next_service_km=order.mileage_in + 7500,
    )
    return order
