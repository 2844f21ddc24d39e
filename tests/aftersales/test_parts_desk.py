"""配件: tomorrow's parts to reserve and the requisition lines to issue, issued once."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from aftersales.models import RepairOrder, RequisitionLine
from organization.roles import Role
from tests.factories import AppointmentFactory, RequisitionLineFactory

pytestmark = pytest.mark.django_db
Status = RepairOrder.Status
PARTS = reverse("aftersales:parts")


def line_to_issue(store, status=Status.IN_PROGRESS):
    line = RequisitionLineFactory(order__vehicle__owner__store=store)
    RepairOrder.objects.filter(pk=line.order_id).update(status=status)
    return line


def test_the_page_lists_tomorrows_reservations_and_lines_to_issue(store, other_store, staff, client_of):
    tomorrow = AppointmentFactory(vehicle__owner__store=store, parts_to_reserve="机油滤芯 ×1")
    AppointmentFactory(vehicle__owner__store=store, parts_to_reserve="")  # nothing to reserve
    AppointmentFactory(
        vehicle__owner__store=store, parts_to_reserve="空调滤芯", slot_start=tomorrow.slot_start + timedelta(days=1)
    )
    AppointmentFactory(vehicle__owner__store=store, parts_to_reserve="刹车片", status="cancelled")
    AppointmentFactory(vehicle__owner__store=other_store, parts_to_reserve="雨刮")
    waiting = line_to_issue(store)
    issued = line_to_issue(store)
    RequisitionLine.objects.filter(pk=issued.pk).update(issued_at=timezone.now(), issued_by=issued.requested_by)
    line_to_issue(other_store)
    response = client_of(staff(Role.PARTS_STAFF)).get(PARTS)
    assert list(response.context["reserve"]) == [tomorrow]
    assert list(response.context["to_issue"]) == [waiting]
    assert "机油滤芯" in response.content.decode() and tomorrow.advisor.name in response.content.decode()


def test_issuing_a_line_once_and_a_second_click_is_a_422(store, staff, client_of):
    parts_staff = staff(Role.PARTS_STAFF)
    line = line_to_issue(store)
    url = reverse("aftersales:requisition_issue", args=[line.pk])
    client = client_of(parts_staff)
    response = client.post(url, {"next": PARTS})
    assert response.status_code == 302 and response["Location"] == PARTS
    line.refresh_from_db()
    assert line.issued_by == parts_staff and line.issued_at
    again = client.post(url)
    assert again.status_code == 422 and gettext("This part has already been issued.") in again.content.decode()
    assert list(client.get(PARTS).context["to_issue"]) == []


def test_issuing_is_for_parts_staff_of_the_store(store, other_store, staff, group_user, client_of):
    line, theirs = line_to_issue(store), line_to_issue(other_store)
    assert (
        client_of(staff(Role.TECHNICIAN)).post(reverse("aftersales:requisition_issue", args=[line.pk])).status_code
        == 403
    )
    assert client_of(group_user).post(reverse("aftersales:requisition_issue", args=[line.pk])).status_code == 403
    client = client_of(staff(Role.PARTS_STAFF))
    assert client.post(reverse("aftersales:requisition_issue", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("aftersales:requisition_issue", args=[line.pk])).status_code == 405
    assert not RequisitionLine.objects.filter(issued_at__isnull=False).exists()


def test_the_gm_reads_the_page_without_issue_buttons(store, staff, client_of):
    line = line_to_issue(store)
    response = client_of(staff(Role.GENERAL_MANAGER)).get(PARTS)
    assert list(response.context["to_issue"]) == [line]
    assert reverse("aftersales:requisition_issue", args=[line.pk]) not in response.content.decode()


def test_the_page_query_count_stays_flat_from_1_to_30(store, staff, client_of):
    client = client_of(staff(Role.PARTS_STAFF))
    client.get(PARTS)
    queries = {}
    for count in (1, 30):
        while RequisitionLine.objects.count() < count:
            line_to_issue(store)
            AppointmentFactory(vehicle__owner__store=store, parts_to_reserve="机油滤芯")
        with CaptureQueriesContext(connection) as captured:
            response = client.get(PARTS)
        assert len(response.context["to_issue"]) == count and len(response.context["reserve"]) == count
        queries[count] = len(captured)
    assert queries[1] == queries[30]
