"""Customer grades A/B/C (seed 001): suggested from budget, purchase/visit frequency and needs.

Seed 001 names the three factors but gives no thresholds; they are policy values. A grade is
suggested when at least two of the three factors reach it (a factor with no data counts as C);
staff may set another grade with a reason, and every change is kept in the grade history.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from customers.models import Customer, Grade, GradeChange, ShowroomVisit, VehicleSale
from organization.models import PolicySet
from organization.policies import Unit, current_policy, define

SECTION = _("Customer grades")
A_MIN_BUDGET = define("grades.a_min_budget", SECTION, _("Grade A: purchase budget at least"), Unit.YUAN, Decimal(0))
B_MIN_BUDGET = define("grades.b_min_budget", SECTION, _("Grade B: purchase budget at least"), Unit.YUAN, Decimal(0))
A_MIN_VISITS = define(
    "grades.a_min_visits",
    SECTION,
    _("Grade A: showroom visits and purchases in the counting window at least"),
    Unit.COUNT,
    Decimal(1),
)
B_MIN_VISITS = define(
    "grades.b_min_visits",
    SECTION,
    _("Grade B: showroom visits and purchases in the counting window at least"),
    Unit.COUNT,
    Decimal(1),
)
VISIT_WINDOW = define(
    "grades.visit_window_days",
    SECTION,
    _("Window for counting visits and purchases"),
    Unit.DAYS,
    Decimal(1),
    Decimal(3650),
)
A_PLANS_TO_BUY_WITHIN = define(
    "grades.a_max_days_to_purchase",
    SECTION,
    _("Grade A: plans to buy within"),
    Unit.DAYS,
    Decimal(0),
    Decimal(3650),
)
B_PLANS_TO_BUY_WITHIN = define(
    "grades.b_max_days_to_purchase",
    SECTION,
    _("Grade B: plans to buy within"),
    Unit.DAYS,
    Decimal(0),
    Decimal(3650),
)

RANK = {Grade.A: 3, Grade.B: 2, Grade.C: 1}


@dataclass(frozen=True)
class GradeInputs:
    budget: Decimal | None
    visits: int
    days_to_purchase: int | None


def _factor_grade(value, a_limit, b_limit, *, higher_is_better: bool) -> Grade:
    if value is None:
        return Grade.C
    if higher_is_better:
        return Grade.A if value >= a_limit else Grade.B if value >= b_limit else Grade.C
    return Grade.A if value <= a_limit else Grade.B if value <= b_limit else Grade.C


def suggest_grade(inputs: GradeInputs, policy: PolicySet) -> Grade:
    """The best grade that at least two of the three factors reach."""
    factors = [
        _factor_grade(
            inputs.budget,
            policy.value(A_MIN_BUDGET),
            policy.value(B_MIN_BUDGET),
            higher_is_better=True,
        ),
        _factor_grade(
            inputs.visits,
            policy.value(A_MIN_VISITS),
            policy.value(B_MIN_VISITS),
            higher_is_better=True,
        ),
        _factor_grade(
            inputs.days_to_purchase,
            policy.value(A_PLANS_TO_BUY_WITHIN).days,
            policy.value(B_PLANS_TO_BUY_WITHIN).days,
            higher_is_better=False,
        ),
    ]
    for grade in (Grade.A, Grade.B):
        if sum(RANK[f] >= RANK[grade] for f in factors) >= 2:
            return grade
    return Grade.C


def grade_inputs(customer: Customer, policy: PolicySet, today: date) -> GradeInputs:
    """Budget and plans from the customer's file; frequency from showroom visits and deliveries."""
    since: datetime = timezone.now() - policy.value(VISIT_WINDOW)
    visits = purchases = 0
    if customer.pk is not None:
        visits = ShowroomVisit.objects.filter(prospect__customer=customer, visited_at__gte=since).count()
        purchases = VehicleSale.objects.filter(buyer=customer, delivered_at__gte=since).count()
    days = (customer.planned_purchase_on - today).days if customer.planned_purchase_on else None
    return GradeInputs(budget=customer.purchase_budget, visits=visits + purchases, days_to_purchase=days)


def suggested_grade_for(customer: Customer, policy: PolicySet | None = None) -> Grade:
    """The grade the store's current rules suggest; an import passes the `policy` it looked up once."""
    policy = policy or current_policy(customer.store)
    return suggest_grade(grade_inputs(customer, policy, timezone.localdate()), policy)


@transaction.atomic
def set_grade(customer: Customer, *, grade: str = "", reason: str = "", by) -> GradeChange:
    """Grade the customer: the suggestion, or another grade with a reason; recorded in the history."""
    customer.refuse_if_anonymized()
    suggestion = suggested_grade_for(customer)
    grade = grade or suggestion
    reason = reason.strip()
    if grade not in Grade.values:
        raise ValidationError(_("Choose grade A, B or C."), code="invalid_grade")
    if grade != suggestion and not reason:
        raise ValidationError(
            _("The rules suggest grade %(grade)s; give a reason to set another grade."),
            params={"grade": suggestion},
            code="override_needs_reason",
        )
    customer.grade, customer.suggested_grade = grade, suggestion
    customer.grade_override_reason = reason if grade != suggestion else ""
    customer.save(update_fields=["grade", "suggested_grade", "grade_override_reason"])
    return GradeChange.objects.create(
        store=customer.store,
        customer=customer,
        grade=grade,
        suggested_grade=suggestion,
        reason=customer.grade_override_reason,
        changed_by=by,
    )


def refresh_suggestion(customer: Customer, policy: PolicySet | None = None) -> list[str]:
    """Keep the stored suggestion current (the grade itself stays as set); the fields to save, if any."""
    suggestion = suggested_grade_for(customer, policy)
    if suggestion == customer.suggested_grade:
        return []
    customer.suggested_grade = suggestion
    return ["suggested_grade"]
