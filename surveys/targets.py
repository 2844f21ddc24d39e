"""Seed 004's satisfaction targets and score bands, as policy values.

Callbacks reached must be at least 50% of those due in a month, surveys completed at least 60% of the callbacks
reached; the company's score must be above 90 and every department's at least 95. Seed 004 also names 80 a pass and
90 excellent, the bands the report colours scores by.
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from organization.models import PolicySet
from organization.policies import Unit, current_policy, define
from surveys.models import SatisfactionRollup

SECTION = _("Satisfaction targets")
CALLBACK_SUCCESS_TARGET = define(
    "satisfaction.callback_success_percent",
    SECTION,
    _("Callbacks reached, at least, of the callbacks due in a month"),
    Unit.PERCENT,
    Decimal(0),
    Decimal(100),
)
SURVEY_COMPLETION_TARGET = define(
    "satisfaction.survey_completion_percent",
    SECTION,
    _("Surveys completed, at least, of the callbacks reached in a month"),
    Unit.PERCENT,
    Decimal(0),
    Decimal(100),
)
COMPANY_TARGET = define(
    "satisfaction.company_score_above",
    SECTION,
    _("The store's monthly score must be above"),
    Unit.POINTS,
    Decimal(0),
    Decimal(100),
)
DEPARTMENT_TARGET = define(
    "satisfaction.department_score_at_least",
    SECTION,
    _("Every department's monthly score at least"),
    Unit.POINTS,
    Decimal(0),
    Decimal(100),
)
EXCELLENT_FROM = define(
    "satisfaction.band_excellent_from", SECTION, _("A score is excellent from"), Unit.POINTS, Decimal(0), Decimal(100)
)
PASS_FROM = define(
    "satisfaction.band_pass_from", SECTION, _("A score passes from"), Unit.POINTS, Decimal(0), Decimal(100)
)

CENT = Decimal("0.01")


class Band(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Below pass")


def rate(part: int, whole: int) -> Decimal | None:
    """`part` as a percent of `whole`, to the cent; None when nothing was due."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(CENT, ROUND_HALF_UP)


def score_band(score: Decimal, policy: PolicySet) -> Band:
    """Seed 004's display bands: excellent, pass, or below pass."""
    if score >= policy.value(EXCELLENT_FROM):
        return Band.EXCELLENT
    if score >= policy.value(PASS_FROM):
        return Band.PASS
    return Band.FAIL


def callbacks_on_target(success_rate: Decimal | None, policy: PolicySet) -> bool:
    return success_rate is not None and success_rate >= policy.value(CALLBACK_SUCCESS_TARGET)


def surveys_on_target(completion_rate: Decimal | None, policy: PolicySet) -> bool:
    return completion_rate is not None and completion_rate >= policy.value(SURVEY_COMPLETION_TARGET)


def company_on_target(score: Decimal | None, policy: PolicySet) -> bool:
    """Seed 004: the company's score must be strictly above its target (> 90)."""
    return score is not None and score > policy.value(COMPANY_TARGET)


def department_on_target(score: Decimal | None, policy: PolicySet) -> bool:
    """Seed 004: no department below 95."""
    return score is not None and score >= policy.value(DEPARTMENT_TARGET)


def departments_below_target(store, month: date) -> list:
    """The store's monthly department rollup rows (CSI and SSI) scoring below the department target.

    What the improvement plans read: one row per department and survey kind with answers that month.
    """
    target = current_policy(store).value(DEPARTMENT_TARGET)
    return list(
        SatisfactionRollup.objects.filter(
            store=store,
            period=SatisfactionRollup.Period.MONTH,
            period_start=month.replace(day=1),
            level=SatisfactionRollup.Level.DEPARTMENT,
            mean_score__lt=target,
        )
        .select_related("department")
        .order_by("mean_score", "department__kind", "kind")
    )
