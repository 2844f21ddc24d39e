"""The complaint's page: every field of the tracking form, milestones at a glance, the timeline, the forms of the
steps the person may take now; 404 to whoever may not reach it; a constant number of queries."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from complaints import handling
from complaints.models import ContactAttempt, Milestone, Route, Severity, TimerEvent, Transition
from organization.models import Department
from organization.roles import Role

Kind = Milestone.Kind


def page(client, complaint):
    return client.get(reverse("complaints:detail", args=[complaint.pk]))


def test_it_shows_the_tracking_form_with_its_links(cast, log, client_of):
    complaint = log(route=Route.FRONT_DESK, description="刹车异响未解决")
    response = page(client_of(cast.manager), complaint)
    body = response.content.decode()
    assert response.status_code == 200
    assert complaint.number in body and "刹车异响未解决" in body
    assert reverse("customers:detail", args=[complaint.customer_id]) in body
    assert reverse("complaints:print", args=[complaint.pk]) in body
    assert str(complaint.get_category_display()) in body and cast.customer_service.name in body


def test_milestones_show_their_state_and_owner_at_a_glance(cast, log, client_of):
    now = timezone.now()
    complaint = log(severity=Severity.GRUMBLE, raised_at=now - timedelta(hours=5), now=now)
    hand_over = complaint.milestones.get(kind=Kind.HAND_OVER)
    contact = complaint.milestones.get(kind=Kind.FIRST_CONTACT)
    Milestone.objects.filter(pk=hand_over.pk).update(breached_at=now)
    body = page(client_of(cast.customer_service), complaint).content.decode()
    assert 'class="milestone-breached"' in body
    assert 'class="milestone-overdue"' in body  # the first contact was due 2 h after it was raised
    handling.hand_over(complaint, by=cast.customer_service, expected_version=complaint.row_version)
    body = page(client_of(cast.customer_service), complaint).content.decode()
    assert 'class="milestone-met_late"' in body
    assert contact.owner.name in body


def test_the_person_sees_the_forms_of_their_steps_only(cast, log, client_of, group_user):
    complaint = log(route=Route.FRONT_DESK)
    body = page(client_of(cast.customer_service), complaint).content.decode()
    assert 'id="step-hand_over"' in body and 'id="step-reclassify"' in body
    body = page(client_of(cast.supervisor), complaint).content.decode()
    assert 'id="step-hand_over"' not in body and 'id="step-first_handling"' not in body
    assert 'id="step-name_at_fault"' in body
    body = page(client_of(group_user), complaint).content.decode()
    assert 'id="step-' not in body


def test_a_person_at_fault_gets_the_appeal_form_once_appeals_exist(cast, log, client_of):
    complaint = log(department=cast.workshop)
    handling.name_staff_at_fault(
        complaint, by=cast.manager, expected_version=complaint.row_version, people=[cast.technician]
    )
    body = page(client_of(cast.technician), complaint).content.decode()
    try:
        url = reverse("complaints:appeal_file", args=[complaint.pk])
    except NoReverseMatch:
        assert 'id="appeal-form"' not in body
    else:
        assert f'action="{url}"' in body
    assert 'id="appeal-form"' not in page(client_of(cast.manager), complaint).content.decode()


def test_rounds_link_to_each_other(cast, log, client_of):
    complaint = log(severity=Severity.GRUMBLE)
    handling.hand_over(complaint, by=cast.customer_service, expected_version=complaint.row_version)
    head = cast.workshop_head
    handling.log_contact(complaint, by=head, reached=True)
    handling.record_handling(complaint, by=head, expected_version=complaint.row_version, kind=Kind.HANDLED, result="好")
    handling.sign_plan(complaint, by=head, expected_version=complaint.row_version, department=cast.workshop)
    handling.satisfaction_callback(
        complaint,
        by=cast.customer_service,
        expected_version=complaint.row_version,
        reached=True,
        accepted=False,
        result="仍有异响",
    )
    following = complaint.next_round
    assert reverse("complaints:detail", args=[following.pk]) in page(client_of(cast.gm), complaint).content.decode()
    assert reverse("complaints:detail", args=[complaint.pk]) in page(client_of(cast.gm), following).content.decode()


def test_who_may_not_reach_the_complaint_gets_404(cast, log, client_of, staff, other_store):
    complaint = log(department=cast.workshop)
    assert page(client_of(cast.sales_head), complaint).status_code == 404
    assert page(client_of(cast.technician), complaint).status_code == 404  # not named on it
    assert page(client_of(staff(Role.GENERAL_MANAGER, store=other_store)), complaint).status_code == 404
    assert page(client_of(cast.workshop_head), complaint).status_code == 200
    url = reverse("complaints:print", args=[complaint.pk])
    assert client_of(cast.sales_head).get(url).status_code == 404


def test_the_printable_form_has_every_part_and_the_signature_lines(cast, log, client_of):
    complaint = log(route=Route.FRONT_DESK, description="刹车异响未解决")
    response = client_of(cast.customer_service).get(reverse("complaints:print", args=[complaint.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "刹车异响未解决" in body and complaint.number in body
    assert 'class="tracking-form"' in body and 'class="signatures"' in body and "print.css" in body
    assert str(Milestone.Kind.HAND_OVER.label) in body


def grow(complaint, cast, n):
    """`n` more milestones, transitions, contact attempts, timer events, departments and people at fault."""
    departments = list(Department.objects.filter(store=cast.store).order_by("pk"))
    now = timezone.now()
    milestones = Milestone.objects.bulk_create(
        Milestone(
            store=cast.store,
            complaint=complaint,
            kind=Kind.values[i % len(Kind.values)],
            department=departments[i // len(Kind.values)],
            sequence=i,
            owner=cast.workshop_head,
            owner_role=Role.DEPARTMENT_HEAD,
            anchor="raised",
            due_at=now + timedelta(hours=i - n // 2),
        )
        for i in range(n)
    )
    Transition.objects.bulk_create(
        Transition(complaint=complaint, action="contact", from_stage="logged", to_stage="logged", by=cast.gm, at=now)
        for _ in range(n)
    )
    ContactAttempt.objects.bulk_create(
        ContactAttempt(complaint=complaint, by=cast.supervisor, at=now, reached=False) for _ in range(n)
    )
    TimerEvent.objects.bulk_create(
        TimerEvent(
            store=cast.store, milestone=m, complaint=complaint, kind="due_set", scheduled_for=now, recorded_at=now
        )
        for m in milestones
    )
    for department in departments[: min(n, len(departments))]:
        complaint.involved.get_or_create(department=department)
    complaint.at_fault.add(cast.technician, cast.advisor)


@pytest.mark.parametrize("who", ["customer_service", "manager", "workshop_head"])
def test_the_page_s_query_count_does_not_grow_with_its_rows(who, cast, log, client_of):
    small, large = log(department=cast.workshop), log(department=cast.workshop)
    grow(small, cast, 1)
    grow(large, cast, 30)
    client = client_of(getattr(cast, who))
    page(client, small)  # the session and the person's roles, once
    counts = []
    for complaint in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert page(client, complaint).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_each_step_form_has_its_own_field_ids(cast, log, client_of):
    """The department head's result, sign-off and reply forms each have a department field: every id on the page is
    its own, so a label names the field of its own form (for the person clicking it and for a screen reader)."""
    complaint = log(route=Route.FRONT_DESK)
    handling.hand_over(complaint, by=cast.customer_service, expected_version=complaint.row_version)
    handling.first_handling(complaint, by=cast.supervisor, expected_version=complaint.row_version, analysis="确认")
    handling.dispatch(
        complaint, by=cast.manager, expected_version=complaint.row_version, departments=[cast.workshop], analysis="车间"
    )
    client = client_of(cast.workshop_head)
    for body in (
        page(client, complaint).content.decode(),
        client.post(reverse("complaints:sign_plan", args=[complaint.pk]), {}, HTTP_HX_REQUEST="true").content.decode(),
    ):
        assert 'id="step-department_result"' in body and 'id="step-sign_plan"' in body
        ids = re.findall(r'\sid="([^"]+)"', body)
        assert sorted(i for i in set(ids) if ids.count(i) > 1) == []
        assert set(re.findall(r'\sfor="([^"]+)"', body)) <= set(ids)
