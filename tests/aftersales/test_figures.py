"""The reception's and the workshop's dashboard figures (aftersales.figures): literal figures, every store at once."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from aftersales import figures
from aftersales.models import Appointment, RepairOrder
from organization.policies import current_policy, revise_policy
from tests.factories import AppointmentFactory, RepairOrderFactory, StoreFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 17, 10, 0, tzinfo=SHANGHAI)
Status = RepairOrder.Status


def local(*args):
    return datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture
def at_ten(time_machine):
    time_machine.move_to(NOW, tick=False)


def appointment(store, slot, status=Appointment.Status.BOOKED, *, counts=True):
    return AppointmentFactory(
        store=store, vehicle__store=store, slot_start=slot, status=status, counts_as_appointment=counts
    )


def order(store, status=Status.DRAFT, **fields):
    fields.setdefault("opened_at", local(2026, 11, 17, 8, 0))
    return RepairOrderFactory(store=store, vehicle__store=store, status=status, **fields)


def started(store, opened_at, waited_minutes):
    return order(
        store, Status.IN_PROGRESS, opened_at=opened_at, work_started_at=opened_at + timedelta(minutes=waited_minutes)
    )


def test_todays_appointments_have_arrived_or_are_still_to_come(store, other_store, at_ten, django_assert_num_queries):
    appointment(store, local(2026, 11, 17, 0, 0))  # the first moment of today
    appointment(store, local(2026, 11, 17, 14, 0), Appointment.Status.CONFIRMED)
    appointment(store, local(2026, 11, 17, 15, 0))
    appointment(store, local(2026, 11, 17, 9, 0), Appointment.Status.ARRIVED)
    appointment(store, local(2026, 11, 17, 8, 0), Appointment.Status.COMPLETED)  # received into an order
    appointment(store, local(2026, 11, 17, 8, 30), Appointment.Status.NO_SHOW)
    appointment(store, local(2026, 11, 17, 11, 0), Appointment.Status.CANCELLED)
    appointment(store, local(2026, 11, 16, 23, 59))  # yesterday
    appointment(store, local(2026, 11, 18, 0, 0))  # tomorrow
    appointment(other_store, local(2026, 11, 17, 9, 0))
    with django_assert_num_queries(1):
        today = figures.appointments_today([store, other_store], NOW)
    assert today[store.pk] == figures.AppointmentsToday(arrived=2, to_come=3, no_show=1)
    assert today[store.pk].booked == 5
    assert today[other_store.pk] == figures.AppointmentsToday(to_come=1)


def test_open_orders_by_status_and_promises_at_risk_within_each_stores_margin(
    store, other_store, at_ten, django_assert_num_queries
):
    """The default margin is 30 minutes; the other store's GM set 60."""
    revise_policy(current_policy(other_store), {"workshop.promise_at_risk_minutes": "60"}, by=None, note="test")
    order(store, Status.DRAFT, promised_at=local(2026, 11, 17, 10, 30))  # exactly at the margin: at risk
    order(store, Status.SIGNED, promised_at=local(2026, 11, 17, 10, 31))  # a minute beyond it
    order(store, Status.IN_PROGRESS, promised_at=local(2026, 11, 17, 9, 0))  # past
    order(store, Status.QC, promised_at=local(2026, 11, 17, 10, 10))
    order(store, Status.READY, promised_at=local(2026, 11, 17, 9, 0))  # past, but the car is ready
    order(store, Status.SETTLED, promised_at=local(2026, 11, 17, 9, 0))
    order(store, Status.DELIVERED, promised_at=local(2026, 11, 17, 9, 0))
    order(store, Status.CANCELLED, promised_at=local(2026, 11, 17, 9, 0))
    order(other_store, Status.IN_PROGRESS, promised_at=local(2026, 11, 17, 10, 45))  # within its 60 minutes
    order(other_store, Status.IN_PROGRESS, promised_at=local(2026, 11, 17, 11, 1))
    with django_assert_num_queries(3):
        open_now = figures.open_orders([store, other_store], NOW)
    mine = open_now[store.pk]
    assert mine.by_status == {"draft": 1, "signed": 1, "in_progress": 1, "qc": 1, "ready": 1, "settled": 1}
    assert (mine.total, mine.at_risk) == (6, 3)
    assert open_now[other_store.pk] == figures.OpenOrders({"in_progress": 2}, 1)


def test_wait_for_work_averages_and_takes_the_median_of_orders_started_today(store, other_store, at_ten):
    for minutes in (10, 20, 40, 90):
        started(store, local(2026, 11, 17, 8, 0), minutes)
    started(store, local(2026, 11, 16, 23, 50), 15)  # received yesterday, work started today: counts today
    started(store, local(2026, 11, 16, 20, 0), 30)  # started yesterday
    order(store, Status.SIGNED)  # waiting for a technician: no wait known yet
    started(other_store, local(2026, 11, 17, 8, 0), 7.5)
    today = figures.wait_for_work_today([store, other_store], NOW)
    # 10, 15, 20, 40, 90: mean 35, median 20
    assert today[store.pk] == figures.WaitForWork(5, Decimal("35.0"), Decimal("20.0"))
    assert today[other_store.pk] == figures.WaitForWork(1, Decimal("7.5"), Decimal("7.5"))


def test_an_even_count_takes_the_mean_of_the_middle_two_and_the_month_runs_in_local_time(store, at_ten):
    started(store, local(2026, 11, 1, 0, 0), 100)  # the month's first moment
    started(store, local(2026, 11, 10, 9, 0), 5)
    started(store, local(2026, 11, 17, 8, 0), 20)
    started(store, local(2026, 11, 30, 23, 0), 45)
    started(store, local(2026, 10, 31, 23, 0), 59)  # started 23:59 on 31 October
    started(store, local(2026, 11, 30, 23, 30), 31)  # started 00:01 on 1 December
    month = figures.wait_for_work_in([store], date(2026, 11, 1))
    # 5, 20, 45, 100: mean 42.5, median (20 + 45) / 2
    assert month[store.pk] == figures.WaitForWork(4, Decimal("42.5"), Decimal("32.5"))


def test_wait_for_work_costs_two_queries_for_one_store_or_ten(store, at_ten, django_assert_num_queries):
    started(store, local(2026, 11, 17, 8, 0), 12)
    with django_assert_num_queries(2):
        assert figures.wait_for_work_today([store], NOW)[store.pk].median_minutes == Decimal("12.0")
    stores = [store] + [StoreFactory() for _ in range(9)]
    for other in stores[1:]:
        for minutes in (1, 2, 3):
            started(other, local(2026, 11, 17, 8, 0), minutes)
    with django_assert_num_queries(2):
        today = figures.wait_for_work_today(stores, NOW)
    assert [today[other.pk].median_minutes for other in stores] == [Decimal("12.0")] + [Decimal("2.0")] * 9


def test_appointment_share_counts_only_appointments_that_count_as_one(store, other_store, django_assert_num_queries):
    november = local(2026, 11, 5, 9, 0)
    for _ in range(3):
        order(store, opened_at=november, appointment=appointment(store, november))
    order(store, opened_at=november, appointment=appointment(store, november, counts=False))  # booked too late
    fake = appointment(store, november, counts=False)
    Appointment.objects.filter(pk=fake.pk).update(fake_flagged_at=november)  # flag_fake clears counts_as_appointment
    order(store, opened_at=november, appointment=fake)
    for _ in range(3):
        order(store, opened_at=november)  # walk-ins
    order(store, Status.CANCELLED, opened_at=november, appointment=appointment(store, november))
    order(store, opened_at=local(2026, 12, 1, 0, 0), appointment=appointment(store, local(2026, 12, 1, 9)))
    order(store, opened_at=local(2026, 10, 31, 23, 59), appointment=appointment(store, local(2026, 10, 31, 9)))
    order(store, opened_at=local(2026, 10, 20, 9, 0))
    with django_assert_num_queries(1):
        shares = figures.appointment_share([store, other_store], date(2026, 11, 1))
    assert shares[store.pk] == figures.AppointmentShare(orders=8, from_appointments=3)
    assert shares[store.pk].percent == Decimal("37.5")
    assert other_store.pk not in shares
    assert figures.appointment_share([store], date(2026, 10, 1))[store.pk].percent == Decimal("50.0")
    assert figures.AppointmentShare().percent is None
