"""The parts requisition (领料单) rules and the promised-time risk of the workshop board."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from aftersales import workshop
from aftersales.models import RepairOrder, RequisitionLine
from organization.policies import current_policy
from organization.roles import Role
from tests.factories import PartPriceFactory, RepairOrderFactory, RequisitionLineFactory

pytestmark = pytest.mark.django_db
Status = RepairOrder.Status


def order_in(status, store, **fields):
    order = RepairOrderFactory(vehicle__owner__store=store, **fields)
    RepairOrder.objects.filter(pk=order.pk).update(status=status)
    order.refresh_from_db()
    return order


def test_the_technician_on_the_order_and_an_advisor_request_parts_while_it_is_in_progress(store, staff):
    technician, advisor = staff(Role.TECHNICIAN), staff(Role.SERVICE_ADVISOR)
    order = order_in(Status.IN_PROGRESS, store, technician=technician)
    part = PartPriceFactory(store=store)
    first = workshop.request_part(order, part=part, quantity=Decimal("2"), by=technician)
    second = workshop.request_part(order, part=part, quantity=Decimal("1"), by=advisor)
    assert [(line.requested_by, line.quantity, line.issued_at) for line in (first, second)] == [
        (technician, Decimal("2"), None),
        (advisor, Decimal("1"), None),
    ]


def test_another_technician_parts_staff_and_qc_do_not_request_parts(store, staff):
    order = order_in(Status.IN_PROGRESS, store, technician=staff(Role.TECHNICIAN))
    part = PartPriceFactory(store=store)
    for person in (staff(Role.TECHNICIAN), staff(Role.PARTS_STAFF), staff(Role.QC_INSPECTOR)):
        with pytest.raises(PermissionDenied):
            workshop.request_part(order, part=part, quantity=Decimal("1"), by=person)
    assert not RequisitionLine.objects.exists()


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SIGNED, Status.QC, Status.READY, Status.SETTLED])
def test_parts_are_requested_only_in_progress(store, staff, status):
    advisor = staff(Role.SERVICE_ADVISOR)
    order = order_in(status, store)
    with pytest.raises(ValidationError) as refused:
        workshop.request_part(order, part=PartPriceFactory(store=store), quantity=Decimal("1"), by=advisor)
    assert refused.value.code == "wrong_status"


def test_a_part_of_another_store_an_inactive_part_or_no_quantity_is_refused(store, other_store, staff):
    advisor = staff(Role.SERVICE_ADVISOR)
    order = order_in(Status.IN_PROGRESS, store)
    for part in (PartPriceFactory(store=other_store), PartPriceFactory(store=store, active=False)):
        with pytest.raises(ValidationError) as refused:
            workshop.request_part(order, part=part, quantity=Decimal("1"), by=advisor)
        assert refused.value.code == "other_store_part"
    with pytest.raises(ValidationError) as refused:
        workshop.request_part(order, part=PartPriceFactory(store=store), quantity=Decimal("0"), by=advisor)
    assert refused.value.code == "quantity"
    assert not RequisitionLine.objects.exists()


def test_parts_staff_issue_a_line_once(store, staff):
    parts_staff = staff(Role.PARTS_STAFF)
    line = RequisitionLineFactory(order=order_in(Status.IN_PROGRESS, store))
    workshop.issue_part(line, by=parts_staff)
    line.refresh_from_db()
    assert line.issued_by == parts_staff and line.issued_at
    with pytest.raises(ValidationError) as refused:
        workshop.issue_part(line, by=parts_staff)
    assert refused.value.code == "issued"


def test_only_parts_staff_issue_and_not_after_settlement(store, staff):
    line = RequisitionLineFactory(order=order_in(Status.IN_PROGRESS, store))
    for person in (staff(Role.TECHNICIAN), staff(Role.SERVICE_ADVISOR), staff(Role.GENERAL_MANAGER)):
        with pytest.raises(PermissionDenied):
            workshop.issue_part(line, by=person)
    settled = RequisitionLineFactory(order=order_in(Status.SETTLED, store))
    with pytest.raises(ValidationError) as refused:
        workshop.issue_part(settled, by=staff(Role.PARTS_STAFF))
    assert refused.value.code == "wrong_status"
    assert not RequisitionLine.objects.filter(issued_at__isnull=False).exists()


def test_a_promise_is_at_risk_within_the_margin_or_past():
    now = timezone.now()
    margin = timedelta(minutes=30)
    assert workshop.promise_at_risk(now + margin, now=now, margin=margin)
    assert not workshop.promise_at_risk(now + margin + timedelta(seconds=1), now=now, margin=margin)
    assert workshop.promise_at_risk(now - timedelta(hours=2), now=now, margin=margin)


def test_the_margin_is_a_policy_value_of_30_minutes_by_default(store):
    assert current_policy(store).value(workshop.PROMISE_AT_RISK) == timedelta(minutes=30)
