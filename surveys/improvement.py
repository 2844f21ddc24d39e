"""Improvement plans (seed 004 六: CSI提升行动计划表, PDCA): action items from OEM scores and departments below target,
and the weekly and monthly focus items set by hand at the meetings (seed 004 五: 每周、月的重点改善项目).

Each source (an OEM item, a department's month) raises one action, however often it is asked; the owner is told
when an action is assigned to them. An action moves plan → do → check → act (closed), one step at a time, and every
step carries a review note (append-only).
"""

from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organization.messaging import notify
from organization.models import Department, Store, User
from organization.policies import Unit, current_policy, define
from surveys.models import ImprovementAction, ImprovementNote, OemItemKind, OemScore
from surveys.questionnaires import heads_customer_service
from surveys.roles import LEAD_CUSTOMER_SERVICE, MANAGE_IMPROVEMENT, SET_FOCUS_ITEMS
from surveys.targets import departments_below_target

SECTION = gettext_lazy("Satisfaction: improvement plans")
QUARTER_DUE = define(
    "improvement.quarter_action_days",
    SECTION,
    gettext_lazy("Days to act on a quarter's OEM item"),
    Unit.DAYS,
    minimum=Decimal(1),
    maximum=Decimal(92),
)
MONTH_DUE = define(
    "improvement.month_action_days",
    SECTION,
    gettext_lazy("Days to act on a department below its monthly target"),
    Unit.DAYS,
    minimum=Decimal(1),
    maximum=Decimal(31),
)
DEFAULTS = {QUARTER_DUE.key: "30", MONTH_DUE.key: "14"}
NEXT_STATUS = {
    ImprovementAction.Status.PLAN: ImprovementAction.Status.DO,
    ImprovementAction.Status.DO: ImprovementAction.Status.CHECK,
    ImprovementAction.Status.CHECK: ImprovementAction.Status.ACT,
}


def _needs_action(item: OemScore) -> ImprovementAction.Source | None:
    if item.kind == OemItemKind.INSPECTION and item.score < 100:
        return ImprovementAction.Source.INSPECTION_LOST
    if item.kind in (OemItemKind.CSI, OemItemKind.SSI) and item.score < max(item.national_average, item.region_average):
        return ImprovementAction.Source.BELOW_AVERAGE
    return None


def _create(store: Store, actions: list[ImprovementAction]) -> list[ImprovementAction]:
    """Save the actions whose source has none yet and tell each new owner; returns those created."""
    taken = set(
        ImprovementAction.objects.filter(store=store, source__in=[a.source for a in actions]).values_list(
            "source", flat=True
        )
    )
    created = [action for action in actions if action.source not in taken]
    ImprovementAction.objects.bulk_create(created)
    for action in ImprovementAction.objects.filter(store=store, source__in=[a.source for a in created]):
        transaction.on_commit(
            lambda action=action: notify(
                [action.owner],
                _("Improvement action assigned to you"),
                body=action.title,
                url=reverse("surveys:improvement_action", args=[action.pk]),
            )
        )
    return created


@transaction.atomic
def plan_from_oem_scores(store: Store, quarter: date) -> list[ImprovementAction]:
    """Seed 004 六: inspection items that lost points and CSI/SSI items below an average become this quarter's plan."""
    due_on = timezone.localdate() + current_policy(store).value(QUARTER_DUE)
    actions = []
    for item in OemScore.objects.filter(store=store, quarter=quarter):
        source_kind = _needs_action(item)
        if source_kind is not None:
            actions.append(
                ImprovementAction(
                    store=store,
                    source_kind=source_kind,
                    source=f"oem:{item.pk}",
                    horizon=ImprovementAction.Horizon.QUARTER,
                    period_start=quarter,
                    title=f"{item.get_kind_display()} {item.name}",
                    oem_score=item,
                    department_id=item.department_id,
                    owner_id=item.owner_id,
                    due_on=due_on,
                )
            )
    return _create(store, actions)


@transaction.atomic
def plan_for_departments_below_target(
    store: Store, month: date, departments: list[Department]
) -> list[ImprovementAction]:
    """Seed 004 奖惩 4: a department below its monthly target gets an improvement plan, owned by its head."""
    due_on = timezone.localdate() + current_policy(store).value(MONTH_DUE)
    month = month.replace(day=1)
    actions = []
    for department in departments:
        if department.store_id != store.pk:
            raise ValidationError(_("The department belongs to another store."), code="other_store")
        if department.head_id is None:
            raise ValidationError(
                _("The department %(department)s has no head to own its improvement plan.")
                % {"department": department.get_kind_display()},
                code="no_head",
            )
        actions.append(
            ImprovementAction(
                store=store,
                source_kind=ImprovementAction.Source.DEPARTMENT_BELOW_TARGET,
                source=f"department:{department.pk}:{month:%Y-%m}",
                horizon=ImprovementAction.Horizon.MONTH,
                period_start=month,
                title=_("%(department)s below its monthly target (%(month)s)")
                % {"department": department.get_kind_display(), "month": f"{month:%Y-%m}"},
                department=department,
                owner_id=department.head_id,
                due_on=due_on,
            )
        )
    return _create(store, actions)


def plan_for_month_below_target(store: Store, month: date) -> list[ImprovementAction]:
    """The month's departments below target (the rollup's rows) that have a head to own a plan; run after the
    monthly rollup, and again harmlessly (a department's month is planned once)."""
    below = dict.fromkeys(row.department for row in departments_below_target(store, month) if row.department.head_id)
    return plan_for_departments_below_target(store, month, list(below))


def may_review(user: User, action: ImprovementAction) -> bool:
    """The owner works their action; customer service and the managers follow it up (seed 004: 客服部监督改善情况)."""
    return action.owner_id == user.pk or user.may_write(MANAGE_IMPROVEMENT)


@transaction.atomic
def review_action(action: ImprovementAction, *, by: User, text: str, advance: bool) -> ImprovementNote:
    """Append a review note; with `advance`, move the action one PDCA step on (act closes it)."""
    if not may_review(by, action):
        raise PermissionDenied
    action = ImprovementAction.objects.select_for_update().get(pk=action.pk)
    if action.status == ImprovementAction.Status.ACT:
        raise ValidationError(_("This improvement action is closed."), code="closed")
    if advance:
        action.status = NEXT_STATUS[action.status]
        if action.status == ImprovementAction.Status.ACT:
            action.closed_at = timezone.now()
        action.save(update_fields=["status", "closed_at"])
    return ImprovementNote.objects.create(action=action, written_by=by, status=action.status, text=text)


def may_set_focus_items(user: User) -> bool:
    """Seed 004 五: customer service's head sets the week's and the month's focus items, as do the ASM and the GM."""
    return user.may_write(SET_FOCUS_ITEMS - LEAD_CUSTOMER_SERVICE) or heads_customer_service(user)


def focus_period(horizon: str, day: date) -> date:
    """The week (from its Monday) or the month that `day` falls in."""
    if horizon == ImprovementAction.Horizon.WEEK:
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


@transaction.atomic
def set_focus_item(
    store: Store, *, horizon: str, day: date, title: str, owner: User, due_on: date, key: UUID, by: User
) -> ImprovementAction:
    """Seed 004 五: a focus item of the week or month `day` falls in, worked through PDCA by its owner, who is told.

    `key` (the form's one-time token) names the item's source, so a repeated post cannot set it twice.
    """
    if not may_set_focus_items(by):
        raise PermissionDenied
    if horizon not in (ImprovementAction.Horizon.WEEK, ImprovementAction.Horizon.MONTH):
        raise ValidationError(_("A focus item is set for a week or a month."), code="not_week_or_month")
    if owner.store_id != store.pk or not owner.is_active:
        raise ValidationError(_("The owner must be one of this store's active staff."), code="other_store")
    period_start = focus_period(horizon, day)
    if due_on < timezone.localdate():
        raise ValidationError(_("A focus item cannot be due in the past."), code="due_in_the_past")
    if due_on < period_start:
        raise ValidationError(_("A focus item cannot be due before its week or month starts."), code="due_too_early")
    action = ImprovementAction(
        store=store,
        source_kind=ImprovementAction.Source.FOCUS,
        source=f"focus:{key}",
        horizon=horizon,
        period_start=period_start,
        title=title,
        owner=owner,
        due_on=due_on,
    )
    created = _create(store, [action])
    if not created:
        raise ValidationError(_("This focus item was already set."), code="already_set")
    return created[0]
