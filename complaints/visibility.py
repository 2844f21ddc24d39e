"""Who reaches which complaint (SPEC section 1): one queryset for the complaint's page, the queues and "my
complaints"; any other complaint answers 404."""

from django.db.models import Q

from complaints.models import Complaint
from organization.models import User
from organization.roles import Role

# They follow the whole store's complaints; the group user reads every store's.
SEE_EVERY_COMPLAINT = frozenset(
    {
        Role.CUSTOMER_SERVICE,
        Role.FRONT_DESK_SUPERVISOR,
        Role.AFTER_SALES_MANAGER,
        Role.GENERAL_MANAGER,
        Role.GROUP_MANAGEMENT,
    }
)


def naming(user: User) -> Q:
    """Complaints that name the person: at fault, responsible, or the owner of one of its milestones."""
    return Q(at_fault=user) | Q(responsible=user) | Q(milestones__owner=user)


def answered_by_head(user: User) -> Q:
    """A department manager's: their department's complaints, those naming one of their staff, an appeal addressed
    to them, a breach (and its escalation) charged to them."""
    departments = Q(involved__department__head=user)
    staff = (
        Q(at_fault__superior=user)
        | Q(at_fault__department__head=user)
        | Q(responsible__superior=user)
        | Q(responsible__department__head=user)
    )
    if user.department_id:
        departments |= Q(involved__department=user.department_id)
        staff |= Q(at_fault__department=user.department_id) | Q(responsible__department=user.department_id)
    escalations = Q(breaches__charged_to=user) | Q(breaches__charged_to__superior=user)
    return departments | staff | Q(appeals__head=user) | escalations


def complaints_visible_to(user: User):
    """The complaints `user` may open, store-scoped first."""
    complaints = Complaint.objects.visible_to(user)
    if user.is_group_manager or SEE_EVERY_COMPLAINT & user.roles:
        return complaints
    reach = naming(user)
    if Role.DEPARTMENT_HEAD in user.roles:
        reach |= answered_by_head(user)
    return complaints.filter(pk__in=Complaint.objects.filter(reach).values("pk"))
