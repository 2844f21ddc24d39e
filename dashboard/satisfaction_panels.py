"""The GM's satisfaction panels (SPEC section 6) and the group's satisfaction measures, all from surveys' rollup rows.

The weekly and monthly rows are rebuilt nightly, so only the callbacks panel (overdue calls change by the minute)
refreshes in place; the trend chart is drawn once when the page loads.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dashboard.panels import Measure, MeasureGroup, Panel, Unit, register_measures, register_panel
from organization.policies import current_policy
from surveys import targets
from surveys.figures import department_scores, monthly_satisfaction, overdue_callbacks, weekly_score_trend


def _number(score):
    """A score for the chart's JSON: a number, or null for a week without answers."""
    return None if score is None else float(score)


def scores_this_week(store, now):
    """This week's CSI and SSI against the company target, and the twelve weeks up to it for the chart."""
    trend = weekly_score_trend([store], timezone.localdate(now))[store.pk]
    policy = current_policy(store)
    week = trend[-1]
    return {
        "week": week.week,
        "target": policy.value(targets.COMPANY_TARGET),
        "scores": [
            ("csi", _("CSI"), week.csi, targets.company_on_target(week.csi, policy)),
            ("ssi", _("SSI"), week.ssi, targets.company_on_target(week.ssi, policy)),
        ],
        "trend": [{"week": w.week.isoformat(), "csi": _number(w.csi), "ssi": _number(w.ssi)} for w in trend],
    }


def callbacks_this_month(store, now):
    """The month's callback success and survey completion rates against their targets, and the calls overdue now."""
    month = timezone.localdate(now).replace(day=1)
    figures = monthly_satisfaction([store], month)[store.pk]
    policy = current_policy(store)
    return {
        "month": month,
        "figures": figures,
        "callback_target": policy.value(targets.CALLBACK_SUCCESS_TARGET),
        "callbacks_ok": targets.callbacks_on_target(figures.callback_success_rate, policy),
        "survey_target": policy.value(targets.SURVEY_COMPLETION_TARGET),
        "surveys_ok": targets.surveys_on_target(figures.survey_completion_rate, policy),
        "overdue": overdue_callbacks([store], now)[store.pk],
    }


def departments_this_month(store, now):
    """Each department's CSI or SSI this month against the department target, those below it first."""
    month = timezone.localdate(now).replace(day=1)
    policy = current_policy(store)
    rows = department_scores([store], month)[store.pk]
    return {
        "month": month,
        "target": policy.value(targets.DEPARTMENT_TARGET),
        "departments": [(row, targets.department_on_target(row.mean_score, policy)) for row in rows],
    }


def satisfaction_measures(stores, month):
    """The group's satisfaction columns: the same monthly figures as the GM's callbacks panel."""
    by_store = monthly_satisfaction(stores, month)
    return {
        "csi": {pk: figures.csi for pk, figures in by_store.items()},
        "ssi": {pk: figures.ssi for pk, figures in by_store.items()},
        "callback_success": {pk: figures.callback_success_rate for pk, figures in by_store.items()},
        "survey_completion": {pk: figures.survey_completion_rate for pk, figures in by_store.items()},
    }


register_panel(
    Panel(
        "satisfaction-week",
        _("CSI and SSI this week"),
        "dashboard/panels/satisfaction_week.html",
        scores_this_week,
        200,
    )
)
register_panel(
    Panel(
        "satisfaction-callbacks",
        _("Callbacks and surveys this month"),
        "dashboard/panels/satisfaction_callbacks.html",
        callbacks_this_month,
        210,
        refresh_seconds=300,
    )
)
register_panel(
    Panel(
        "satisfaction-departments",
        _("Department scores this month"),
        "dashboard/panels/satisfaction_departments.html",
        departments_this_month,
        220,
    )
)
register_measures(
    MeasureGroup(
        "satisfaction",
        (
            Measure("csi", _("CSI"), Unit.SCORE, higher_is_better=True),
            Measure("ssi", _("SSI"), Unit.SCORE, higher_is_better=True),
            Measure("callback_success", _("Callback success"), Unit.PERCENT, higher_is_better=True),
            Measure("survey_completion", _("Survey completion"), Unit.PERCENT, higher_is_better=True),
        ),
        satisfaction_measures,
        10,
    )
)
