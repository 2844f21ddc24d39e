"""Who reaches which complaint: the store's handlers all, a department manager their department's and their
staff's, anyone else the ones naming them (SPEC section 1)."""

from complaints import handling
from complaints.models import Appeal, Breach, Route
from complaints.visibility import complaints_visible_to
from organization.roles import Role
from tests.factories import DepartmentFactory


def visible(user):
    return set(complaints_visible_to(user).values_list("pk", flat=True))


def test_handlers_and_the_group_user_see_every_complaint_of_their_store(cast, log, group_user, other_store, staff):
    complaint = log(route=Route.FRONT_DESK)
    for person in (cast.customer_service, cast.supervisor, cast.manager, cast.gm, group_user):
        assert visible(person) == {complaint.pk}
    other_gm = staff(Role.GENERAL_MANAGER, store=other_store)
    assert visible(other_gm) == set()


def test_a_department_manager_sees_their_department_s_complaints_only(cast, log):
    workshop = log(department=cast.workshop)
    sales = log(department=cast.sales)
    assert visible(cast.workshop_head) == {workshop.pk}
    assert visible(cast.sales_head) == {sales.pk}
    assert visible(cast.after_sales_head) == set()


def test_a_department_manager_sees_a_complaint_naming_one_of_their_staff(cast, log):
    complaint = log(department=cast.sales)
    handling.name_staff_at_fault(
        complaint, by=cast.manager, expected_version=complaint.row_version, people=[cast.technician]
    )
    assert complaint.pk in visible(cast.workshop_head)
    other = log(department=cast.sales)
    other.responsible = cast.advisor
    other.save(update_fields=["responsible"])
    assert other.pk in visible(cast.after_sales_head)


def test_a_department_manager_sees_an_appeal_or_a_breach_addressed_to_them(cast, log, staff):
    outsider_head = staff(Role.DEPARTMENT_HEAD, department=DepartmentFactory(store=cast.store))
    appealed, breached = log(department=cast.sales), log(department=cast.sales)
    Appeal.objects.create(
        store=cast.store, complaint=appealed, appellant=cast.advisor, head=outsider_head, reason="不是我的责任"
    )
    milestone = breached.milestones.order_by("pk").first()
    Breach.objects.create(
        store=cast.store,
        milestone=milestone,
        complaint=breached,
        due_at=breached.raised_at,
        noticed_at=breached.raised_at,
        charged_to=outsider_head,
        charged_role=Role.DEPARTMENT_HEAD,
    )
    assert visible(outsider_head) == {appealed.pk, breached.pk}


def test_anyone_else_sees_only_the_complaints_naming_them(cast, log):
    named, unnamed = log(department=cast.workshop), log(department=cast.workshop)
    assert visible(cast.technician) == set()
    handling.name_staff_at_fault(named, by=cast.manager, expected_version=named.row_version, people=[cast.technician])
    assert visible(cast.technician) == {named.pk}
    handling.hand_over(unnamed, by=cast.customer_service, expected_version=unnamed.row_version)
    handling.assign_responsible(
        unnamed, by=cast.workshop_head, expected_version=unnamed.row_version, person=cast.advisor
    )
    assert visible(cast.advisor) == {unnamed.pk}  # responsible, and owner of its contact milestone
