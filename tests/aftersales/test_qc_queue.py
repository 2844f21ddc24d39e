"""质检队列: the cars waiting for QC, oldest first, and the inspection posted from it."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from aftersales.models import QcInspection, RepairOrder
from organization.models import OutboundMessage
from organization.roles import Role
from tests.factories import RepairOrderFactory

pytestmark = pytest.mark.django_db
Status = RepairOrder.Status
QUEUE = reverse("aftersales:qc_queue")


def in_qc(store, technician, minutes_ago=0):
    order = RepairOrderFactory(vehicle__owner__store=store, technician=technician)
    signed = timezone.now() - timedelta(minutes=minutes_ago)
    RepairOrder.objects.filter(pk=order.pk).update(status=Status.QC, report_signed_at=signed, repair_report="已修复")
    order.refresh_from_db()
    return order


def test_the_queue_lists_cars_in_qc_oldest_first_with_the_form(store, staff, client_of):
    technician = staff(Role.TECHNICIAN)
    newer, older = in_qc(store, technician, 5), in_qc(store, technician, 50)
    RepairOrderFactory(vehicle__owner__store=store)  # a draft is not QC's
    response = client_of(staff(Role.QC_INSPECTOR)).get(QUEUE)
    assert list(response.context["queue"]) == [older, newer]
    assert reverse("aftersales:repair_order_inspect", args=[older.pk]) in response.content.decode()


def test_the_gm_and_the_group_user_read_it_without_the_form(store, staff, group_user, client_of):
    order = in_qc(store, staff(Role.TECHNICIAN))
    inspect_url = reverse("aftersales:repair_order_inspect", args=[order.pk])
    for reader in (staff(Role.GENERAL_MANAGER), group_user):
        response = client_of(reader).get(QUEUE)
        assert response.status_code == 200 and list(response.context["queue"]) == [order]
        assert inspect_url not in response.content.decode()
    assert client_of(staff(Role.TECHNICIAN)).get(QUEUE).status_code == 403


def test_a_pass_makes_the_car_ready_records_the_checks_and_tells_the_customer(
    store, staff, client_of, django_capture_on_commit_callbacks
):
    inspector = staff(Role.QC_INSPECTOR)
    order = in_qc(store, staff(Role.TECHNICIAN))
    data = {
        "row_version": order.row_version,
        "result": "pass",
        "road_tested": "on",
        "washed": "on",
        "guarantee_card": "on",
        "parked_in_finished_area": "on",
        "tyre_life_percent": "70",
        "brake_pad_life_percent": "45",
        "next": QUEUE,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client_of(inspector).post(reverse("aftersales:repair_order_inspect", args=[order.pk]), data)
    assert response.status_code == 302 and response["Location"] == QUEUE
    order.refresh_from_db()
    assert order.status == Status.READY and order.ready_at
    inspection = QcInspection.objects.get()
    assert inspection.passed and inspection.inspector == inspector
    assert (inspection.road_tested, inspection.washed, inspection.guarantee_card) == (True, True, True)
    assert (inspection.tyre_life_percent, inspection.brake_pad_life_percent) == (70, 45)
    assert inspection.parked_in_finished_area
    assert OutboundMessage.objects.filter(to=order.customer.mobile).count() == 1


def test_a_fail_needs_notes_and_sends_the_car_back_to_the_technician(store, staff, client_of):
    inspector, technician = staff(Role.QC_INSPECTOR), staff(Role.TECHNICIAN)
    order = in_qc(store, technician)
    url = reverse("aftersales:repair_order_inspect", args=[order.pk])
    client = client_of(inspector)
    refused = client.post(url, {"row_version": order.row_version, "result": "fail", "notes": "  "})
    assert refused.status_code == 422 and gettext("Say what failed the inspection.") in refused.content.decode()
    assert not QcInspection.objects.exists()
    response = client.post(url, {"row_version": order.row_version, "result": "fail", "notes": "刹车仍异响"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == Status.IN_PROGRESS and order.technician == technician and not order.self_check_done
    mine = client_of(technician).get(reverse("aftersales:my_repair_orders"))
    assert "刹车仍异响" in mine.content.decode()


def test_a_stale_or_out_of_range_inspection_saves_nothing(store, staff, client_of):
    order = in_qc(store, staff(Role.TECHNICIAN))
    url = reverse("aftersales:repair_order_inspect", args=[order.pk])
    client = client_of(staff(Role.QC_INSPECTOR))
    assert client.post(url, {"row_version": order.row_version + 1, "result": "pass"}).status_code == 422
    assert (
        client.post(url, {"row_version": order.row_version, "result": "pass", "tyre_life_percent": "101"}).status_code
        == 422
    )
    assert not QcInspection.objects.exists()
    order.refresh_from_db()
    assert order.status == Status.QC


def test_another_stores_order_is_a_404_and_a_get_a_405(store, other_store, staff, client_of):
    theirs = in_qc(other_store, None)
    client = client_of(staff(Role.QC_INSPECTOR))
    url = reverse("aftersales:repair_order_inspect", args=[theirs.pk])
    assert client.post(url, {"row_version": 0, "result": "pass"}).status_code == 404
    assert client.get(url).status_code == 405


def test_the_queue_query_count_stays_flat_from_1_to_30(store, staff, client_of):
    client = client_of(staff(Role.QC_INSPECTOR))
    client.get(QUEUE)
    technician = staff(Role.TECHNICIAN)
    queries = {}
    for count in (1, 30):
        while RepairOrder.objects.count() < count:
            in_qc(store, technician)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(QUEUE)
        assert len(response.context["queue"]) == count
        queries[count] = len(captured)
    assert queries[1] == queries[30]
