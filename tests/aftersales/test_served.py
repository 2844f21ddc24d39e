"""Vehicles served per staff member and month (aftersales.served), for the complaints issue's allowances."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from aftersales.models import RepairOrder
from aftersales.served import vehicles_served
from organization.roles import Role
from tests.factories import RepairOrderFactory

pytestmark = pytest.mark.django_db


def delivered(advisor, at, status=RepairOrder.Status.DELIVERED):
    order = RepairOrderFactory(store=advisor.store, vehicle__store=advisor.store, advisor=advisor)
    RepairOrder.objects.filter(pk=order.pk).update(status=status, delivered_at=at, delivered_by=advisor)


def local(*args):
    return datetime(*args, tzinfo=timezone.get_current_timezone())


def test_orders_delivered_in_the_local_month_count_for_whoever_delivered_them(staff, django_assert_num_queries):
    first, second = staff(Role.SERVICE_ADVISOR), staff(Role.SERVICE_ADVISOR)
    delivered(first, local(2026, 11, 1, 0, 5))  # 16:05 UTC the day before: November in Shanghai
    delivered(first, local(2026, 11, 30, 23, 55))
    delivered(second, local(2026, 11, 15, 10))
    delivered(second, local(2026, 12, 1, 0, 0))  # next month
    delivered(second, local(2026, 10, 31, 23, 59))  # last month
    delivered(first, local(2026, 11, 20, 10), status=RepairOrder.Status.SETTLED)  # not handed back yet
    with django_assert_num_queries(1):
        served = vehicles_served(first.store, date(2026, 11, 17))
    assert served == {first.pk: 2, second.pk: 1}


def test_december_counts_up_to_the_new_year_and_other_stores_do_not_count(staff):
    advisor = staff(Role.SERVICE_ADVISOR)
    delivered(advisor, local(2026, 12, 31, 23, 59))
    delivered(advisor, local(2027, 1, 1, 0, 0))
    assert vehicles_served(advisor.store, date(2026, 12, 1)) == {advisor.pk: 1}
    assert vehicles_served(RepairOrderFactory().store, date(2026, 12, 1)) == {}


def test_technicians_count_the_orders_they_worked_on_and_qc_the_orders_they_passed(staff, django_assert_num_queries):
    """SPEC section 5: vehicles served are the orders an advisor delivered, a technician worked on, QC passed."""
    advisor, technician, inspector = staff(Role.SERVICE_ADVISOR), staff(Role.TECHNICIAN), staff(Role.QC_INSPECTOR)
    order = RepairOrderFactory(store=advisor.store, vehicle__store=advisor.store, advisor=advisor)
    RepairOrder.objects.filter(pk=order.pk).update(
        status=RepairOrder.Status.DELIVERED,
        delivered_at=local(2026, 11, 20, 16),
        delivered_by=advisor,
        technician=technician,
    )
    order.inspections.create(passed=False, notes="异响", inspector=inspector, inspected_at=local(2026, 11, 20, 11))
    order.inspections.create(passed=True, inspector=inspector, inspected_at=local(2026, 11, 20, 14))
    ready = RepairOrderFactory(store=advisor.store, vehicle__store=advisor.store, advisor=advisor)
    RepairOrder.objects.filter(pk=ready.pk).update(status=RepairOrder.Status.READY, technician=technician)
    ready.inspections.create(passed=True, inspector=inspector, inspected_at=local(2026, 11, 25, 9))
    with django_assert_num_queries(1):
        served = vehicles_served(advisor.store, date(2026, 11, 1))
    # the technician's second order is not handed back yet; QC passed both, the failed inspection adds nothing
    assert served == {advisor.pk: 1, technician.pk: 1, inspector.pk: 2}
