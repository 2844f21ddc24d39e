"""The dashboards' complaint figures (complaints/figures.py): literal figures for two stores, each in one query where
the function reads one table (SPEC section 6)."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from aftersales.models import RepairOrder
from complaints import figures
from complaints.models import Breach, Complaint, Fine, Milestone, Severity, Stage
from organization.roles import Role
from tests.factories import ComplaintFactory, RepairOrderFactory, VehicleFactory

Kind = Milestone.Kind
OCTOBER = date(2026, 10, 1)


def local(*args):
    return datetime(*args, tzinfo=timezone.get_current_timezone())


NOW = local(2026, 10, 20, 15, 0)


def complaint(store, *, stage=Stage.HANDLING, severity=Severity.GENERAL, raised_at=None, **more):
    return ComplaintFactory(
        customer__store=store, stage=stage, severity=severity, raised_at=raised_at or NOW - timedelta(hours=3), **more
    )


def milestone(complaint, kind, due_at, *, met_at=None, **more):
    return Milestone.objects.create(
        store=complaint.store,
        complaint=complaint,
        kind=kind,
        sequence=10,
        owner_role="部门经理",
        anchor="raised",
        due_at=due_at,
        met_at=met_at,
        **more,
    )


def breach(milestone):
    return Breach.objects.create(
        store=milestone.store,
        milestone=milestone,
        complaint=milestone.complaint,
        due_at=milestone.due_at,
        noticed_at=milestone.due_at + timedelta(minutes=1),
        charged_role="部门经理",
    )


def next_round(first, *, raised_at, **more):
    return ComplaintFactory(
        customer=first.customer, first_round=first, previous_round=first, round=2, raised_at=raised_at, **more
    )


def test_open_complaints_by_stage_and_severity_leave_out_archived_and_objected_forms(
    store, other_store, django_assert_num_queries
):
    complaint(store, stage=Stage.HANDLING, severity=Severity.MAJOR)
    complaint(store, stage=Stage.HANDLING, severity=Severity.MAJOR)
    complaint(store, stage=Stage.LOGGED, severity=Severity.GRUMBLE)
    complaint(store, stage=Stage.ARCHIVED, severity=Severity.MAJOR)
    complaint(store, stage=Stage.OBJECTED, severity=Severity.MAJOR)
    complaint(other_store, stage=Stage.CALLBACK, severity=Severity.GENERAL)

    with django_assert_num_queries(1):
        counts = figures.open_by_stage_and_severity([store, other_store])
    with django_assert_num_queries(1):
        totals = figures.open_complaints([store, other_store])

    assert counts == {
        store.pk: {(Stage.HANDLING, Severity.MAJOR): 2, (Stage.LOGGED, Severity.GRUMBLE): 1},
        other_store.pk: {(Stage.CALLBACK, Severity.GENERAL): 1},
    }
    assert totals == {store.pk: 3, other_store.pk: 1}


def test_overdue_means_an_unmet_milestone_past_due_and_breached_a_breach_recorded_on_an_open_complaint(
    store, other_store, django_assert_num_queries
):
    overdue = complaint(store)
    milestone(overdue, Kind.FIRST_CONTACT, NOW - timedelta(hours=1))
    on_time = complaint(store)
    milestone(on_time, Kind.FIRST_CONTACT, NOW - timedelta(hours=1), met_at=NOW - timedelta(hours=2))
    milestone(on_time, Kind.AGREEMENT, NOW + timedelta(hours=1))
    late_but_met = complaint(store)
    breach(milestone(late_but_met, Kind.FIRST_CONTACT, NOW - timedelta(hours=3), met_at=NOW - timedelta(hours=1)))
    both = complaint(store)
    breach(milestone(both, Kind.FIRST_CONTACT, NOW - timedelta(hours=3)))
    milestone(both, Kind.AGREEMENT, NOW - timedelta(hours=2))  # a second overdue milestone: still one complaint
    cancelled = complaint(store)
    milestone(cancelled, Kind.HANDLED, NOW - timedelta(hours=1), cancelled_at=NOW - timedelta(hours=2))
    archived = complaint(store, stage=Stage.ARCHIVED)
    breach(milestone(archived, Kind.ARCHIVE, NOW - timedelta(hours=1)))
    milestone(complaint(other_store), Kind.FIRST_CONTACT, NOW - timedelta(minutes=1))

    with django_assert_num_queries(1):
        late = figures.late_open_complaints([store, other_store], NOW)

    assert late == {
        store.pk: figures.Lateness(overdue=2, breached=2),
        other_store.pk: figures.Lateness(overdue=1, breached=0),
    }


def test_breaches_count_in_the_local_month_they_fell_due(store, other_store, django_assert_num_queries):
    for due in (local(2026, 10, 1, 0, 5), local(2026, 10, 31, 23, 30), local(2026, 9, 30, 23, 50)):
        breach(milestone(complaint(store, stage=Stage.ARCHIVED), Kind.FIRST_CONTACT, due))
    breach(milestone(complaint(store), Kind.HANDLED, local(2026, 11, 1, 0, 10)))
    breach(milestone(complaint(other_store), Kind.HANDLED, local(2026, 10, 10, 10)))

    with django_assert_num_queries(1):
        assert figures.breaches_in_month([store, other_store], OCTOBER) == {store.pk: 2, other_store.pk: 1}


def test_complaints_raised_count_each_chain_once_in_its_first_rounds_month(
    store, other_store, django_assert_num_queries
):
    first = complaint(store, raised_at=local(2026, 10, 1, 0, 5))
    next_round(first, raised_at=local(2026, 10, 12, 9))
    complaint(store, raised_at=local(2026, 10, 31, 23, 30))
    september = complaint(store, raised_at=local(2026, 9, 30, 23, 50))
    next_round(september, raised_at=local(2026, 10, 3, 10))
    complaint(store, raised_at=local(2026, 11, 1, 0, 10))
    complaint(other_store, raised_at=local(2026, 10, 10, 10))

    with django_assert_num_queries(1):
        assert figures.complaints_raised([store, other_store], OCTOBER) == {store.pk: 2, other_store.pk: 1}


def test_top_root_causes_count_the_latest_rounds_cause_most_first(store, other_store, django_assert_num_queries):
    C = Complaint.RootCause
    october = local(2026, 10, 10, 10)
    for cause in [C.PROCESS] * 3 + [C.PRODUCT_QUALITY] * 2 + [C.OTHER, C.VEHICLE_KNOWLEDGE, ""]:
        complaint(store, raised_at=october, root_cause=cause)
    # Analysed as personal ability in its second round: counts there, not as a process complaint.
    first = complaint(store, raised_at=october, root_cause=C.PROCESS)
    next_round(first, raised_at=local(2026, 10, 15, 10), root_cause=C.PERSONAL_ABILITY)
    complaint(store, raised_at=local(2026, 9, 10, 10), root_cause=C.OTHER)
    complaint(other_store, raised_at=october, root_cause=C.OTHER)

    with django_assert_num_queries(1):
        causes = figures.top_root_causes([store, other_store], OCTOBER, limit=4)

    assert causes == {
        store.pk: [(C.PROCESS, 3), (C.PRODUCT_QUALITY, 2), (C.OTHER, 1), (C.PERSONAL_ABILITY, 1)],
        other_store.pk: [(C.OTHER, 1)],
    }


def test_on_time_rate_per_kind_is_met_by_the_due_time_among_those_due_in_the_month_so_far(
    store, other_store, django_assert_num_queries
):
    due = local(2026, 10, 5, 10)
    for met in (due - timedelta(minutes=1), due, due + timedelta(minutes=1)):
        milestone(complaint(store), Kind.HAND_OVER, due, met_at=met)
    milestone(complaint(store), Kind.FIRST_CONTACT, due)  # never met
    milestone(complaint(store), Kind.FIRST_CONTACT, due, met_at=due, cancelled_at=due)  # a reclassification
    milestone(complaint(store), Kind.FIRST_CONTACT, NOW + timedelta(minutes=5))  # not due yet
    milestone(complaint(store), Kind.FIRST_CONTACT, local(2026, 9, 30, 23), met_at=local(2026, 9, 30, 22))
    milestone(complaint(other_store), Kind.GM_FINAL, due, met_at=due)

    with django_assert_num_queries(1):
        rates = figures.on_time_rates([store, other_store], OCTOBER, NOW)

    assert rates[Kind.HAND_OVER] == {store.pk: Decimal("66.7")}
    assert rates[Kind.FIRST_CONTACT] == {store.pk: Decimal("0.0")}
    assert rates[Kind.GM_FINAL] == {other_store.pk: Decimal("100.0")}
    assert rates[Kind.ARCHIVE] == {}
    assert set(rates) == set(Kind.values)


@pytest.fixture
def penalised(store, staff):
    """October at `store`: an advisor with 20 vehicles served, 2 complaints and a 120.50 fine; a technician with a
    50 fine; a consultant with no vehicles served and a vague complaint beyond the allowance (50)."""
    advisor = staff(Role.SERVICE_ADVISOR, name="顾问小张")
    technician = staff(Role.TECHNICIAN, name="技师小王")
    consultant = staff(Role.SALES_CONSULTANT, name="销售小赵")
    idle = staff(Role.SERVICE_ADVISOR, name="顾问小孙")
    for person, served in ((advisor, 20), (idle, 5)):
        orders = RepairOrderFactory.create_batch(
            served, store=store, vehicle=VehicleFactory(store=store), advisor=person
        )
        RepairOrder.objects.filter(pk__in=[o.pk for o in orders]).update(
            status=RepairOrder.Status.DELIVERED, delivered_at=local(2026, 10, 15, 16), delivered_by=person
        )
    for person, category in ((advisor, Complaint.Category.VALID), (advisor, Complaint.Category.VALID)) + (
        (consultant, Complaint.Category.VAGUE),
    ):
        complaint(store, raised_at=local(2026, 10, 12, 10), category=category).at_fault.add(person)
    for person, amount in ((advisor, "120.50"), (technician, "50")):
        Fine.objects.create(
            store=store,
            person=person,
            kind=Fine.Kind.OFFENCE,
            amount=Decimal(amount),
            month=OCTOBER,
            recorded_by=advisor,
        )
    return advisor, technician, consultant, idle


def test_the_months_fines_are_every_staff_members_total_allowance_fines_included(store, other_store, penalised):
    assert figures.fines_in_month([store, other_store], OCTOBER) == {
        store.pk: Decimal("220.50"),
        other_store.pk: Decimal("0"),
    }


def test_most_fined_staff_come_first_then_the_highest_complaint_rate_and_no_one_without_either(store, penalised):
    advisor, technician, consultant, _idle = penalised

    staff = figures.most_fined_staff([store], OCTOBER, limit=10)[store.pk]

    assert [(row.person, row.served, row.complaints, row.complaint_rate, row.total) for row in staff] == [
        (advisor, 20, 2, Decimal("10.00"), Decimal("120.50")),
        (technician, 0, 0, None, Decimal("50")),
        (consultant, 0, 1, None, Decimal("50")),
    ]
    assert [row.person for row in figures.most_fined_staff([store], OCTOBER, limit=1)[store.pk]] == [advisor]


def test_waiting_for_the_gm_are_open_majors_without_the_instruction_and_unmet_escalations_newest_first(
    store, other_store, django_assert_num_queries
):
    major = complaint(store, severity=Severity.MAJOR, raised_at=NOW - timedelta(hours=5))
    milestone(major, Kind.GM_INSTRUCTION, NOW + timedelta(hours=1))
    escalated = complaint(store, raised_at=NOW - timedelta(hours=2))
    milestone(escalated, Kind.FIRST_CONTACT, NOW - timedelta(hours=1), escalated_at=NOW - timedelta(minutes=5))
    instructed = complaint(store, severity=Severity.MAJOR)
    milestone(instructed, Kind.GM_INSTRUCTION, NOW + timedelta(hours=1), met_at=NOW - timedelta(minutes=5))
    met_after_escalation = complaint(store)
    milestone(met_after_escalation, Kind.FIRST_CONTACT, NOW - timedelta(hours=1), escalated_at=NOW, met_at=NOW)
    archived = complaint(store, severity=Severity.MAJOR, stage=Stage.ARCHIVED)
    milestone(archived, Kind.GM_INSTRUCTION, NOW + timedelta(hours=1))
    milestone(complaint(other_store, severity=Severity.MAJOR), Kind.GM_INSTRUCTION, NOW + timedelta(hours=1))

    with django_assert_num_queries(1):
        waiting = [
            (c, c.awaits_instruction, c.escalated_kind, c.customer.name) for c in figures.waiting_for_gm([store])
        ]

    assert [row[:3] for row in waiting] == [(escalated, False, Kind.FIRST_CONTACT), (major, True, None)]


def test_at_risk_are_open_milestones_due_within_two_hours_soonest_first(store, other_store, django_assert_num_queries):
    c = complaint(store)
    last = milestone(c, Kind.AGREEMENT, NOW + timedelta(hours=1, minutes=59))
    first = milestone(c, Kind.FIRST_CONTACT, NOW + timedelta(minutes=30))
    milestone(c, Kind.SATISFACTION_CALLBACK, NOW + timedelta(hours=2))
    milestone(c, Kind.HAND_OVER, NOW - timedelta(minutes=1))
    milestone(c, Kind.HANDLED, NOW + timedelta(minutes=10), met_at=NOW)
    milestone(c, Kind.FINISHED, NOW + timedelta(minutes=10), cancelled_at=NOW)
    milestone(complaint(other_store), Kind.FIRST_CONTACT, NOW + timedelta(minutes=30))

    with django_assert_num_queries(1):
        risks = [(m, m.complaint.customer.name, m.owner) for m in figures.at_risk([store], NOW)]

    assert [m for m, _name, _owner in risks] == [first, last]
