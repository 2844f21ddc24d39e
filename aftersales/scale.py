"""`seed_demo --scale N`, after-sales: for N customers, 0.5 N appointments and 2.5 N repair orders with lines.

At the issue's size (2 M customers over 100 stores) that is 1 M appointments and 5 M repair orders of ≈3 lines each
(labor, a part, and paint labor for body work or a second part). Every store also gets its staff (8 advisors,
12 technicians, 2 QC inspectors, 2 parts staff, an after-sales manager; password demo1234), 300 labor operations and
400 part prices, and a working day: each advisor's appointments today and tomorrow, and open orders in every status
with their steps and requisitions, so the day view, the workshop board and an order page look as they would in a
busy store. The settlement bench store (`scale-051` at 100 stores; the page benches use `scale-050`) also keeps
READY_FOR_BENCH orders ready to settle: billed total equal to the estimate, every billed part issued.

History is lean: a delivered order keeps one step (its reception) and no settlement lines; orders of the working
day carry every step of their way. History loads in rounds like customers.scale (COPY on PostgreSQL, one
transaction per round, a re-run resumes at the first missing round); the working day loads once per day and the
bench store is topped up to READY_FOR_BENCH ready orders on every run.
"""

import random
import time
from array import array
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from aftersales.models import (
    Appointment,
    JobType,
    LaborOperation,
    PartPrice,
    RepairOrder,
    RepairOrderLine,
    RepairOrderStep,
    RequisitionLine,
)
from customers.models import Vehicle
from customers.scale import SHANGHAI, STAFF_PASSWORD, STORE_CODE, insert_rows, person_name
from organization.models import Department, OpeningHours, PolicySet, Store, User
from organization.roles import Role

APPOINTMENTS_PER_CUSTOMER = 0.5
ORDERS_PER_CUSTOMER = 2.5
ROUND = 1000  # historical repair orders per store in one load transaction (and a fifth as many appointments)
LABOR_OPERATIONS = 300
PART_PRICES = 400
READY_FOR_BENCH = 2000
HISTORY_YEARS = 6
# Role, username prefix, how many per store, department. The first advisor is customers.scale's advisor-<store>.
STAFF = [
    (Role.SERVICE_ADVISOR, "advisor", 8, Department.Kind.AFTER_SALES),
    (Role.TECHNICIAN, "tech", 12, Department.Kind.WORKSHOP),
    (Role.QC_INSPECTOR, "qc", 2, Department.Kind.WORKSHOP),
    (Role.PARTS_STAFF, "parts", 2, Department.Kind.PARTS),
    (Role.AFTER_SALES_MANAGER, "asm", 1, Department.Kind.AFTER_SALES),
]
# Slots as 15-minute steps after 9:00; every fourth is the buffer. History and the two working days use
# different slots, so a store generated again on another day never books an advisor's slot twice.
HISTORY_SLOTS = (0, 1, 2, 20, 21, 22)
TODAY_SLOTS = (4, 5, 6, 8, 9, 10, 12, 13, 14, 24, 25, 26)
TOMORROW_SLOTS = (16, 17, 18, 28, 29, 30)
TODAY_APPOINTMENTS = ["completed"] * 3 + ["arrived"] * 2 + ["confirmed"] * 4 + ["booked"] * 2 + ["no_show"]
# Each advisor's open orders of the day; "completed" appointments above become the first three.
TODAY_ORDERS = ["draft", "signed", "in_progress", "in_progress", "qc", "ready", "settled", "delivered"]
WORDS = [
    "保养到期，顺便检查空调",
    "刹车有异响",
    "发动机故障灯亮",
    "左前门刮伤需要钣喷",
    "更换轮胎两条",
    "雨刮器刮不干净",
    "方向盘抖动",
    "空调不制冷",
    "车辆行驶中有异响",
    "事故车，保险理赔",
]
LABOR_NAMES = [
    ("更换机油机滤", JobType.MAINTENANCE),
    ("更换空气滤芯", JobType.MAINTENANCE),
    ("更换空调滤芯", JobType.MAINTENANCE),
    ("四轮定位", JobType.REPAIR),
    ("更换刹车片", JobType.REPAIR),
    ("检查底盘异响", JobType.REPAIR),
    ("钣金修复", JobType.BODY_AND_PAINT),
    ("半喷漆", JobType.BODY_AND_PAINT),
    ("更换轮胎", JobType.MAINTENANCE),
    ("电脑诊断", JobType.REPAIR),
]
PART_NAMES = ["机油", "机油滤芯", "空气滤芯", "空调滤芯", "刹车片", "火花塞", "雨刮片", "蓄电池", "轮胎", "刹车油"]
FUEL = ["empty", "quarter", "half", "three_quarters", "full"]
STEPS = {
    "draft": [],
    "signed": [("sign", "draft", "signed")],
    "in_progress": [("sign", "draft", "signed"), ("start", "signed", "in_progress")],
    "qc": [("sign", "draft", "signed"), ("start", "signed", "in_progress"), ("finish", "in_progress", "qc")],
}
STEPS["ready"] = [*STEPS["qc"], ("qc_pass", "qc", "ready")]
STEPS["settled"] = [*STEPS["ready"], ("settle", "ready", "settled")]
STEPS["delivered"] = [*STEPS["settled"], ("deliver", "settled", "delivered")]


def load_aftersales_scale(
    total_customers: int, *, stores: int, report: Callable[[str], None] = print, today: date | None = None
) -> dict:
    """Appointments, repair orders, staff and prices for the stores customers.scale generated (see the module)."""
    started = time.monotonic()
    today = today or timezone.localdate()
    password = make_password(STAFF_PASSWORD)
    groups = {g.name: g for g in Group.objects.filter(name__in=[role for role, *_ in STAFF])}
    plan = []
    for index in range(stores):
        with transaction.atomic():
            store = Store.objects.get(code=STORE_CODE.format(index + 1))
            staff = _staff(store, password, groups)
            catalog = _catalog(store)
        size = total_customers // stores + (1 if index < total_customers % stores else 0)
        plan.append(_StorePlan(store, staff, catalog, round(size * ORDERS_PER_CUSTOMER), today))
    report(f"after-sales: staff and prices of {stores} stores in {time.monotonic() - started:.1f} s")
    rounds = -(-plan[0].orders // ROUND)
    done = -(-_history(plan[0].store).count() // ROUND)
    for number in range(done, rounds):
        round_started = time.monotonic()
        with transaction.atomic():
            orders, appointments = _load_round(plan, number)
        report(
            f"after-sales round {number + 1}/{rounds}: {orders} repair orders, {appointments} appointments "
            f"in {time.monotonic() - round_started:.1f} s"
        )
    with transaction.atomic():
        for store_plan in plan:
            _load_working_day(store_plan)
        bench = plan[stores // 2]  # next to bench/prepare.py's store, whose pages stay a believable day
        ready = _load_ready_orders(bench, min(READY_FOR_BENCH, plan[0].orders))
    if connection.vendor == "postgresql":
        tables = [m._meta.db_table for m in (Appointment, RepairOrder, RepairOrderLine, RepairOrderStep)]
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(tables)}")
    result = {"rounds_loaded": rounds - done, "rounds_skipped": done, "ready_added": ready}
    result["seconds"] = time.monotonic() - started
    report(
        f"After-sales scale data: {result['rounds_loaded']} rounds loaded, {result['rounds_skipped']} already there, "
        f"{ready} ready orders added in {bench.store.code}, {result['seconds']:.1f} s"
    )
    return result


class _StorePlan:
    """What a store's rows are drawn from: its staff, prices, vehicles with their owners, policy and days."""

    def __init__(self, store: Store, staff: dict, catalog: tuple, orders: int, today: date):
        self.store, self.staff, self.orders, self.today = store, staff, orders, today
        self.labor, self.parts = catalog
        self.policy_id = PolicySet.objects.filter(store=store).order_by("-version").values_list("pk", flat=True)[0]
        first = PolicySet.objects.filter(store=store).order_by("version").values_list("created_at", flat=True)[0]
        # History ends three days before the store joined (its first policy version): re-runs on later days agree.
        self.anchor = timezone.localdate(first) - timedelta(days=3)
        self.vehicles, self.owners, self.mileage = array("q"), array("q"), array("q")
        for pk, owner, mileage in (
            Vehicle.objects.filter(store=store).order_by("pk").values_list("pk", "owner_id", "mileage")
        ):
            self.vehicles.append(pk)
            self.owners.append(owner)
            self.mileage.append(mileage or 0)

    def vehicle(self, k: int) -> tuple[int, int, int]:
        i = (k * 7_919) % len(self.vehicles)
        return self.vehicles[i], self.owners[i], self.mileage[i]


def _history(store: Store):
    """Historical orders are numbered <day>-<6-digit serial>; the working day's like receive_vehicle's."""
    return RepairOrder.objects.filter(store=store, number__regex=r"^[0-9]{8}-[0-9]{6}$")


def _staff(store: Store, password: str, groups: dict) -> dict[str, list[int]]:
    rng = random.Random(f"staff/{store.code}")
    staff = {}
    for role, prefix, count, kind in STAFF:
        department, _ = Department.objects.get_or_create(store=store, kind=kind)
        ids = []
        for n in range(1, count + 1):
            user, created = User.objects.get_or_create(
                username=f"{prefix}-{store.code}" if n == 1 else f"{prefix}{n}-{store.code}",
                defaults={"name": person_name(rng), "store": store, "department": department, "password": password},
            )
            if created or n == 1:  # the first advisor comes from customers.scale with the role already
                user.groups.add(groups[role])
            ids.append(user.pk)
        staff[prefix] = ids
    for weekday in OpeningHours.Weekday:
        OpeningHours.objects.get_or_create(store=store, weekday=weekday)
    return staff


def _catalog(store: Store) -> tuple[list[tuple], list[tuple]]:
    """The store's labor operations (pk, name, job type, hours, rate) and parts (pk, name, list price)."""
    if not LaborOperation.objects.filter(store=store).exists():
        rng = random.Random(f"catalog/{store.code}")
        labor = []
        for k in range(LABOR_OPERATIONS):
            name, job_type = LABOR_NAMES[k % len(LABOR_NAMES)]
            labor.append(
                {
                    "store_id": store.pk,
                    "code": f"L{k + 1:04d}",
                    "name": f"{name} {k // len(LABOR_NAMES) + 1}",
                    "job_type": job_type,
                    "standard_hours": Decimal(rng.choice(["0.5", "1.0", "1.5", "2.0", "3.0"])),
                    "hourly_rate": Decimal(rng.choice(["120.00", "150.00", "180.00", "220.00"])),
                    "free_labor": "",
                    "active": True,
                }
            )
        insert_rows(LaborOperation, labor)
        parts = []
        for k in range(PART_PRICES):
            price = Decimal(rng.randrange(2000, 200000)) / 100
            parts.append(
                {
                    "store_id": store.pk,
                    "part_number": f"P-{k + 1:06d}",
                    "name": f"{PART_NAMES[k % len(PART_NAMES)]} {k // len(PART_NAMES) + 1}",
                    "kind": "part",
                    "list_price": price,
                    "cost": (price * Decimal("0.7")).quantize(Decimal("0.01")),
                    "active": True,
                }
            )
        insert_rows(PartPrice, parts)
    labor = list(
        LaborOperation.objects.filter(store=store, free_labor="").values_list(
            "pk", "name", "job_type", "standard_hours", "hourly_rate"
        )
    )
    parts = list(PartPrice.objects.filter(store=store, kind="part").values_list("pk", "name", "list_price"))
    return labor, parts


def _at(day: date, slot: int) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=SHANGHAI) + timedelta(hours=9, minutes=15 * slot)


def _load_round(plan: list[_StorePlan], number: int) -> tuple[int, int]:
    orders, lines, steps, appointments = [], [], [], []
    for p in plan:
        rng = random.Random(f"{p.store.code}/orders/{number}")
        first, last = number * ROUND, min((number + 1) * ROUND, p.orders)
        for k in range(first, last):
            orders.append(_history_order(rng, p, k))
        share = round(ROUND * APPOINTMENTS_PER_CUSTOMER / ORDERS_PER_CUSTOMER)
        advisors = p.staff["advisor"]
        for k in range(number * share, number * share + round((last - first) * share / ROUND)):
            j = k // len(advisors)
            status = rng.choices(["completed", "no_show", "cancelled"], [85, 5, 10])[0]
            vehicle, owner, _mileage = p.vehicle(k * 3 + 1)
            appointments.append(
                _appointment(rng, p, vehicle, owner, advisors[k % len(advisors)], status, _history_slot(p, j))
            )
    random.Random(number).shuffle(orders)
    for order, pk in zip(orders, insert_rows(RepairOrder, [o for o, _ in orders]), strict=True):
        row, order_lines = order
        for line in order_lines:
            lines.append({**line, "order_id": pk})
        steps.append(_step(pk, "receive", "", "draft", row["advisor_id"], row["opened_at"]))
    insert_rows(RepairOrderLine, lines, ids=False)
    insert_rows(RepairOrderStep, steps, ids=False)
    if appointments:
        insert_rows(Appointment, appointments, ids=False)
    return len(orders), len(appointments)


def _history_slot(p: _StorePlan, j: int) -> datetime:
    return _at(p.anchor - timedelta(days=j // len(HISTORY_SLOTS)), HISTORY_SLOTS[j % len(HISTORY_SLOTS)])


def _history_order(rng: random.Random, p: _StorePlan, k: int) -> tuple[dict, list[dict]]:
    """A delivered order of the last HISTORY_YEARS years (a few cancelled drafts), numbered by its serial k."""
    opened = _at(p.anchor - timedelta(days=rng.randrange(365 * HISTORY_YEARS)), rng.randrange(32))
    status = "cancelled" if rng.random() < 0.02 else "delivered"
    return _order(rng, p, k, f"{timezone.localtime(opened, SHANGHAI):%Y%m%d}-{k:06d}", opened, status)


def _order(
    rng: random.Random, p: _StorePlan, k: int, number: str, opened: datetime, status: str, advisor: int | None = None
) -> tuple[dict, list[dict]]:
    vehicle, owner, mileage = p.vehicle(k)
    advisor = advisor or rng.choice(p.staff["advisor"])
    labor = rng.choice(p.labor)
    job_type = labor[2]
    lines = [_labor_line(labor, "labor", advisor, opened), _part_line(rng, p, advisor, opened)]
    if job_type == JobType.BODY_AND_PAINT:
        paint = next((op for op in p.labor if op[2] == JobType.BODY_AND_PAINT and "喷漆" in op[1]), labor)
        lines.append(_labor_line(paint, "paint_labor", advisor, opened))
    else:
        lines.append(_part_line(rng, p, advisor, opened))
    estimate = sum((line["unit_price"] * line["quantity"] for line in lines), Decimal("0.00"))
    reached = [to for _, _, to in STEPS.get(status, [])]
    worked = "in_progress" in reached
    finished = "qc" in reached
    promised = opened + timedelta(hours=rng.choice([2, 3, 4, 6, 8]))
    settled = "settled" in reached
    row = {
        "store_id": p.store.pk,
        "row_version": 0,
        "number": number,
        "customer_id": owner,
        "vehicle_id": vehicle,
        "appointment_id": None,
        "advisor_id": advisor,
        "job_type": job_type,
        "payment_type": "insurance_claim" if job_type == JobType.INSURANCE_CLAIM else "customer",
        "status": status,
        "opened_at": opened,
        "mileage_in": mileage + rng.randrange(0, 3000),
        "fuel_level": rng.choice(FUEL),
        "exterior_damage": rng.choice(["", "", "右后保险杠轻微划痕"]),
        "valuables": "",
        "customer_words": rng.choice(WORDS),
        "diagnosis": "",
        "covers_fitted": status != "draft",
        "key_tag": f"K{k % 500:03d}",
        "customer_waits": rng.random() < 0.3,
        "promised_at": promised,
        "estimate": estimate,
        "signed_by_name": person_name(rng) if status not in ("draft", "cancelled") else "",
        "signed_at": opened + timedelta(minutes=10) if status not in ("draft", "cancelled") else None,
        "checklist_signed_by_id": advisor if status not in ("draft", "cancelled") else None,
        "technician_id": rng.choice(p.staff["tech"]) if worked else None,
        "work_started_at": opened + timedelta(minutes=30) if worked else None,
        "self_check_done": finished,
        "repair_report": "已按委托书完成作业，自检合格" if finished else "",
        "report_signed_at": opened + timedelta(minutes=90) if finished else None,
        "ready_at": opened + timedelta(minutes=110) if "ready" in reached else None,
        "settled_at": promised if settled else None,
        "list_total": estimate if settled else None,
        "discount_total": Decimal("0.00") if settled else None,
        "payable_total": estimate if settled else None,
        "old_parts": rng.choice(["kept", "discarded"]) if settled else "",
        "next_service_due": (opened + timedelta(days=180)).date() if settled else None,
        "next_service_km": mileage + 5000 if settled else None,
        "delivered_at": promised + timedelta(minutes=20) if status == "delivered" else None,
        "delivered_by_id": advisor if status == "delivered" else None,
        "gate_pass_number": f"G{number}" if status == "delivered" else "",
        "policy_id": p.policy_id,
    }
    return row, lines


def _labor_line(op: tuple, kind: str, by: int, at: datetime) -> dict:
    pk, name, _job_type, hours, rate = op
    return _line(kind, pk, None, name, hours, rate, by, at)


def _part_line(rng: random.Random, p: _StorePlan, by: int, at: datetime) -> dict:
    pk, name, price = rng.choice(p.parts)
    return _line("part", None, pk, name, Decimal(rng.choice([1, 1, 2, 4])), price, by, at)


def _line(kind, labor_id, part_id, description, quantity, price, by, at) -> dict:
    return {
        "kind": kind,
        "labor_operation_id": labor_id,
        "part_id": part_id,
        "description": description,
        "quantity": quantity,
        "unit_price": price,
        "published_price": price,
        "price_reason": "",
        "price_approved_by_id": None,
        "free_labor": "",
        "tyre": False,
        "wheel_alignment": False,
        "inside_home_region": False,
        "change_request_id": None,
        "replaces_id": None,
        "added_by_id": by,
        "added_at": at,
    }


def _step(order_id: int, action: str, from_status: str, to_status: str, by: int, at: datetime) -> dict:
    return {
        "order_id": order_id,
        "action": action,
        "from_status": from_status,
        "to_status": to_status,
        "by_id": by,
        "at": at,
        "note": "",
    }


def _appointment(rng, p: _StorePlan, vehicle: int, owner: int, advisor: int, status: str, slot: datetime) -> dict:
    return {
        "store_id": p.store.pk,
        "row_version": 0,
        "customer_id": owner,
        "vehicle_id": vehicle,
        "channel": rng.choice(["phone", "phone", "online", "walk_in"]),
        "fault_description": rng.choice(WORDS),
        "preliminary_diagnosis": "",
        "estimated_cost": Decimal(rng.choice(["300.00", "680.00", "1200.00"])),
        "estimated_duration": timedelta(hours=rng.choice([1, 2, 3])),
        "advisor_id": advisor,
        "slot_start": slot,
        "parts_to_reserve": rng.choice(["", "机油、机油滤芯", "刹车片一套"]),
        "status": status,
        "booked_at": slot - timedelta(days=rng.randrange(1, 6)),
        "booked_by_id": advisor,
        "counts_as_appointment": True,
        "policy_id": p.policy_id,
    }


def _load_working_day(p: _StorePlan) -> None:
    """Each advisor's appointments today and tomorrow and open orders in every status, once per day."""
    day = p.today
    start = _at(day, 0) - timedelta(hours=9)
    if Appointment.objects.filter(store=p.store, slot_start__gte=start, slot_start__lt=start + timedelta(1)).exists():
        return
    rng = random.Random(f"{p.store.code}/day/{day}")
    now = timezone.now()
    appointments, planned = [], []
    for a, advisor in enumerate(p.staff["advisor"]):
        for s, status in enumerate(TODAY_APPOINTMENTS):
            vehicle, owner, _mileage = p.vehicle(10_000_019 + a * 100 + s)
            appointments.append(_appointment(rng, p, vehicle, owner, advisor, status, _at(day, TODAY_SLOTS[s])))
        for s, slot in enumerate(TOMORROW_SLOTS):
            vehicle, owner, _mileage = p.vehicle(20_000_033 + a * 100 + s)
            status = "confirmed" if s % 2 else "booked"
            appointments.append(_appointment(rng, p, vehicle, owner, advisor, status, _at(day + timedelta(1), slot)))
        received = appointments[-len(TOMORROW_SLOTS) - len(TODAY_APPOINTMENTS) :][:3]  # the completed ones
        for o, status in enumerate(TODAY_ORDERS):
            planned.append((advisor, a * 100 + o, status, received[o] if o < len(received) else None))
    ids = insert_rows(Appointment, appointments)
    for row, pk in zip(appointments, ids, strict=True):
        row["id"] = pk
    orders = []
    for n, (advisor, k, status, appointment) in enumerate(planned, start=1):
        # Opened today (so receive_vehicle numbers the next one after these), before now.
        opened = appointment["slot_start"] if appointment else now - timedelta(minutes=rng.randrange(20, 300))
        opened = max(min(opened, now), start + timedelta(minutes=1))
        row, lines = _order(rng, p, 30_000_001 + k, f"{day:%Y%m%d}-{n:04d}", opened, status, advisor)
        if appointment is not None:
            row.update(appointment_id=appointment["id"], vehicle_id=appointment["vehicle_id"])
            row["customer_id"] = appointment["customer_id"]
        orders.append((row, lines))
    _insert_worked_orders(p, orders)


def _insert_worked_orders(p: _StorePlan, orders: list[tuple[dict, list[dict]]]) -> None:
    """Orders with their lines, every step of their way, and the parts requisitioned (issued once worked on)."""
    ids = insert_rows(RepairOrder, [row for row, _ in orders])
    lines, steps, requisition = [], [], []
    for (row, order_lines), pk in zip(orders, ids, strict=True):
        lines += [{**line, "order_id": pk} for line in order_lines]
        at = row["opened_at"]
        steps.append(_step(pk, "receive", "", "draft", row["advisor_id"], at))
        for n, (action, from_status, to_status) in enumerate(STEPS[row["status"]], start=1):
            by = row["technician_id"] if action in ("start", "finish") else row["advisor_id"]
            if action == "qc_pass":
                by = p.staff["qc"][pk % len(p.staff["qc"])]
            steps.append(_step(pk, action, from_status, to_status, by, at + timedelta(minutes=10 * n)))
        if row["status"] in ("draft", "signed"):
            continue
        issued = row["status"] != "in_progress" or pk % 2
        for line in order_lines:
            if line["kind"] == "part":
                requisition.append(
                    {
                        "order_id": pk,
                        "part_id": line["part_id"],
                        "quantity": line["quantity"],
                        "requested_by_id": row["technician_id"],
                        "requested_at": at + timedelta(minutes=35),
                        "issued_by_id": p.staff["parts"][0] if issued else None,
                        "issued_at": at + timedelta(minutes=40) if issued else None,
                    }
                )
    insert_rows(RepairOrderLine, lines, ids=False)
    insert_rows(RepairOrderStep, steps, ids=False)
    if requisition:
        insert_rows(RequisitionLine, requisition, ids=False)


def _load_ready_orders(p: _StorePlan, wanted: int) -> int:
    """Top the bench store up to `wanted` READY orders, each settle-able: estimate = billed, billed parts issued."""
    existing = RepairOrder.objects.filter(store=p.store, status=RepairOrder.Status.READY).count()
    missing = max(0, wanted - existing)
    if not missing:
        return 0
    serial = RepairOrder.objects.filter(store=p.store, number__contains="-B").count()
    rng = random.Random(f"{p.store.code}/ready/{serial}")
    now = timezone.now()
    orders = []
    for k in range(serial, serial + missing):
        opened = now - timedelta(hours=rng.randrange(3, 72))
        number = f"{timezone.localtime(opened, SHANGHAI):%Y%m%d}-B{k:05d}"
        orders.append(_order(rng, p, 40_000_003 + k, number, opened, "ready"))
    _insert_worked_orders(p, orders)
    return missing
