"""The queue pages: who sees which complaints (SPEC section 1), sorting by the nearest deadline, filters, search."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints.models import Breach, Milestone, Route, Severity
from organization.roles import Role
from tests.factories import CustomerFactory, VehicleFactory

Kind = Milestone.Kind


def numbers(response) -> list[str]:
    html = response.content.decode()
    return [part.split('"')[0] for part in html.split('data-number="')[1:]]


def test_customer_service_sees_the_stores_open_complaints_by_nearest_deadline(cast, log, client_of):
    now = timezone.now()
    later = log(raised_at=now - timedelta(minutes=5), now=now)  # hand-over due in 25 min
    sooner = log(raised_at=now - timedelta(minutes=25), now=now)  # due in 5 min
    overdue = log(raised_at=now - timedelta(hours=1), now=now)  # 30 min overdue

    response = client_of(cast.customer_service).get(reverse("complaints:queue"))

    assert response.status_code == 200
    assert numbers(response) == [overdue.number, sooner.number, later.number]
    assert response.content.decode().count('data-testid="overdue"') == 1


def test_a_department_head_sees_their_department_and_their_staff_not_another_department(cast, log, client_of):
    workshop = log(department=cast.workshop)
    sales = log(department=cast.sales)
    naming_my_technician = log(department=cast.sales)
    naming_my_technician.responsible = cast.technician
    naming_my_technician.save(update_fields=["responsible"])

    seen = numbers(client_of(cast.workshop_head).get(reverse("complaints:department")))

    assert set(seen) == {workshop.number, naming_my_technician.number}
    assert sales.number not in numbers(client_of(cast.after_sales_head).get(reverse("complaints:department")))


def test_a_department_head_sees_an_appeal_addressed_to_them(cast, log, client_of):
    from tests.factories import AppealFactory

    complaint = log(department=cast.sales)
    AppealFactory(complaint=complaint, appellant=cast.advisor, head=cast.after_sales_head)

    assert numbers(client_of(cast.after_sales_head).get(reverse("complaints:department"))) == [complaint.number]


@pytest.mark.parametrize(
    ("role", "url_name"),
    [
        (Role.TECHNICIAN, "complaints:queue"),
        (Role.SERVICE_ADVISOR, "complaints:queue"),
        (Role.DEPARTMENT_HEAD, "complaints:queue"),
        (Role.CUSTOMER_SERVICE, "complaints:department"),
        (Role.GENERAL_MANAGER, "complaints:department"),
    ],
)
def test_the_wrong_role_gets_403(staff, client_of, role, url_name):
    assert client_of(staff(role)).get(reverse(url_name)).status_code == 403


def test_the_group_user_reads_every_store_and_cannot_post(cast, log, group_user, client_of):
    complaint = log()
    client = client_of(group_user)

    assert numbers(client.get(reverse("complaints:queue"))) == [complaint.number]
    assert client.post(reverse("complaints:queue")).status_code == 405


def test_another_stores_complaints_stay_out(cast, log, other_store, staff, client_of):
    log()
    outsider = staff(Role.CUSTOMER_SERVICE, store=other_store)

    assert numbers(client_of(outsider).get(reverse("complaints:queue"))) == []


def test_my_complaints_lists_those_naming_me_or_with_a_step_i_own(cast, log, client_of, staff):
    named = log()
    named.responsible = cast.technician
    named.save(update_fields=["responsible"])
    owned = log()  # customer service owns its hand-over

    assert numbers(client_of(cast.technician).get(reverse("complaints:mine"))) == [named.number]
    assert set(numbers(client_of(cast.customer_service).get(reverse("complaints:mine")))) >= {owned.number}
    assert numbers(client_of(staff(Role.TECHNICIAN)).get(reverse("complaints:mine"))) == []


def test_the_gms_queue_leads_with_majors_awaiting_the_instruction(cast, log, client_of):
    now = timezone.now()
    urgent_general = log(raised_at=now - timedelta(hours=1), now=now)
    major = log(severity=Severity.MAJOR, now=now)

    assert numbers(client_of(cast.gm).get(reverse("complaints:queue")))[:2] == [major.number, urgent_general.number]
    assert numbers(client_of(cast.customer_service).get(reverse("complaints:queue")))[0] == urgent_general.number


def test_filters_narrow_the_queue(cast, log, client_of):
    now = timezone.now()
    general = log(now=now)
    major = log(severity=Severity.MAJOR, now=now)
    route_a = log(route=Route.FRONT_DESK, raised_at=now - timedelta(hours=3), now=now)
    breached = log(now=now)
    milestone = breached.milestones.get(kind=Kind.HAND_OVER)
    milestone.breached_at = now
    milestone.save(update_fields=["breached_at"])
    Breach.objects.create(
        store=cast.store, milestone=milestone, complaint=breached, due_at=now, noticed_at=now, charged_role="客服专员"
    )
    client = client_of(cast.customer_service)

    def shown(**params):
        return set(numbers(client.get(reverse("complaints:queue"), params)))

    assert shown(severity=Severity.MAJOR) == {major.number}
    assert shown(route=Route.FRONT_DESK) == {route_a.number}
    assert shown(state="overdue") == {route_a.number}
    assert shown(state="breached") == {breached.number}
    assert shown(state="due_today") >= {general.number}
    assert shown(department=cast.sales.pk) == set()
    assert shown(department=cast.workshop.pk) == {general.number, major.number, breached.number}
    assert shown(severity="nonsense") == {general.number, major.number, route_a.number, breached.number}


def test_search_by_number_customer_and_plate(cast, log, client_of):
    customer = CustomerFactory(store=cast.store, name="王建国")
    complaint = log(customer=customer, vehicle=VehicleFactory(owner=customer, plate="粤B12345"))
    other = log()
    client = client_of(cast.customer_service)

    for text in (complaint.number, complaint.number.lower(), "建国", "b1234"):
        assert numbers(client.get(reverse("complaints:queue"), {"q": text})) == [complaint.number], text
    assert other.number not in numbers(client.get(reverse("complaints:queue"), {"q": "王建国"}))


def test_a_filter_change_by_htmx_swaps_only_the_table(cast, log, client_of):
    complaint = log()

    response = client_of(cast.customer_service).get(reverse("complaints:queue"), HTTP_HX_REQUEST="true")

    assert response.content.decode().startswith('<div id="queue-table">')
    assert numbers(response) == [complaint.number]


def test_closed_complaints_show_only_when_asked(cast, log, client_of):
    complaint = log()
    complaint.stage = "archived"
    complaint.save(update_fields=["stage"])
    client = client_of(cast.customer_service)

    assert numbers(client.get(reverse("complaints:queue"))) == []
    assert numbers(client.get(reverse("complaints:queue"), {"closed": "on"})) == [complaint.number]
