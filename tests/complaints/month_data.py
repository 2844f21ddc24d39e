"""A generated October 2026 of complaints for the statistics and export tests, and the expected figures computed from
the models directly (plain Python over the rows, never complaints/statistics.py)."""

from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal
from io import BytesIO
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils import timezone
from openpyxl import load_workbook

from complaints import handling
from complaints.models import Breach, Complaint, ComplaintDepartment, Fine, Milestone, Route, Severity
from tests.factories import ComplaintFactory

TZ = ZoneInfo("Asia/Shanghai")
MONTH = date(2026, 10, 1)
C = Complaint
CATEGORIES = list(C.Category.values)
SOURCES = list(C.Source.values)
LOSSES = list(C.Loss.values)
CAUSES = ["", *C.RootCause.values]
TECHNIQUES = ["", C.Technique.MECHANICAL, C.Technique.BODY_PAINT]
SEVERITIES = [Severity.GRUMBLE, Severity.GENERAL, Severity.MAJOR]


def generate_month(cast, log, other_store, *, count=12):
    """`count` complaints raised across October (local time) in both routes, with every choice, met, late and
    open milestones, breaches, a second round, a voided chain, the month's edges, a September complaint continued
    in October, another store's complaint and a recorded fine."""
    departments = [cast.workshop, cast.sales, cast.after_sales]
    made = []
    for i in range(count):
        raised = datetime(2026, 10, 1 + (i * 29) // max(count, 1), 9 + i % 8, 15, tzinfo=TZ)
        made.append(
            _complaint(cast, log, i, raised, departments[i % 3], extra=departments[(i + 1) % 3] if i % 4 == 0 else None)
        )
    # The month's edges in local time: 1 October 00:05 and 31 October 23:30 count, 30 September 23:50 and
    # 1 November 00:10 do not.
    made.append(_complaint(cast, log, count, datetime(2026, 10, 1, 0, 5, tzinfo=TZ), cast.workshop))
    made.append(_complaint(cast, log, count + 1, datetime(2026, 10, 31, 23, 30, tzinfo=TZ), cast.sales))
    september = _complaint(cast, log, count + 2, datetime(2026, 9, 30, 23, 50, tzinfo=TZ), cast.workshop)
    _complaint(cast, log, count + 3, datetime(2026, 11, 1, 0, 10, tzinfo=TZ), cast.workshop)
    # Rounds: the first complaint objected to, its second round reclassified 客户抱怨 with a root cause; the
    # September one continued on 3 October (its second round is October's form, its chain September's).
    second = handling.open_next_round(made[0], by=cast.customer_service, now=datetime(2026, 10, 20, 10, tzinfo=TZ))
    Complaint.objects.filter(pk=second.pk).update(category=C.Category.VAGUE, root_cause=C.RootCause.PROCESS)
    second.at_fault.add(cast.advisor)
    handling.open_next_round(september, by=cast.customer_service, now=datetime(2026, 10, 3, 10, tzinfo=TZ))
    # An appeal upheld on the fourth: every round voided.
    Complaint.objects.filter(Q(pk=made[3].pk) | Q(first_round=made[3])).update(
        voided_at=datetime(2026, 10, 25, 12, tzinfo=TZ)
    )
    # A milestone a reclassification removed does not count.
    cancelled = Milestone.objects.filter(complaint=made[1], met_at=None).exclude(due_at=None).first()
    if cancelled:
        Milestone.objects.filter(pk=cancelled.pk).update(cancelled_at=datetime(2026, 10, 2, tzinfo=TZ))
    ComplaintFactory(customer__store=other_store, raised_at=datetime(2026, 10, 10, 10, tzinfo=TZ))
    Fine.objects.create(
        store=cast.store,
        person=cast.technician,
        kind=Fine.Kind.OFFENCE,
        amount=Decimal("50"),
        month=MONTH,
        recorded_by=cast.manager,
    )
    return made


def _complaint(cast, log, i, raised, department, extra=None):
    route = Route.CALLBACK if i % 2 == 0 else Route.FRONT_DESK
    complaint = log(
        route=route,
        severity=SEVERITIES[i % 3],
        raised_at=raised,
        now=raised + timedelta(minutes=20),
        category=CATEGORIES[i % len(CATEGORIES)],
        source=SOURCES[i % len(SOURCES)],
        technique=TECHNIQUES[i % 3],
        department=department,
    )
    if extra is not None:
        ComplaintDepartment.objects.create(complaint=complaint, department=extra)
    Complaint.objects.filter(pk=complaint.pk).update(
        loss=LOSSES[i % 3], root_cause=CAUSES[i % len(CAUSES)], responsible=[cast.advisor, None][i % 2]
    )
    complaint.at_fault.set([[cast.technician], [cast.advisor], []][i % 3])
    for j, milestone in enumerate(complaint.milestones.exclude(due_at=None).order_by("pk")):
        late = (i + j) % 3
        if late == 0:
            Milestone.objects.filter(pk=milestone.pk).update(met_at=milestone.due_at - timedelta(minutes=10))
        elif late == 1:
            Milestone.objects.filter(pk=milestone.pk).update(met_at=milestone.due_at + timedelta(hours=1))
        if late and (i + j) % 2 == 0:
            Breach.objects.create(
                store=complaint.store,
                milestone=milestone,
                complaint=complaint,
                due_at=milestone.due_at,
                noticed_at=milestone.due_at + timedelta(minutes=1),
                charged_department=department if j % 2 else None,
                charged_role="部门经理",
            )
    return complaint


def in_month(moment) -> bool:
    local = timezone.localtime(moment, TZ)
    return (local.year, local.month) == (MONTH.year, MONTH.month)


def involves(form, department) -> bool:
    return department is None or ComplaintDepartment.objects.filter(complaint=form, department=department).exists()


def expected_figures(stores=None, department=None, now=None):
    """Every figure of the month, from the rows: stores None means every store."""
    now = now or timezone.now()
    everything = list(Complaint.objects.all())
    in_stores = [c for c in everything if stores is None or c.store_id in {s.pk for s in stores}]
    forms = [c for c in in_stores if involves(c, department)]
    forms_of_month = [c for c in forms if in_month(c.raised_at)]
    chains = []
    for first in in_stores:
        if first.first_round_id is not None or not in_month(first.raised_at):
            continue
        rounds = [first, *[c for c in in_stores if c.first_round_id == first.pk]]
        if department is None or any(involves(r, department) for r in rounds):
            chains.append((first, max(rounds, key=lambda r: r.round), rounds))
    departments = Counter()
    for _first, _latest, rounds in chains:
        kinds = set(ComplaintDepartment.objects.filter(complaint__in=rounds).values_list("department__kind", flat=True))
        departments.update(kinds)
    form_ids = {c.pk for c in forms}
    on_time = defaultdict(lambda: [0, 0])
    for milestone in Milestone.objects.filter(cancelled_at=None).exclude(due_at=None):
        if milestone.complaint_id in form_ids and in_month(milestone.due_at) and milestone.due_at < now:
            on_time[milestone.kind][1] += 1
            on_time[milestone.kind][0] += milestone.met_at is not None and milestone.met_at <= milestone.due_at
    breaches = [
        b for b in Breach.objects.select_related("milestone", "charged_department") if b.complaint_id in form_ids
    ]
    breaches = [b for b in breaches if in_month(b.due_at)]
    return {
        "complaints": len(chains),
        "rounds": len(forms_of_month),
        "voided": sum(1 for first, _latest, _rounds in chains if first.voided_at),
        "breaches": len(breaches),
        "category": Counter(latest.category for _f, latest, _r in chains),
        "severity": Counter(latest.severity for _f, latest, _r in chains),
        "source": Counter(first.source for first, _l, _r in chains),
        "route": Counter(first.route for first, _l, _r in chains),
        "root_cause": Counter(latest.root_cause for _f, latest, _r in chains),
        "technique": Counter(latest.technique for _f, latest, _r in chains if latest.technique),
        "department": departments,
        "on_time": {kind: tuple(pair) for kind, pair in on_time.items()},
        "breach_kind": Counter(b.milestone.kind for b in breaches),
        "breach_department": Counter(b.charged_department.kind if b.charged_department else "" for b in breaches),
        "forms": forms_of_month,
        "chains": chains,
    }


def expected_staff(chains, fine_per_excess=Decimal(50)):
    """Person → (complaints, implicit-loss, 客户抱怨, recorded fines): nobody served a vehicle this month, so every
    counted complaint is beyond the allowance."""
    counted = defaultdict(lambda: {"complaints": 0, "implicit": 0, "vague": 0})
    for first, latest, rounds in chains:
        if first.voided_at:
            continue
        people = {person for r in rounds for person in r.at_fault.all()}
        for person in people:
            counted[person]["complaints"] += 1
            counted[person]["implicit"] += latest.loss == C.Loss.IMPLICIT
            counted[person]["vague"] += latest.category == C.Category.VAGUE
    fines = defaultdict(Decimal)
    for fine in Fine.objects.filter(month=MONTH).select_related("complaint"):
        if fine.complaint is None or fine.complaint.voided_at is None:
            fines[fine.person] += fine.amount
    result = {}
    for person in {*counted, *fines}:
        row = counted[person]
        allowance_fine = (row["implicit"] + row["vague"]) * fine_per_excess
        result[str(person)] = {
            **row,
            "allowance_fine": allowance_fine,
            "fines": fines[person],
            "total": allowance_fine + fines[person],
        }
    return result


def open_workbook(content: bytes):
    return load_workbook(BytesIO(content))


def sheet_rows(sheet) -> list[tuple]:
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def summary_sections(sheet) -> tuple[dict, dict]:
    """The summary sheet as (headline label → value, section title → {label: figures})."""
    rows = sheet_rows(sheet)[1:]
    headline, sections, title = {}, {}, None
    index = 0
    while index < len(rows) and any(v is not None for v in rows[index]):
        headline[rows[index][0]] = rows[index][1]
        index += 1
    while index < len(rows):
        row = rows[index]
        if all(v is None for v in row):
            title = None
        elif title is None:
            title = row[0]
            sections[title] = {}
            index += 1  # the section's header row
        else:
            values = [v for v in row[1:] if v is not None]
            sections[title][row[0]] = values[0] if len(values) == 1 else tuple(values)
        index += 1
    return headline, sections
