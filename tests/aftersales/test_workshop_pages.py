"""The technician's 我的维修单, the actions it posts (take, finish, request a part), the order page's workshop part
and the workshop board."""

from datetime import timedelta

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext

from aftersales.models import QcInspection, RepairOrder, RequisitionLine
from organization.roles import Role
from tests.factories import AppointmentFactory, PartPriceFactory, RepairOrderFactory, RepairOrderLineFactory

pytestmark = pytest.mark.django_db
Status = RepairOrder.Status
MINE = reverse("aftersales:my_repair_orders")
BOARD = reverse("aftersales:workshop_board")


def order_in(status, store, **fields):
    order = RepairOrderFactory(vehicle__owner__store=store, **fields)
    RepairOrderLineFactory(order=order)
    RepairOrder.objects.filter(pk=order.pk).update(status=status)
    order.refresh_from_db()
    return order


def test_a_technician_takes_a_signed_order_from_their_page(store, staff, client_of):
    technician = staff(Role.TECHNICIAN)
    order = order_in(Status.SIGNED, store)
    client = client_of(technician)
    page = client.get(MINE)
    assert list(page.context["waiting"]) == [order]
    response = client.post(
        reverse("aftersales:repair_order_start", args=[order.pk]), {"row_version": order.row_version, "next": MINE}
    )
    assert response.status_code == 302 and response["Location"] == MINE
    order.refresh_from_db()
    assert order.status == Status.IN_PROGRESS and order.technician == technician
    assert [o for o, _risk in client.get(MINE).context["mine"]] == [order]


def test_the_advisor_dispatches_to_a_technician_and_a_stale_form_is_a_422(store, staff, client_of):
    advisor, technician = staff(Role.SERVICE_ADVISOR), staff(Role.TECHNICIAN)
    order = order_in(Status.SIGNED, store)
    url = reverse("aftersales:repair_order_start", args=[order.pk])
    client = client_of(advisor)
    stale = client.post(url, {"row_version": order.row_version + 1, "technician": technician.pk})
    assert stale.status_code == 422
    message = gettext("Someone else changed this record while you were editing it. Reload the page and try again.")
    assert message in stale.content.decode()
    assert client.post(url, {"row_version": order.row_version, "technician": ""}).status_code == 422
    order.refresh_from_db()
    assert order.status == Status.SIGNED
    assert client.post(url, {"row_version": order.row_version, "technician": technician.pk}).status_code == 302
    order.refresh_from_db()
    assert order.technician == technician


def test_an_offsite_next_is_not_followed(store, staff, client_of):
    order = order_in(Status.SIGNED, store)
    response = client_of(staff(Role.TECHNICIAN)).post(
        reverse("aftersales:repair_order_start", args=[order.pk]),
        {"row_version": order.row_version, "next": "https://evil.example/"},
    )
    assert response["Location"] == MINE


def test_finishing_needs_the_self_check_and_a_report_then_goes_to_qc(store, staff, client_of):
    technician = staff(Role.TECHNICIAN)
    order = order_in(Status.IN_PROGRESS, store, technician=technician)
    url = reverse("aftersales:repair_order_finish", args=[order.pk])
    client = client_of(technician)
    refused = client.post(url, {"row_version": order.row_version, "report": "更换机油机滤"})
    assert refused.status_code == 422
    assert gettext("Do the self-check and write the repair report first.") in refused.content.decode()
    assert "更换机油机滤" in refused.content.decode()  # the person's input shown again
    done = client.post(url, {"row_version": order.row_version, "report": "更换机油机滤", "self_check_done": "on"})
    assert done.status_code == 302
    order.refresh_from_db()
    assert order.status == Status.QC and order.repair_report == "更换机油机滤" and order.report_signed_at


def test_another_technician_may_not_finish_it(store, staff, client_of):
    order = order_in(Status.IN_PROGRESS, store, technician=staff(Role.TECHNICIAN))
    response = client_of(staff(Role.TECHNICIAN)).post(
        reverse("aftersales:repair_order_finish", args=[order.pk]),
        {"row_version": order.row_version, "report": "x", "self_check_done": "on"},
    )
    assert response.status_code == 403
    order.refresh_from_db()
    assert order.status == Status.IN_PROGRESS


def test_a_car_failed_by_qc_comes_back_with_the_notes(store, staff, client_of):
    technician = staff(Role.TECHNICIAN)
    order = order_in(Status.IN_PROGRESS, store, technician=technician)
    QcInspection.objects.create(order=order, passed=False, notes="左前轮异响仍在", inspector=staff(Role.QC_INSPECTOR))
    response = client_of(technician).get(MINE)
    assert "左前轮异响仍在" in response.content.decode()


def test_requesting_a_part_by_its_number(store, staff, client_of):
    technician = staff(Role.TECHNICIAN)
    order = order_in(Status.IN_PROGRESS, store, technician=technician)
    part = PartPriceFactory(store=store, part_number="90915-YZZE1")
    url = reverse("aftersales:repair_order_request_part", args=[order.pk])
    client = client_of(technician)
    unknown = client.post(url, {"part_number": "NOPE", "quantity": "1"})
    assert unknown.status_code == 422
    assert escape(gettext("No part with this number on the store's price list.")) in unknown.content.decode()
    assert client.post(url, {"part_number": " 90915-YZZE1 ", "quantity": "1.5"}).status_code == 302
    line = RequisitionLine.objects.get()
    assert line.part == part and str(line.quantity) == "1.50" and line.requested_by == technician


def test_my_page_shows_only_my_orders_and_the_risk(store, staff, client_of, time_machine):
    technician = staff(Role.TECHNICIAN)
    now = timezone.now()
    time_machine.move_to(now, tick=False)
    late = order_in(Status.IN_PROGRESS, store, technician=technician, opened_at=now - timedelta(hours=4))
    RepairOrder.objects.filter(pk=late.pk).update(promised_at=now + timedelta(minutes=30))
    fine = order_in(Status.IN_PROGRESS, store, technician=technician, opened_at=now)
    order_in(Status.IN_PROGRESS, store, technician=staff(Role.TECHNICIAN))
    rows = client_of(technician).get(MINE).context["mine"]
    assert [(order.pk, risk) for order, risk in rows] == [(late.pk, True), (fine.pk, False)]


def test_my_page_query_count_stays_flat_from_1_to_30_orders(store, staff, client_of):
    technician = staff(Role.TECHNICIAN)
    client = client_of(technician)
    client.get(MINE)
    queries = {}
    for count in (1, 30):
        while RepairOrder.objects.filter(technician=technician).count() < count:
            order = order_in(Status.IN_PROGRESS, store, technician=technician)
            order_in(Status.SIGNED, store)
            QcInspection.objects.create(order=order, passed=False, notes="返工", inspector=technician)
            RequisitionLine.objects.create(
                order=order, part=PartPriceFactory(store=store), quantity=1, requested_by=technician
            )
        with CaptureQueriesContext(connection) as captured:
            response = client.get(MINE)
        assert len(response.context["mine"]) == count
        queries[count] = len(captured)
    assert queries[1] == queries[30]


def test_the_board_shows_bays_waiting_ready_and_risks(store, staff, client_of, time_machine):
    now = timezone.now()
    time_machine.move_to(now, tick=False)
    technician, idle = staff(Role.TECHNICIAN, name="甲技师"), staff(Role.TECHNICIAN, name="乙技师")
    working = order_in(Status.IN_PROGRESS, store, technician=technician)
    checking = order_in(Status.QC, store, technician=technician, opened_at=now - timedelta(hours=5))
    RepairOrder.objects.filter(pk=checking.pk).update(promised_at=now - timedelta(minutes=1))
    waiting = order_in(Status.SIGNED, store)
    ready = order_in(Status.READY, store)
    order_in(Status.DELIVERED, store)
    AppointmentFactory(vehicle__owner__store=store, slot_start=now + timedelta(minutes=1))
    response = client_of(staff(Role.AFTER_SALES_MANAGER)).get(BOARD)
    assert response.status_code == 200
    bays = {technician.name: [o.pk for o in orders] for technician, orders in response.context["bays"]}
    assert bays == {"甲技师": [checking.pk, working.pk], "乙技师": []} and idle
    assert response.context["waiting"] == [waiting] and response.context["ready"] == [ready]
    assert response.context["at_risk"] == [checking]
    same_day = timezone.localdate(now + timedelta(minutes=1)) == timezone.localdate(now)
    assert response.context["appointments_today"] == (1 if same_day else 0)


def test_the_board_is_for_the_desk_and_managers_only(staff, client_of, group_user):
    assert client_of(staff(Role.TECHNICIAN)).get(BOARD).status_code == 403
    assert client_of(group_user).get(BOARD).status_code == 200
    assert client_of(staff(Role.SERVICE_ADVISOR)).post(BOARD).status_code == 405


def test_the_board_query_count_stays_flat_from_1_to_30_orders(store, staff, client_of):
    client = client_of(staff(Role.SERVICE_ADVISOR))
    client.get(BOARD)
    statuses = [Status.SIGNED, Status.IN_PROGRESS, Status.QC, Status.READY]
    queries = {}
    for count in (1, 30):
        while RepairOrder.objects.count() < count:
            n = RepairOrder.objects.count()
            order_in(statuses[n % 4], store, technician=staff(Role.TECHNICIAN))
        with CaptureQueriesContext(connection) as captured:
            response = client.get(BOARD)
        assert response.status_code == 200
        queries[count] = len(captured)
    assert queries[1] == queries[30]


def render_panel(order, user):
    request = RequestFactory().get("/repair_orders/")
    request.user = user
    return render_to_string("aftersales/_order_workshop.html", {"order": order, "user": user}, request=request)


def test_the_order_page_part_offers_each_person_their_step(store, staff):
    advisor, technician = staff(Role.SERVICE_ADVISOR), staff(Role.TECHNICIAN, name="丙技师")
    signed = order_in(Status.SIGNED, store)
    dispatch = render_panel(signed, advisor)
    assert reverse("aftersales:repair_order_start", args=[signed.pk]) in dispatch and "丙技师" in dispatch
    assert gettext("Take it") in render_panel(signed, technician)
    working = order_in(Status.IN_PROGRESS, store, technician=technician)
    RequisitionLine.objects.create(order=working, part=PartPriceFactory(store=store), quantity=1, requested_by=advisor)
    assert reverse("aftersales:repair_order_finish", args=[working.pk]) in render_panel(working, technician)
    issuing = render_panel(working, staff(Role.PARTS_STAFF))
    line = RequisitionLine.objects.get()
    assert reverse("aftersales:requisition_issue", args=[line.pk]) in issuing
    assert reverse("aftersales:repair_order_finish", args=[working.pk]) not in issuing
    in_qc = order_in(Status.QC, store, technician=technician)
    assert reverse("aftersales:repair_order_inspect", args=[in_qc.pk]) in render_panel(in_qc, staff(Role.QC_INSPECTOR))
    assert "<form" not in render_panel(in_qc, staff(Role.CUSTOMER_SERVICE))


def test_the_order_page_part_query_count_stays_flat(store, staff):
    advisor = staff(Role.SERVICE_ADVISOR)
    order = order_in(Status.IN_PROGRESS, store, technician=staff(Role.TECHNICIAN))
    render_panel(order, advisor)  # the person's roles are read once
    queries = {}
    for count in (1, 30):
        while order.requisition.count() < count:
            RequisitionLine.objects.create(
                order=order, part=PartPriceFactory(store=store), quantity=1, requested_by=advisor
            )
            QcInspection.objects.create(order=order, passed=False, notes="返工", inspector=advisor)
        with CaptureQueriesContext(connection) as captured:
            render_panel(order, advisor)
        queries[count] = len(captured)
    assert queries[1] == queries[30]
