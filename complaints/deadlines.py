"""Due times: a complaint's milestones from its route template, anchored as its steps are done (SPEC section 5,
"Deadline semantics").

A milestone counts from its anchor: the moment the complaint was raised, or a milestone met. Route A's are anchored
one by one as the chain moves; route B's all count from `raised_at`. Every change of a due time is a TimerEvent.
Met and breached milestones never change; reclassifying recomputes only the open ones, from their original anchors.
"""

from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints import routes
from complaints.models import Complaint, Milestone, TimerEvent
from complaints.routes import RAISED, Owner, Step
from organization.calendar import add_opening_time
from organization.models import User
from organization.roles import Role

# A per-department milestone anchored on the same department's milestone stores its anchor with this prefix.
SAME_DEPARTMENT = "same:"
OWNER_ROLES = {
    Owner.CUSTOMER_SERVICE: Role.CUSTOMER_SERVICE,
    Owner.FRONT_DESK_SUPERVISOR: Role.FRONT_DESK_SUPERVISOR,
    Owner.AFTER_SALES_MANAGER: Role.AFTER_SALES_MANAGER,
    Owner.DEPARTMENT_HEAD: Role.DEPARTMENT_HEAD,
    Owner.HANDLER: Role.DEPARTMENT_HEAD,
    Owner.GENERAL_MANAGER: Role.GENERAL_MANAGER,
}


def due_after(complaint: Complaint, anchored_at: datetime, duration: timedelta | None) -> datetime:
    """`duration` after `anchored_at` on the complaint's clock; no duration: the end of that local day."""
    if duration is None:
        local = timezone.localtime(anchored_at)
        return local.replace(hour=23, minute=59, second=59, microsecond=0)
    if complaint.policy.value(routes.BUSINESS_HOURS):
        return add_opening_time(complaint.store, anchored_at, duration, complaint.policy)
    return anchored_at + duration


def first_with_role(store, role: Role) -> User | None:
    return User.objects.filter(store=store).with_role(role).order_by("pk").first()


def owner_of(complaint: Complaint, owner: str, department) -> User | None:
    """The person who owns a step: the complaint's specialist, the department's head, the store's holder of a role."""
    if owner == Owner.CUSTOMER_SERVICE:
        return complaint.customer_service
    if owner == Owner.HANDLER and complaint.responsible_id:
        return complaint.responsible
    if owner in (Owner.DEPARTMENT_HEAD, Owner.HANDLER):
        return department.head if department is not None else None
    return first_with_role(complaint.store, OWNER_ROLES[owner])


def primary_department(complaint: Complaint):
    entry = complaint.involved.select_related("department__head").order_by("pk").first()
    return entry.department if entry else None


def _anchor_text(step: Step) -> str:
    return f"{SAME_DEPARTMENT}{step.anchor}" if step.anchor_each else step.anchor


def plan_milestones(complaint: Complaint, *, now: datetime, departments=None, grace=None) -> list[Milestone]:
    """Create the milestones of the complaint's template not created yet (per-department ones for `departments`,
    default: those involved), anchor the ones whose anchor already happened, and record their due times
    (`grace`: see anchor_ready)."""
    departments = list(departments if departments is not None else [d.department for d in complaint.involved.all()])
    primary = departments[0] if departments else primary_department(complaint)
    existing = set(complaint.milestones.values_list("kind", "department_id"))
    created = []
    for step in routes.template(complaint):
        for department in departments if step.per_department else [None]:
            key = (step.kind, department.pk if department else None)
            if key in existing:
                continue
            owned_by = department or primary
            created.append(
                Milestone(
                    store_id=complaint.store_id,
                    complaint=complaint,
                    kind=step.kind,
                    department=department,
                    sequence=step.sequence,
                    blocking=step.blocking,
                    owner=owner_of(complaint, step.owner, owned_by),
                    owner_role=OWNER_ROLES[step.owner],
                    anchor=_anchor_text(step),
                    duration=step.duration,
                )
            )
    Milestone.objects.bulk_create(created)
    anchor_ready(complaint, now=now, grace=grace)
    return created


def _anchor_time(complaint: Complaint, milestone: Milestone, met: dict) -> datetime | None:
    """When the milestone's anchor happened, or None while it has not."""
    if milestone.anchor == RAISED:
        return complaint.raised_at
    if milestone.anchor.startswith(SAME_DEPARTMENT):
        return met.get((milestone.anchor.removeprefix(SAME_DEPARTMENT), milestone.department_id))
    times = [at for (kind, _department), at in met.items() if kind == milestone.anchor]
    waiting = complaint.milestones.filter(kind=milestone.anchor, met_at=None, cancelled_at=None).exists()
    return max(times) if times and not waiting else None


def anchor_ready(complaint: Complaint, *, now: datetime, grace: timedelta | None = None) -> list[Milestone]:
    """Give a due time to every open milestone whose anchor has now happened (`grace`, on a reclassification: a due
    time already past becomes now plus the grace)."""
    milestones = list(complaint.milestones.filter(cancelled_at=None))
    met = {(m.kind, m.department_id): m.met_at for m in milestones if m.met_at is not None}
    anchored = []
    for milestone in milestones:
        if milestone.anchored_at is not None or milestone.met_at is not None:
            continue
        at = _anchor_time(complaint, milestone, met)
        if at is None:
            continue
        milestone.anchored_at = at
        due_at = due_after(complaint, at, milestone.duration)
        set_due(complaint, milestone, due_at if grace is None or due_at > now else now + grace)
        anchored.append(milestone)
    Milestone.objects.bulk_update(anchored, ["anchored_at", "due_at", "warn_at", "escalate_at"])
    record_events(anchored, TimerEvent.Kind.DUE_SET, now=now, scheduled=lambda m: m.due_at)
    return anchored


def set_due(complaint: Complaint, milestone: Milestone, due_at: datetime) -> None:
    policy = complaint.policy
    milestone.due_at = due_at
    milestone.warn_at = due_at - policy.value(routes.WARN_BEFORE)
    milestone.escalate_at = due_at + policy.value(routes.ESCALATE_TO_GM_AFTER)


def record_events(milestones, kind: str, *, now: datetime, scheduled, note: str = "") -> None:
    TimerEvent.objects.bulk_create(
        TimerEvent(
            store_id=m.store_id,
            milestone=m,
            complaint_id=m.complaint_id,
            kind=kind,
            scheduled_for=scheduled(m),
            recorded_at=now,
            note=note,
        )
        for m in milestones
    )


def meet(complaint: Complaint, kind: str, *, by, now: datetime, department=None) -> bool:
    """Mark the milestone met (if it is still open) and anchor what counts from it; False if it was not open.

    A conditional update: a milestone the sweep breached meanwhile is met late, its breach stays.
    """
    open_one = complaint.milestones.filter(kind=kind, met_at=None, cancelled_at=None)
    open_one = open_one.filter(department=department) if department is not None else open_one
    milestones = list(open_one)
    if not milestones or not open_one.update(met_at=now, met_by=by):
        return False
    record_events(milestones, TimerEvent.Kind.MET, now=now, scheduled=lambda m: m.due_at or now)
    anchor_ready(complaint, now=now)
    return True


def is_met(complaint: Complaint, kind: str, department=None) -> bool:
    milestones = complaint.milestones.filter(kind=kind, cancelled_at=None)
    if department is not None:
        milestones = milestones.filter(department=department)
    return milestones.exists() and not milestones.filter(met_at=None).exists()


def handling_done(complaint: Complaint) -> bool:
    """Every blocking milestone of the departments' handling (between the hand-over and the summary) is met."""
    handling = complaint.milestones.filter(
        blocking=True, cancelled_at=None, sequence__gt=30 if complaint.route == "front_desk" else 10, sequence__lt=50
    )
    return not handling.filter(met_at=None).exists()


def hand_to(complaint: Complaint, person) -> None:
    """The responsible person now owns the contact and handling steps still open."""
    complaint.milestones.filter(
        kind__in=[Milestone.Kind.FIRST_CONTACT, Milestone.Kind.HANDLED, Milestone.Kind.FINISHED],
        met_at=None,
        cancelled_at=None,
    ).update(owner=person)


def reclassify(complaint: Complaint, *, now: datetime, note: str) -> list[Milestone]:
    """Recompute the open milestones for the complaint's (already changed) severity, from their original anchors.

    Milestones the new template no longer has are cancelled, ones it has again come back, new ones are created; a
    milestone whose anchor changed (the department's reply follows the new handling step) is anchored afresh; a
    recomputed due time already past becomes now plus the grace; warnings are re-armed. Met and breached milestones
    never change.
    """
    steps = {step.kind: step for step in routes.template(complaint)}
    open_ones = list(complaint.milestones.filter(met_at=None, breached_at=None, cancelled_at=None))
    gone = [m for m in open_ones if m.kind not in steps]
    complaint.milestones.filter(pk__in=[m.pk for m in gone]).update(cancelled_at=now)
    back = complaint.milestones.filter(met_at=None, breached_at=None, kind__in=steps).exclude(cancelled_at=None)
    back.update(cancelled_at=None, anchored_at=None, due_at=None, warn_at=None, escalate_at=None, warned_at=None)
    grace = complaint.policy.value(routes.RECLASSIFY_GRACE)
    changed = []
    for milestone in open_ones:
        step = steps.get(milestone.kind)
        if step is None:
            continue
        milestone.duration = step.duration
        milestone.blocking = step.blocking
        if milestone.anchor != _anchor_text(step):
            milestone.anchor = _anchor_text(step)
            milestone.anchored_at = milestone.due_at = milestone.warn_at = milestone.escalate_at = None
            milestone.warned_at = None
        elif milestone.anchored_at is not None:
            due_at = due_after(complaint, milestone.anchored_at, step.duration)
            set_due(complaint, milestone, due_at if due_at > now else now + grace)
            milestone.warned_at = None
        changed.append(milestone)
    Milestone.objects.bulk_update(
        changed, ["duration", "blocking", "anchor", "anchored_at", "due_at", "warn_at", "escalate_at", "warned_at"]
    )
    record_events(
        [m for m in changed if m.due_at], TimerEvent.Kind.RECOMPUTED, now=now, scheduled=lambda m: m.due_at, note=note
    )
    created = plan_milestones(complaint, now=now, grace=grace)
    return changed + created


def open_milestones(complaint: Complaint):
    return complaint.milestones.filter(met_at=None, cancelled_at=None).filter(~Q(due_at=None))


def describe_due(milestone: Milestone, now: datetime) -> str:
    """Remaining time as the queues show it: "2 h 10 min left", or how long overdue."""
    if milestone.due_at is None:
        return _("not started")
    left = milestone.due_at - now
    minutes = int(abs(left.total_seconds()) // 60)
    text = _("%(hours)d h %(minutes)d min") % {"hours": minutes // 60, "minutes": minutes % 60}
    return _("%(time)s left") % {"time": text} if left >= timedelta(0) else _("%(time)s overdue") % {"time": text}
