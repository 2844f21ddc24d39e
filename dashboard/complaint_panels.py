"""The complaint panels of the GM's dashboard and the complaint measures of the group's; every figure comes from
complaints/figures.py (or complaints/penalties.py through it)."""

from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from complaints import figures
from complaints.models import OPEN_STAGES, Complaint, Severity, Stage
from dashboard.panels import Measure, MeasureGroup, Panel, Unit, register_measures, register_panel

LIST_LENGTH = 10  # the longest list a panel shows before its "more" link
TOP_CAUSES = 5


def _month_of(now):
    return timezone.localdate(now).replace(day=1)


def open_complaints(store, now):
    """The open complaints as a table: a row per stage that has any, a column per severity, with totals."""
    counts = figures.open_by_stage_and_severity([store]).get(store.pk, {})
    rows = []
    for stage in OPEN_STAGES:
        cells = [(severity, counts.get((stage, severity), 0)) for severity in Severity.values]
        if any(n for _severity, n in cells):
            rows.append((Stage(stage), cells, sum(n for _severity, n in cells)))
    return {
        "severities": Severity.choices,
        "rows": rows,
        "severity_totals": [
            (severity, sum(n for (_stage, of), n in counts.items() if of == severity)) for severity in Severity.values
        ],
        "total": sum(counts.values()),
    }


def late_complaints(store, now):
    month = _month_of(now)
    late = figures.late_open_complaints([store], now).get(store.pk, figures.Lateness())
    return {
        "overdue": late.overdue,
        "breached": late.breached,
        "breaches_this_month": figures.breaches_in_month([store], month).get(store.pk, 0),
        "month": month,
    }


def waiting_for_gm(store, now):
    waiting = figures.waiting_for_gm([store])
    risks = figures.at_risk([store], now)
    return {
        "waiting": [
            (complaint, figures.Kind(complaint.escalated_kind).label if complaint.escalated_kind else None)
            for complaint in waiting[:LIST_LENGTH]
        ],
        "waiting_count": waiting.count(),
        "at_risk": list(risks[:LIST_LENGTH]),
        "at_risk_count": risks.count(),
        "at_risk_hours": int(figures.AT_RISK_WITHIN.total_seconds() // 3600),
    }


def root_causes(store, now):
    month = _month_of(now)
    causes = figures.top_root_causes([store], month, limit=TOP_CAUSES).get(store.pk, [])
    return {"month": month, "causes": [(Complaint.RootCause(cause).label, n) for cause, n in causes]}


def staff_penalties(store, now):
    month = _month_of(now)
    return {"month": month, "staff": figures.most_fined_staff([store], month, limit=LIST_LENGTH).get(store.pk, [])}


def _panel(key, title, compute, position, refresh_seconds, width):
    """A panel whose template is named after its key."""
    register_panel(Panel(key, title, f"dashboard/panels/{key}.html", compute, position, refresh_seconds, width))


_panel("complaint_open", _("Open complaints by stage and severity"), open_complaints, 100, 60, 6)
_panel("complaint_late", _("Overdue and breached complaints"), late_complaints, 110, 60, 6)
_panel("complaint_gm", _("Waiting for the GM"), waiting_for_gm, 120, 60, 12)
_panel("complaint_causes", _("Top complaint root causes this month"), root_causes, 130, None, 6)
_panel("complaint_staff", _("Staff complaint rates and fines this month"), staff_penalties, 140, None, 6)


# The group dashboard's complaint columns: one provider, every store at once.
MEASURES = (
    Measure("complaints_open", _("Open complaints (now)"), Unit.COUNT, higher_is_better=False),
    Measure("complaints_raised", _("Complaints raised"), Unit.COUNT, higher_is_better=False),
    Measure("complaint_breaches", _("Complaint breaches"), Unit.COUNT, higher_is_better=False),
    *(
        Measure(f"on_time_{kind}", format_lazy(_("On time: {milestone}"), milestone=label), Unit.PERCENT, True)
        for kind, label in figures.Kind.choices
    ),
    Measure("complaint_fines", _("Complaint fines"), Unit.YUAN, higher_is_better=False),
)


def complaint_measures(stores, month):
    """Every complaint measure of the group dashboard for `stores` in `month` (open complaints: now)."""
    now = timezone.now()
    everyone = {store.pk: 0 for store in stores}
    values = {
        "complaints_open": everyone | figures.open_complaints(stores),
        "complaints_raised": everyone | figures.complaints_raised(stores, month),
        "complaint_breaches": everyone | figures.breaches_in_month(stores, month),
        "complaint_fines": figures.fines_in_month(stores, month),
    }
    for kind, rates in figures.on_time_rates(stores, month, now).items():
        values[f"on_time_{kind}"] = rates
    return values


register_measures(MeasureGroup("complaints", MEASURES, complaint_measures, 30))
