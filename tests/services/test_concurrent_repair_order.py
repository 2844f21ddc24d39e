"""Two people change one repair order at once (PostgreSQL): one wins, the other gets the concurrent-edit message."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from aftersales import repair_orders
from aftersales.models import RepairOrder, RepairOrderLine
from organization.roles import Role
from tests.factories import RepairOrderFactory, RepairOrderLineFactory
from tests.services.conftest import require_postgresql

pytestmark = [pytest.mark.services, pytest.mark.usefixtures("reference_data")]


def race(*steps) -> list[str]:
    """Run each step in its own thread and connection, released together; each reports 'done' or its error code."""
    barrier = threading.Barrier(len(steps))
    outcomes = []

    def run(step):
        barrier.wait()
        try:
            step()
            outcomes.append("done")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=[step]) for step in steps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


@pytest.fixture
def draft(store, staff):
    require_postgresql()
    advisor = staff(Role.SERVICE_ADVISOR)
    order = RepairOrderFactory(store=store, vehicle__owner__store=store, advisor=advisor)
    RepairOrderLineFactory(order=order)
    order.refresh_from_db()
    return order


def test_two_advisors_signing_the_same_order_at_once_one_wins(draft, staff):
    desks = [staff(Role.SERVICE_ADVISOR) for _ in range(2)]
    seen = draft.row_version

    def sign(by):
        return lambda: repair_orders.sign(
            RepairOrder.objects.get(pk=draft.pk), customer_name="张伟", by=by, expected_version=seen
        )

    assert race(*(sign(desk) for desk in desks)) == ["concurrent_edit", "done"]
    assert draft.steps.filter(action="sign").count() == 1


def test_adding_a_line_while_the_customer_signs_one_wins(draft, staff):
    advisor, manager = draft.advisor, staff(Role.AFTER_SALES_MANAGER)
    seen = draft.row_version

    def sign():
        repair_orders.sign(
            RepairOrder.objects.get(pk=draft.pk), customer_name="张伟", by=advisor, expected_version=seen
        )

    def add():
        line = RepairOrderLine(kind=RepairOrderLine.Kind.PART, description="机滤", unit_price=88)
        repair_orders.add_line(RepairOrder.objects.get(pk=draft.pk), line, by=manager, expected_version=seen)

    assert race(sign, add) == ["concurrent_edit", "done"]
    draft.refresh_from_db()
    if draft.status == RepairOrder.Status.SIGNED:  # the signed estimate is the lines the customer saw
        assert draft.lines.count() == 1 and draft.estimate == draft.lines.get().list_amount
    else:
        assert draft.lines.count() == 2
