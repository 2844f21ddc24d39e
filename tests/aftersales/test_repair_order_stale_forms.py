"""A change to an order's lines makes every form opened before it stale, so nobody signs an estimate they never saw."""

import pytest
from django.core.exceptions import ValidationError

from aftersales import repair_orders
from aftersales.models import ChangeRequest, RepairOrder, RepairOrderLine
from organization.roles import Role
from tests.factories import RepairOrderFactory, RepairOrderLineFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def advisor(staff):
    return staff(Role.SERVICE_ADVISOR)


def draft(advisor):
    order = RepairOrderFactory(store=advisor.store, vehicle__owner__store=advisor.store, advisor=advisor)
    RepairOrderLineFactory(order=order)
    order.refresh_from_db()
    return order


def test_signing_after_a_colleague_added_a_line_is_a_concurrent_edit(advisor):
    order = draft(advisor)
    seen = order.row_version
    line = RepairOrderLine(kind=RepairOrderLine.Kind.PART, description="机滤", unit_price=88)
    repair_orders.add_line(RepairOrder.objects.get(pk=order.pk), line, by=advisor, expected_version=seen)
    with pytest.raises(ValidationError) as refused:
        repair_orders.sign(order, customer_name="张伟", by=advisor, expected_version=seen)
    assert refused.value.code == "concurrent_edit"
    order.refresh_from_db()
    assert order.status == RepairOrder.Status.DRAFT


def test_signing_after_a_colleague_removed_a_line_is_a_concurrent_edit(advisor):
    order = draft(advisor)
    RepairOrderLineFactory(order=order)
    seen = order.row_version
    repair_orders.remove_line(
        RepairOrder.objects.get(pk=order.pk), order.lines.first(), by=advisor, expected_version=seen
    )
    with pytest.raises(ValidationError) as refused:
        repair_orders.sign(order, customer_name="张伟", by=advisor, expected_version=seen)
    assert refused.value.code == "concurrent_edit"


def test_a_declined_change_makes_forms_opened_before_it_stale(advisor):
    order = draft(advisor)
    repair_orders.sign(order, customer_name="张伟", by=advisor, expected_version=order.row_version)
    change = repair_orders.request_change(
        order,
        reason="刹车片磨损",
        lines=[RepairOrderLine(kind="part", description="刹车片", unit_price=300)],
        by=advisor,
        expected_version=order.row_version,
    )
    seen = order.row_version
    repair_orders.decide_change(
        change,
        approved=False,
        customer_name="张伟",
        how=ChangeRequest.ApprovedHow.PHONE,
        by=advisor,
        expected_version=seen,
    )
    with pytest.raises(ValidationError) as refused:
        repair_orders.request_change(
            order,
            reason="再问一次",
            new_promised_at=None,
            lines=[RepairOrderLine(kind="part", description="刹车片", unit_price=300)],
            by=advisor,
            expected_version=seen,
        )
    assert refused.value.code == "concurrent_edit"
