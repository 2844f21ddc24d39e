"""The two handling routes as deadline templates: which milestones a complaint gets, who owns each, what it counts
from and for how long (SPEC section 5). The durations are policy values; the templates below are the seeds' shape.

Route A (seed 000, 客户投诉处理流程) counts each step from the one before; route B (seed 004, 满意度回访中出现客诉意见
处理标准) counts everything from `raised_at`, by severity, a letter or SMS complaint taking the shorter of its
severity's and the written column's limit for the same milestone. Both close the same way: the department heads
sign the plan, customer service calls back, the GM gives the final instruction, customer service archives.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from complaints.models import Complaint, Milestone, Route, Severity
from organization.policies import Unit, define, define_table

SECTION = _("Complaints: deadlines and escalation")
Kind = Milestone.Kind


class Owner(models.TextChoices):
    """Who owns a milestone's step (resolved to a person by complaints.deadlines.owner_of)."""

    CUSTOMER_SERVICE = "customer_service", _("Customer service")
    FRONT_DESK_SUPERVISOR = "front_desk_supervisor", _("Front-desk supervisor")
    AFTER_SALES_MANAGER = "after_sales_manager", _("After-sales service manager")
    DEPARTMENT_HEAD = "department_head", _("Department head")
    HANDLER = "handler", _("Responsible person, else the department head")
    GENERAL_MANAGER = "general_manager", _("General manager")


# Route B's columns: the three severities and the letter/SMS channel.
WRITTEN = "written"
COLUMNS = [*Severity.choices, (WRITTEN, _("Letter or SMS"))]


ROUTE_A_STEPS = [(kind, Kind(kind).label) for kind in (Kind.HAND_OVER, Kind.FIRST_HANDLING, Kind.DISPATCH)] + [
    (Kind.DEPARTMENT_RESULT, Kind.DEPARTMENT_RESULT.label),
    (Kind.SUMMARY, Kind.SUMMARY.label),
    (Kind.SATISFACTION_CALLBACK, Kind.SATISFACTION_CALLBACK.label),
]
ROUTE_B_STEPS = [
    (kind, Kind(kind).label)
    for kind in (Kind.FIRST_CONTACT, Kind.HANDLED, Kind.AGREEMENT, Kind.FINISHED, Kind.SATISFACTION_CALLBACK)
]

ROUTE_A_HOURS = define_table(
    "complaints.route_a.{step}_hours",
    SECTION,
    _("Route A: hours after the step before"),
    Unit.HOURS,
    {"step": ROUTE_A_STEPS},
    minimum=Decimal("0.1"),
)
ROUTE_B_HOURS = define_table(
    "complaints.route_b.{step}.{column}_hours",
    SECTION,
    _("Route B: hours after the complaint was raised (empty: the column has no such milestone)"),
    Unit.HOURS,
    {"step": ROUTE_B_STEPS, "column": COLUMNS},
    minimum=Decimal("0.1"),
    optional=True,
)
ROUTE_B_HAND_OVER = define(
    "complaints.route_b.hand_over_minutes",
    SECTION,
    _("Route B: hand-over to the department manager, minutes after the complaint was raised"),
    Unit.MINUTES,
    minimum=Decimal(1),
)
GM_INSTRUCTION_WITHIN = define(
    "complaints.gm_instruction_hours",
    SECTION,
    _("Major complaint: the GM's instruction (批示), hours after the hand-over"),
    Unit.HOURS,
    minimum=Decimal("0.1"),
)
GM_FINAL_WITHIN = define(
    "complaints.gm_final_hours",
    SECTION,
    _("GM's final instruction, hours after the satisfaction callback"),
    Unit.HOURS,
    minimum=Decimal("0.1"),
)
DEPARTMENT_REPLY_WITHIN = define(
    "complaints.department_reply_hours",
    SECTION,
    _("Department's reply with improvement measures, hours after its handling step was done"),
    Unit.HOURS,
    minimum=Decimal("0.1"),
)
WARN_BEFORE = define(
    "complaints.warn_before_minutes",
    SECTION,
    _("Warn the owner this many minutes before a deadline"),
    Unit.MINUTES,
    minimum=Decimal(0),
)
ESCALATION_ON = define("complaints.escalation_on", SECTION, _("Escalate breaches to superiors and the GM"), Unit.FLAG)
ESCALATE_TO_GM_AFTER = define(
    "complaints.escalate_to_gm_hours",
    SECTION,
    _("A breach still unmet this many hours after it fell due goes to the GM"),
    Unit.HOURS,
    minimum=Decimal("0.1"),
)
RECLASSIFY_GRACE = define(
    "complaints.reclassify_grace_minutes",
    SECTION,
    _("After a reclassification, a due time already past moves to now plus this many minutes"),
    Unit.MINUTES,
    minimum=Decimal(0),
)
BUSINESS_HOURS = define(
    "complaints.business_hours",
    SECTION,
    _("Count complaint deadlines in the store's opening hours (off: wall-clock hours)"),
    Unit.FLAG,
    help_text=_("Opening hours per weekday, minus the days the holiday table closes."),
)
REPORT_MAJOR_TO_OEM = define(
    "complaints.report_major_to_oem", SECTION, _("Report major complaints to the OEM region (上报大区)"), Unit.FLAG
)

DEFAULTS = {
    **{
        ROUTE_A_HOURS[step].key: hours
        for step, hours in {
            Kind.HAND_OVER: "2",
            Kind.FIRST_HANDLING: "12",
            Kind.DISPATCH: "12",
            Kind.DEPARTMENT_RESULT: "12",
            Kind.SUMMARY: "24",
            Kind.SATISFACTION_CALLBACK: "24",
        }.items()
    },
    **{
        ROUTE_B_HOURS[step, column].key: hours
        for step, row in {
            Kind.FIRST_CONTACT: ["2", "2", "24", "2"],
            Kind.HANDLED: ["24", "", "", "24"],
            Kind.AGREEMENT: ["", "24", "48", ""],
            Kind.FINISHED: ["", "", "", "48"],
            # The written column's callback cell is never used: severity alone decides the callback.
            Kind.SATISFACTION_CALLBACK: ["48", "48", "72", ""],
        }.items()
        for column, hours in zip(dict(COLUMNS), row, strict=True)
    },
    ROUTE_B_HAND_OVER.key: "30",
    GM_INSTRUCTION_WITHIN.key: "2",
    GM_FINAL_WITHIN.key: "24",
    DEPARTMENT_REPLY_WITHIN.key: "24",
    WARN_BEFORE.key: "30",
    ESCALATION_ON.key: "1",
    ESCALATE_TO_GM_AFTER.key: "12",
    RECLASSIFY_GRACE.key: "30",
    BUSINESS_HOURS.key: "0",
    REPORT_MAJOR_TO_OEM.key: "1",
}


@dataclass(frozen=True)
class Step:
    """One milestone of a template: counts `duration` from `anchor` (a milestone kind met, or "raised").

    `per_department`: one milestone per department involved. `anchor_each`: the anchor is the same department's
    milestone; otherwise a per-department anchor waits for all of them. `duration` None: the end of the anchor's day.
    """

    kind: str
    sequence: int
    owner: str
    anchor: str
    duration: timedelta | None
    per_department: bool = False
    anchor_each: bool = False
    blocking: bool = True


RAISED = "raised"


def route_a(policy, severity: str) -> list[Step]:
    hours = {step: policy.value(ROUTE_A_HOURS[step]) for step, _label in ROUTE_A_STEPS}
    steps = [
        Step(Kind.HAND_OVER, 10, Owner.CUSTOMER_SERVICE, RAISED, hours[Kind.HAND_OVER]),
        Step(Kind.FIRST_HANDLING, 20, Owner.FRONT_DESK_SUPERVISOR, Kind.HAND_OVER, hours[Kind.FIRST_HANDLING]),
        Step(Kind.DISPATCH, 30, Owner.AFTER_SALES_MANAGER, Kind.FIRST_HANDLING, hours[Kind.DISPATCH]),
        Step(Kind.DEPARTMENT_RESULT, 40, Owner.DEPARTMENT_HEAD, Kind.DISPATCH, hours[Kind.DEPARTMENT_RESULT], True),
        # The plan is signed by each department head by its result's deadline.
        Step(Kind.PLAN_SIGN_OFF, 45, Owner.DEPARTMENT_HEAD, Kind.DISPATCH, hours[Kind.DEPARTMENT_RESULT], True),
        Step(Kind.SUMMARY, 50, Owner.AFTER_SALES_MANAGER, Kind.DEPARTMENT_RESULT, hours[Kind.SUMMARY]),
        Step(
            Kind.SATISFACTION_CALLBACK,
            60,
            Owner.CUSTOMER_SERVICE,
            Kind.SUMMARY,
            hours[Kind.SATISFACTION_CALLBACK],
        ),
        Step(
            Kind.DEPARTMENT_REPLY,
            41,
            Owner.DEPARTMENT_HEAD,
            Kind.DEPARTMENT_RESULT,
            policy.value(DEPARTMENT_REPLY_WITHIN),
            per_department=True,
            anchor_each=True,
            blocking=False,
        ),
    ]
    return steps + closing(policy, severity)


def route_b(policy, severity: str, channel: str) -> list[Step]:
    written = channel == Complaint.Channel.WRITTEN

    def limit(step):
        """The severity's limit, or the shorter of it and the written column's for a letter or SMS complaint."""
        limits = [policy.value(ROUTE_B_HOURS[step, severity])]
        if written:
            limits.append(policy.value(ROUTE_B_HOURS[step, WRITTEN]))
        limits = [hours for hours in limits if hours is not None]
        return min(limits) if limits else None

    steps = [
        Step(Kind.HAND_OVER, 10, Owner.CUSTOMER_SERVICE, RAISED, policy.value(ROUTE_B_HAND_OVER)),
        Step(Kind.FIRST_CONTACT, 20, Owner.HANDLER, RAISED, limit(Kind.FIRST_CONTACT)),
    ]
    handling = None
    for kind, sequence in ((Kind.HANDLED, 30), (Kind.AGREEMENT, 35), (Kind.FINISHED, 40)):
        hours = limit(kind)
        if hours is not None:
            steps.append(Step(kind, sequence, Owner.HANDLER, RAISED, hours))
            if kind != Kind.FINISHED:
                handling = steps[-1]  # the agreement where the column has one, else "handled"
    steps += [
        Step(Kind.PLAN_SIGN_OFF, 45, Owner.DEPARTMENT_HEAD, RAISED, handling.duration, True),
        Step(
            Kind.DEPARTMENT_REPLY,
            41,
            Owner.DEPARTMENT_HEAD,
            handling.kind,
            policy.value(DEPARTMENT_REPLY_WITHIN),
            blocking=False,
        ),
        Step(
            Kind.SATISFACTION_CALLBACK,
            60,
            Owner.CUSTOMER_SERVICE,
            RAISED,
            policy.value(ROUTE_B_HOURS[Kind.SATISFACTION_CALLBACK, severity]),
        ),
    ]
    return steps + closing(policy, severity)


def closing(policy, severity: str) -> list[Step]:
    """The steps every route ends with; a major complaint also waits for the GM's instruction."""
    steps = [
        Step(Kind.GM_FINAL, 70, Owner.GENERAL_MANAGER, Kind.SATISFACTION_CALLBACK, policy.value(GM_FINAL_WITHIN)),
        Step(Kind.ARCHIVE, 80, Owner.CUSTOMER_SERVICE, Kind.GM_FINAL, None),
    ]
    if severity == Severity.MAJOR:
        # Counted from the hand-over; the department's work does not wait for it.
        steps.append(
            Step(
                Kind.GM_INSTRUCTION,
                15,
                Owner.GENERAL_MANAGER,
                Kind.HAND_OVER,
                policy.value(GM_INSTRUCTION_WITHIN),
                blocking=False,
            )
        )
    return steps


def template(complaint: Complaint) -> list[Step]:
    """The milestones of `complaint`'s route and severity under the policy version it was logged under."""
    if complaint.route == Route.FRONT_DESK:
        return route_a(complaint.policy, complaint.severity)
    return route_b(complaint.policy, complaint.severity, complaint.channel)
