"""The reception's and the workshop's figures for the dashboards (SPEC section 6), every store at once.

Each function takes the stores and answers all of them in a fixed number of grouped queries, so the GM's panels and
the group dashboard's columns cost the same whatever the number of orders and of stores.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import reduce
from operator import or_

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from aftersales import workshop
from aftersales.models import Appointment, RepairOrder
from organization import calendar
from organization.policies import current_policies

Status = RepairOrder.Status
NOT_READY = (Status.DRAFT, Status.SIGNED, Status.IN_PROGRESS, Status.QC)
"""The car is still being received or repaired: its promised time can be at risk (as on the reception's order page)."""
ARRIVED = (Appointment.Status.ARRIVED, Appointment.Status.COMPLETED)
TO_COME = (Appointment.Status.BOOKED, Appointment.Status.CONFIRMED)
WAIT_FOR_WORK = ExpressionWrapper(F("work_started_at") - F("opened_at"), output_field=DurationField())
"""From the car's reception (the order's `opened_at`, 接待) to the first work start (`work_started_at`, kept when QC
sends the car back): the wait J.D. Power China's CSI study reports."""


@dataclass(frozen=True)
class AppointmentsToday:
    """A store's appointments with a slot today: those still holding it have arrived or are still to come."""

    arrived: int = 0  # arrived at the desk, or already received into a repair order
    to_come: int = 0  # booked or confirmed
    no_show: int = 0

    @property
    def booked(self) -> int:
        return self.arrived + self.to_come


def appointments_today(stores, now: datetime) -> dict[int, AppointmentsToday]:
    """Store id → today's appointments (local day of `now`) by where they stand; one query."""
    start, end = calendar.day_bounds(timezone.localdate(now))
    rows = (
        Appointment.objects.filter(store__in=stores, slot_start__gte=start, slot_start__lt=end)
        .values("store")
        .annotate(
            arrived=Count("pk", filter=Q(status__in=ARRIVED)),
            to_come=Count("pk", filter=Q(status__in=TO_COME)),
            no_show=Count("pk", filter=Q(status=Appointment.Status.NO_SHOW)),
        )
        .order_by()
    )
    return {row.pop("store"): AppointmentsToday(**row) for row in rows}


@dataclass(frozen=True)
class OpenOrders:
    """A store's cars still with us: orders by status, and how many promised times are at risk."""

    by_status: dict[str, int] = field(default_factory=dict)
    at_risk: int = 0

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


def open_orders(stores, now: datetime) -> dict[int, OpenOrders]:
    """Store id → its open orders by status and those not ready whose promised time is past or within the store's
    policy margin (`reception.promise_at_risk`); three queries, two of them reading the policies."""
    margins: dict[timedelta, list[int]] = {}
    for store_id, policy in current_policies(stores).items():
        margins.setdefault(policy.value(workshop.PROMISE_AT_RISK), []).append(store_id)
    if not margins:  # no stores: every store has a policy version from its creation
        return {}
    at_risk = reduce(or_, (Q(store__in=ids, promised_at__lte=now + margin) for margin, ids in margins.items()))
    rows = (
        RepairOrder.objects.open()
        .filter(store__in=stores)
        .values_list("store", "status")
        .annotate(orders=Count("pk"), at_risk=Count("pk", filter=at_risk & Q(status__in=NOT_READY)))
        .order_by()
    )
    by_status: dict[int, dict[str, int]] = {}
    risky: dict[int, int] = {}
    for store_id, status, orders, at_risk_here in rows:
        by_status.setdefault(store_id, {})[status] = orders
        risky[store_id] = risky.get(store_id, 0) + at_risk_here
    return {store_id: OpenOrders(statuses, risky[store_id]) for store_id, statuses in by_status.items()}


@dataclass(frozen=True)
class WaitForWork:
    """Minutes from reception to the first work start over a period's orders (None when no work started)."""

    orders: int = 0
    average_minutes: Decimal | None = None
    median_minutes: Decimal | None = None


def wait_for_work(stores, start: datetime, end: datetime) -> dict[int, WaitForWork]:
    """Store id → the wait from reception to work start of the orders whose work started in [start, end); two
    queries, the second reading at most the two middle orders of each store."""
    started = RepairOrder.objects.filter(
        store__in=stores, work_started_at__gte=start, work_started_at__lt=end, opened_at__lte=F("work_started_at")
    ).order_by()
    totals = {
        row["store"]: row
        for row in started.values("store").annotate(orders=Count("pk"), waited=Sum(WAIT_FOR_WORK)).order_by()
    }
    by_position = Window(RowNumber(), partition_by=F("store"), order_by=[WAIT_FOR_WORK.asc(), F("pk").asc()])
    middle = started.annotate(position=by_position, wait=WAIT_FOR_WORK)
    middle_waits: dict[int, list[timedelta]] = {}
    middle_rows = middle.filter(position__in=_middle_positions(totals)).values_list("store", "position", "wait")
    for store_id, position, wait in middle_rows:
        if position in _middle_of(totals[store_id]["orders"]):
            middle_waits.setdefault(store_id, []).append(wait)
    return {
        store_id: WaitForWork(
            orders=row["orders"],
            average_minutes=_minutes(row["waited"] / row["orders"]),
            median_minutes=_minutes(sum(middle_waits[store_id], timedelta()) / len(middle_waits[store_id])),
        )
        for store_id, row in totals.items()
    }


def wait_for_work_today(stores, now: datetime) -> dict[int, WaitForWork]:
    return wait_for_work(stores, *calendar.day_bounds(timezone.localdate(now)))


def wait_for_work_in(stores, month: date) -> dict[int, WaitForWork]:
    return wait_for_work(stores, *calendar.month_bounds(month))


def _middle_of(count: int) -> set[int]:
    """The positions (from 1) a median averages: the middle one of an odd count, the middle two of an even one."""
    return {(count + 1) // 2, count // 2 + 1}


def _middle_positions(totals: dict) -> set[int]:
    return {position for row in totals.values() for position in _middle_of(row["orders"])}


def _minutes(wait: timedelta) -> Decimal:
    return (Decimal(wait.total_seconds()) / 60).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class AppointmentShare:
    """Of a month's repair orders, those received from an appointment that counts as one (booked ≥ the policy's
    lead time before the slot, seed 000; flagging it fake takes that away)."""

    orders: int = 0
    from_appointments: int = 0

    @property
    def percent(self) -> Decimal | None:
        if not self.orders:
            return None
        return (Decimal(100 * self.from_appointments) / self.orders).quantize(Decimal("0.1"), ROUND_HALF_UP)


def appointment_share(stores, month: date) -> dict[int, AppointmentShare]:
    """Store id → the appointment share of the orders opened in the month of `month` (local time), cancelled
    orders left out; one query."""
    start, end = calendar.month_bounds(month)
    rows = (
        RepairOrder.objects.filter(store__in=stores, opened_at__gte=start, opened_at__lt=end)
        .exclude(status=Status.CANCELLED)
        .values("store")
        .annotate(orders=Count("pk"), from_appointments=Count("pk", filter=Q(appointment__counts_as_appointment=True)))
        .order_by()
    )
    return {row.pop("store"): AppointmentShare(**row) for row in rows}
