"""Seed 004's fines, one rule per kind (complaints/fines.py), and recording them from the penalties page."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from complaints import fines
from complaints.models import Breach, Fine, Severity
from organization.models import Department
from organization.roles import Role
from tests.factories import ComplaintFactory, DepartmentFactory

NOVEMBER = date(2026, 11, 1)


@pytest.fixture
def accessories(cast, staff):
    department = DepartmentFactory(store=cast.store, kind=Department.Kind.ACCESSORIES)
    leader = staff(Role.TECHNICIAN, name="精品组长", department=department)
    fitter = staff(Role.TECHNICIAN, name="精品技师", department=department, superior=leader)
    return leader, fitter


def test_a_ranged_process_fine_lies_in_its_range_with_a_note(cast):
    kind = Fine.Kind.LATE_REPORT
    for amount in ("49.99", "100.01"):
        with pytest.raises(ValidationError, match="50"):
            fines.record_process_fine(kind, cast.customer_service, Decimal(amount), "晚报", by=cast.gm)
    with pytest.raises(ValidationError):
        fines.record_process_fine(kind, cast.customer_service, Decimal(80), " ", by=cast.gm)
    fine = fines.record_process_fine(kind, cast.customer_service, Decimal(80), "晚报两天", by=cast.gm, month=NOVEMBER)
    assert (fine.amount, fine.month, fine.recorded_by) == (Decimal(80), NOVEMBER, cast.gm)
    serious = Fine.Kind.SERIOUS_NOT_REPORTED
    assert fines.record_process_fine(serious, cast.customer_service, Decimal(200), "", by=cast.gm).amount == 200
    with pytest.raises(ValidationError):
        fines.record_process_fine(serious, cast.customer_service, Decimal(150), "少罚", by=cast.gm)
    with pytest.raises(PermissionDenied):
        fines.record_process_fine(kind, cast.customer_service, Decimal(80), "晚报", by=cast.supervisor)


def test_offences_in_12_months_cost_50_then_100_then_flag_dismissal(cast):
    now = timezone.now()
    old = fines.record_offence(cast.advisor, "一年多前", by=cast.manager, now=now - timedelta(days=400))
    assert (old.offence_number, old.amount) == (1, Decimal(50))
    numbered = [fines.record_offence(cast.advisor, "未按流程", by=cast.manager, now=now) for _ in range(3)]
    assert [(f.offence_number, f.amount) for f in numbered] == [(1, 50), (2, 100), (3, 0)]
    assert fines.offence_counts(cast.store) == {cast.advisor.pk: 3}
    assert fines.flags_dismissal(cast.store, 3) and not fines.flags_dismissal(cast.store, 2)


def test_rework_splits_20_percent_to_the_group_leader_and_commission_is_withheld(cast, accessories):
    leader, fitter = accessories
    complaint = ComplaintFactory(customer__store=cast.store)
    split = fines.record_rework(fitter, leader, Decimal("333.33"), complaint, by=cast.manager)
    assert {(f.person, f.amount) for f in split} == {(leader, Decimal("66.67")), (fitter, Decimal("266.66"))}
    withheld = fines.withhold_commission(fitter, Decimal(120), NOVEMBER, by=cast.manager)
    assert (withheld.kind, withheld.month) == (Fine.Kind.COMMISSION_WITHHELD, NOVEMBER)
    with pytest.raises(ValidationError):
        fines.withhold_commission(cast.advisor, Decimal(120), NOVEMBER, by=cast.manager)


def test_explicit_loss_charges_the_staff_at_fault_their_head_and_the_after_sales_manager(cast):
    complaint = ComplaintFactory(customer__store=cast.store)
    complaint.at_fault.add(cast.technician)
    amounts = {cast.technician: Decimal(300), cast.workshop_head: Decimal(200), cast.manager: Decimal(100)}
    recorded = fines.record_explicit_loss(complaint, amounts, by=cast.manager)
    assert sorted(f.amount for f in recorded) == [100, 200, 300]
    with pytest.raises(ValidationError):
        fines.record_explicit_loss(complaint, {cast.advisor: Decimal(100)}, by=cast.manager)
    assert Fine.objects.count() == 3


def test_a_general_complaint_neglected_until_the_gm_is_listed_to_fine_once(cast, log, client_of):
    complaint = log(severity=Severity.GENERAL)
    milestone = complaint.milestones.first()
    reached = timezone.now()
    Breach.objects.create(
        store=cast.store,
        milestone=milestone,
        complaint=complaint,
        due_at=reached - timedelta(hours=5),
        noticed_at=reached - timedelta(hours=4),
        charged_to=cast.workshop_head,
        charged_role=Role.DEPARTMENT_HEAD,
        reached_gm_at=reached,
    )
    month = fines.month_of(reached)
    page = client_of(cast.gm).get(reverse("complaints:penalties"), {"month": f"{month:%Y-%m}"})
    assert [b.complaint for b in page.context["to_fine"]] == [complaint]
    assert page.context["neglect_range"] == (Decimal(100), Decimal(200))

    data = {"kind": Fine.Kind.NEGLECTED_GENERAL, "person": cast.workshop_head.pk, "complaint": complaint.pk}
    data |= {"month": f"{month:%Y-%m}", "note": "拖到总经理"}
    refused = client_of(cast.gm).post(reverse("complaints:fine_record"), data | {"amount": "250"})
    assert refused.status_code == 422
    message = gettext("The amount must lie between %(low)s and %(high)s CNY.") % {"low": 100, "high": 200}
    assert message in refused.content.decode()
    assert client_of(cast.gm).post(reverse("complaints:fine_record"), data | {"amount": "150"}).status_code == 302
    assert Fine.objects.get().amount == Decimal(150)
    page = client_of(cast.gm).get(reverse("complaints:penalties"), {"month": f"{month:%Y-%m}"})
    assert list(page.context["to_fine"]) == []
