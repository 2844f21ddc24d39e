"""Seed 000's allowances and the recorded fines per person and month, with literal figures (SPEC section 5)."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from aftersales.models import RepairOrder
from complaints import handling
from complaints.models import Complaint, Fine, Severity
from complaints.penalties import monthly_penalties
from organization.roles import Role
from tests.factories import (
    AppealFactory,
    ComplaintFactory,
    RepairOrderFactory,
    VehicleFactory,
    VehicleSaleFactory,
)

OCTOBER = date(2026, 10, 1)


def local(*args):
    return datetime(*args, tzinfo=timezone.get_current_timezone())


def serve(advisor, n, **roles):
    """`n` repair orders handed back by `advisor` in October (technician/QC as given)."""
    vehicle = VehicleFactory(store=advisor.store, owner__store=advisor.store)
    orders = RepairOrderFactory.create_batch(n, store=advisor.store, vehicle=vehicle, advisor=advisor)
    RepairOrder.objects.filter(pk__in=[o.pk for o in orders]).update(
        status=RepairOrder.Status.DELIVERED,
        delivered_at=local(2026, 10, 15, 16),
        delivered_by=advisor,
        technician=roles.get("technician"),
    )
    return orders


def complain(person, *, loss=Complaint.Loss.NONE, category=Complaint.Category.VALID, severity=Severity.GENERAL, **more):
    complaint = ComplaintFactory(
        customer__store=person.store,
        raised_at=local(2026, 10, 20, 10),
        loss=loss,
        category=category,
        severity=severity,
        **more,
    )
    complaint.at_fault.add(person)
    return complaint


def row_of(person, month=OCTOBER):
    return next(row for row in monthly_penalties(person.store, month) if row.person == person)


@pytest.fixture
def advisor(staff):
    return staff(Role.SERVICE_ADVISOR, name="顾问小张")


def test_49_vehicles_and_one_implicit_loss_complaint_cost_50(advisor):
    serve(advisor, 49)
    complain(advisor, loss=Complaint.Loss.IMPLICIT)
    row = row_of(advisor)
    assert (row.served, row.implicit_loss, row.implicit_allowed) == (49, 1, 0)
    assert row.allowance_fine == Decimal("50") and row.total == Decimal("50")


def test_100_vehicles_allow_three_vague_complaints_the_fourth_costs_50(advisor):
    serve(advisor, 100)
    for _ in range(3):
        complain(advisor, category=Complaint.Category.VAGUE)
    row = row_of(advisor)
    assert (row.served, row.vague, row.vague_allowed, row.allowance_fine) == (100, 3, 3, Decimal("0"))
    complain(advisor, category=Complaint.Category.VAGUE)
    assert row_of(advisor).allowance_fine == Decimal("50")


def test_a_grumble_of_the_category_valid_complaint_is_not_a_vague_one(advisor):
    serve(advisor, 10)
    complain(advisor, severity=Severity.GRUMBLE, category=Complaint.Category.VALID)
    row = row_of(advisor)
    assert (row.complaints, row.vague, row.allowance_fine) == (1, 0, Decimal("0"))


def test_a_second_round_counts_once(advisor):
    serve(advisor, 10)
    first = complain(advisor, loss=Complaint.Loss.IMPLICIT)
    second = ComplaintFactory(
        customer=first.customer,
        first_round=first,
        round=2,
        raised_at=local(2026, 10, 25, 9),
        loss=Complaint.Loss.IMPLICIT,
    )
    second.at_fault.add(advisor)
    row = row_of(advisor)
    assert (row.complaints, row.implicit_loss, row.allowance_fine) == (1, 1, Decimal("50"))


def test_an_upheld_appeal_removes_its_fines(advisor, staff):
    gm = staff(Role.GENERAL_MANAGER, name="总经理")
    serve(advisor, 49)
    complaint = complain(advisor, loss=Complaint.Loss.IMPLICIT)
    Fine.objects.create(
        store=advisor.store,
        person=advisor,
        complaint=complaint,
        kind=Fine.Kind.OFFENCE,
        amount=Decimal("50"),
        month=OCTOBER,
        recorded_by=gm,
    )
    assert row_of(advisor).total == Decimal("100")
    appeal = AppealFactory(complaint=complaint, appellant=advisor, status="with_gm")
    handling.rule_appeal(
        appeal, by=gm, expected_version=appeal.row_version, upheld=True, ruling="不是顾问的责任", signature="总经理"
    )
    row = row_of(advisor)
    assert (row.complaints, row.allowance_fine, row.fines, row.total) == (0, Decimal("0"), {}, Decimal("0"))


def test_each_role_counts_its_own_vehicles_served(advisor, staff):
    technician, inspector, consultant = staff(Role.TECHNICIAN), staff(Role.QC_INSPECTOR), staff(Role.SALES_CONSULTANT)
    orders = serve(advisor, 3, technician=technician)
    orders[0].inspections.create(passed=True, inspector=inspector, inspected_at=local(2026, 10, 15, 11))
    orders[1].inspections.create(passed=False, inspector=inspector, inspected_at=local(2026, 10, 15, 11))
    for day in (3, 30):
        VehicleSaleFactory(vehicle__store=advisor.store, consultant=consultant, delivered_at=local(2026, 10, day, 12))
    VehicleSaleFactory(vehicle__store=advisor.store, consultant=consultant, delivered_at=local(2026, 11, 1, 0, 1))
    served = {row.person: row.served for row in monthly_penalties(advisor.store, OCTOBER)}
    assert served == {advisor: 3, technician: 3, inspector: 1, consultant: 2}


def test_the_page_shows_the_store_to_the_gm_a_department_to_its_head_and_the_rest_their_own_row(cast, client_of):
    for person in (cast.technician, cast.advisor):
        complain(person, loss=Complaint.Loss.IMPLICIT)

    def shown(user):
        response = client_of(user).get(reverse("complaints:penalties"), {"month": "2026-10"})
        assert response.status_code == 200
        return {row.person for row, _offences, _dismissal in response.context["rows"]}

    assert shown(cast.gm) == shown(cast.manager) == {cast.technician, cast.advisor}
    assert shown(cast.workshop_head) == {cast.technician}
    assert shown(cast.advisor) == {cast.advisor}
    assert shown(cast.customer_service) == set()
    assert client_of(cast.gm).get(reverse("complaints:penalties"), {"month": "2026-13"}).status_code == 422


def test_the_page_keeps_its_query_count_from_1_to_30_staff(cast, staff, client_of):
    client = client_of(cast.gm)
    client.get(reverse("complaints:penalties"))

    def page():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("complaints:penalties"), {"month": "2026-10"})
        return len(response.context["rows"]), len(queries)

    serve(cast.advisor, 2, technician=cast.technician)
    complain(cast.advisor, loss=Complaint.Loss.IMPLICIT)
    rows_one, at_one = page()
    for n in range(28):
        complain(staff(Role.TECHNICIAN, name=f"技师{n:02d}"), category=Complaint.Category.VAGUE)
    rows_thirty, at_thirty = page()
    assert (rows_one, rows_thirty) == (2, 30)
    assert at_thirty == at_one
