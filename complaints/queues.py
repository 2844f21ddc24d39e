"""Who sees which complaints on which queue, and each row's nearest deadline (SPEC sections 1 and 5).

Each queue is one query whatever its length: the nearest open milestone is a correlated subquery over the
milestones' open-owner index, the breach badge an EXISTS, and the page's milestones are then read in one more query.
"""

from datetime import datetime

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from complaints.models import Breach, Complaint, Milestone
from complaints.visibility import answered_by_head
from organization.calendar import day_bounds
from organization.models import User

Kind = Milestone.Kind


def store_queue(user: User) -> QuerySet:
    """The store's complaints (customer service, front-desk supervisor, after-sales manager, GM); every store for
    the read-only group user."""
    return Complaint.objects.visible_to(user)


def department_queue(user: User) -> QuerySet:
    """A department head's: their own department's complaints, plus any that names one of their staff (responsible
    or at fault) or has an appeal or an escalation addressed to them (SPEC section 1)."""
    ids = Complaint.objects.filter(answered_by_head(user)).values("pk")
    return Complaint.objects.visible_to(user).filter(pk__in=ids)


def my_complaints(user: User) -> QuerySet:
    """ "My complaints": those naming the user as responsible or at fault, or with a milestone the user owns."""
    ids = (
        Complaint.objects.filter(
            Q(responsible=user)
            | Q(at_fault=user)
            | Q(pk__in=Milestone.objects.filter(owner=user, met_at=None, cancelled_at=None).values("complaint_id"))
        )
        .values("pk")
        .distinct()
    )
    return Complaint.objects.visible_to(user).filter(pk__in=ids)


def _open_milestones():
    return Milestone.objects.filter(complaint=OuterRef("pk"), met_at=None, cancelled_at=None, due_at__isnull=False)


def with_deadlines(complaints: QuerySet, *, waiting_for_gm_first: bool = False) -> QuerySet:
    """Annotate each complaint's nearest open milestone (its pk and due time) and whether it has a breach, and sort
    by the nearest deadline; the GM's queue leads with majors awaiting the instruction and escalations to the GM."""
    nearest = _open_milestones().order_by("due_at", "sequence")
    complaints = complaints.select_related("customer", "vehicle", "customer_service").annotate(
        next_due=Subquery(nearest.values("due_at")[:1]),
        next_milestone_pk=Subquery(nearest.values("pk")[:1]),
        breached=Exists(Breach.objects.filter(complaint=OuterRef("pk"))),
    )
    order = [F("next_due").asc(nulls_last=True), "-raised_at", "pk"]
    if waiting_for_gm_first:
        awaiting_instruction = Milestone.objects.filter(  # due or not yet (it counts from the hand-over)
            complaint=OuterRef("pk"), kind=Kind.GM_INSTRUCTION, met_at=None, cancelled_at=None
        )
        escalated = Milestone.objects.filter(
            complaint=OuterRef("pk"), met_at=None, cancelled_at=None, escalated_at__isnull=False
        )
        complaints = complaints.annotate(awaits_gm=Exists(awaiting_instruction), escalated=Exists(escalated))
        order[:0] = ["-awaits_gm", "-escalated"]
    return complaints.order_by(*order)


def nearest_milestones(page) -> dict[int, Milestone]:
    """The page's nearest milestones, by pk, in one query (with owner and department for the row)."""
    pks = [complaint.next_milestone_pk for complaint in page if complaint.next_milestone_pk]
    milestones = Milestone.objects.filter(pk__in=pks).select_related("owner", "department")
    return {milestone.pk: milestone for milestone in milestones}


def filter_queue(complaints: QuerySet, filters: dict, *, now: datetime) -> QuerySet:
    """Narrow a queue by the filter form's cleaned data (empty values mean no filter); `state` needs annotations
    from with_deadlines."""
    if not filters.get("closed"):
        complaints = complaints.open()
    for field in ("stage", "severity", "route"):
        if filters.get(field):
            complaints = complaints.filter(**{field: filters[field]})
    if filters.get("department"):
        complaints = complaints.filter(involved__department=filters["department"])
    state = filters.get("state")
    if state == "overdue":
        complaints = complaints.filter(next_due__lt=now)
    elif state == "breached":
        complaints = complaints.filter(breached=True)
    elif state == "due_today":
        start, end = day_bounds(timezone.localdate(now))
        complaints = complaints.filter(next_due__gte=start, next_due__lt=end)
    if filters.get("q"):
        complaints = complaints.filter(_search(filters["q"]))
    return complaints


def _search(text: str) -> Q:
    """By the form's number (TS000042, 42, TS000042-2), the customer's name or the vehicle's plate."""
    text = text.strip()
    match = Q(customer__name__icontains=text) | Q(vehicle__plate__icontains=text.upper())
    number = text.upper().removeprefix("TS").split("-")[0]
    if number.isdigit() and len(number) <= 9:
        match |= Q(pk=int(number)) | Q(first_round_id=int(number))
    return match
