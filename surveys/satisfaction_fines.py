"""Seed 004's satisfaction fines and rewards (奖惩办法 4 and 5), as figures the staff report shows.

A month's department score below the store's standard fines the department and opens an improvement plan;
a quarter's OEM item below the national average fines the department manager and the item owner, when
management or staff lost the points; above it, the department is rewarded. Every amount is a policy value.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy

from organization.models import Department, PolicySet, Store, User
from organization.policies import Unit, current_policy, define
from surveys.models import OemScore
from surveys.targets import departments_below_target

SECTION = gettext_lazy("Satisfaction: fines and rewards")


def _yuan(key, label):
    return define(key, SECTION, label, Unit.YUAN, minimum=Decimal(0))


def _points(key, label):
    return define(key, SECTION, label, Unit.POINTS, minimum=Decimal(0), maximum=Decimal(100))


DEPARTMENT_FINE = _yuan(
    "satisfaction.department_below_standard_yuan", gettext_lazy("Department below the store's score: fine")
)
NEAR_BAND = _points("satisfaction.near_band_points", gettext_lazy("Points from the national average: first band"))
FAR_BAND = _points("satisfaction.far_band_points", gettext_lazy("Points from the national average: second band"))
FINE_NEAR = _yuan("satisfaction.below_near_fine_yuan", gettext_lazy("Item below the national average, first band"))
FINE_MIDDLE = _yuan("satisfaction.below_middle_fine_yuan", gettext_lazy("Item below the national average, second band"))
FINE_FAR = _yuan("satisfaction.below_far_fine_yuan", gettext_lazy("Item below the national average, beyond"))
REWARD_NEAR = _yuan("satisfaction.above_near_reward_yuan", gettext_lazy("Item above the national average, first band"))
REWARD_MIDDLE = _yuan(
    "satisfaction.above_middle_reward_yuan", gettext_lazy("Item above the national average, second band")
)
REWARD_FAR = _yuan("satisfaction.above_far_reward_yuan", gettext_lazy("Item above the national average, beyond"))
DEFAULTS = {
    DEPARTMENT_FINE.key: "500",
    NEAR_BAND.key: "5",
    FAR_BAND.key: "10",
    FINE_NEAR.key: "300",
    FINE_MIDDLE.key: "500",
    FINE_FAR.key: "1000",
    REWARD_NEAR.key: "600",
    REWARD_MIDDLE.key: "1000",
    REWARD_FAR.key: "2000",
}


@dataclass(frozen=True)
class Fine:
    """An amount a department or a person pays (or, as a reward, receives) and what it is for."""

    department: Department
    person: User | None
    amount: Decimal
    reward: bool
    item: OemScore | None = None


def department_fines(store: Store, month: date) -> list[Fine]:
    """Seed 004 奖惩 4: each department whose monthly score (the rollup's) is below the department target pays the
    fine, once however many survey kinds it fell short in. The improvement plan is raised by the monthly rollup
    (surveys.improvement.plan_for_month_below_target), not here: reading the fines changes nothing."""
    fine = current_policy(store).value(DEPARTMENT_FINE)
    below = dict.fromkeys(row.department for row in departments_below_target(store, month))
    return [Fine(department, None, fine, reward=False) for department in below]


def _band(policy: PolicySet, gap: Decimal, near, middle, far) -> Decimal | None:
    if gap <= 0:
        return None
    if gap <= policy.value(NEAR_BAND):
        return policy.value(near)
    if gap <= policy.value(FAR_BAND):
        return policy.value(middle)
    return policy.value(far)


def quarterly_item_fines_and_rewards(store: Store, quarter: date) -> list[Fine]:
    """Seed 004 奖惩 5: each OEM item against the national average, by band (exactly on a band's edge: that band)."""
    policy = current_policy(store)
    fines = []
    items = OemScore.objects.filter(store=store, quarter=quarter).select_related("department__head", "owner")
    for item in items:
        behind = _band(policy, item.national_average - item.score, FINE_NEAR, FINE_MIDDLE, FINE_FAR)
        ahead = _band(policy, item.score - item.national_average, REWARD_NEAR, REWARD_MIDDLE, REWARD_FAR)
        if behind is not None and item.lost_by_management_or_staff:
            # "部门经理及分项负责人各": each of the two once; a manager who owns the item pays once.
            people = dict.fromkeys(person for person in (item.department.head, item.owner) if person)
            fines += [Fine(item.department, person, behind, reward=False, item=item) for person in people]
        if ahead is not None:
            fines.append(Fine(item.department, None, ahead, reward=True, item=item))
    return fines
