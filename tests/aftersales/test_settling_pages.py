"""The settlement page (preview and POST), the printable sheet and the order page's settlement partial."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from aftersales.models import RepairOrder, SettlementLine
from customers.models import FleetAccount
from organization.roles import Role
from tests.factories import AppointmentFactory, FleetMembershipFactory, RepairOrderFactory, RepairOrderLineFactory

pytestmark = pytest.mark.django_db
D = Decimal
Status = RepairOrder.Status


@pytest.fixture
def advisor(staff):
    return staff(Role.SERVICE_ADVISOR)


def ready_order(advisor, lines=1, **fields):
    order = RepairOrderFactory(store=advisor.store, vehicle__store=advisor.store, advisor=advisor, **fields)
    for _ in range(lines):
        RepairOrderLineFactory(order=order)
    RepairOrder.objects.filter(pk=order.pk).update(status=Status.READY, estimate=D("200.00") * lines)
    order.refresh_from_db()
    return order


def settle_url(order):
    return reverse("aftersales:repair_order_settle", args=[order.pk])


def post(order, **fields):
    return {
        "row_version": order.row_version,
        "old_parts": "discarded",
        "next_service_due": (timezone.localdate() + timedelta(days=180)).isoformat(),
        "next_service_km": str(order.mileage_in + 5000),
        **fields,
    }


def test_the_sheet_shows_a_booked_fleet_member_the_better_offer_only(advisor, client_of):
    member = FleetMembershipFactory(
        fleet__representative__store=advisor.store, fleet__status=FleetAccount.Status.ACTIVE
    )
    appointment = AppointmentFactory(advisor=advisor, vehicle=member.vehicle, counts_as_appointment=True)
    order = ready_order(advisor, vehicle=member.vehicle, appointment=appointment)
    page = client_of(advisor).get(settle_url(order))
    assert page.status_code == 200
    text = page.content.decode()
    assert gettext("Fleet member rate") in text and gettext("Appointment discount on labor") not in text
    assert "140.00" in text and "112.00" not in text  # 70% of 200, not 70% then 20% off


def test_the_sheet_shows_the_appointment_discount_on_booked_maintenance(advisor, client_of):
    appointment = AppointmentFactory(advisor=advisor, vehicle__store=advisor.store, counts_as_appointment=True)
    order = ready_order(advisor, vehicle=appointment.vehicle, appointment=appointment)
    text = client_of(advisor).get(settle_url(order)).content.decode()
    assert gettext("Appointment discount on labor") in text and "160.00" in text


def test_posting_the_sheet_settles_and_the_settlement_sheet_prints(advisor, client_of):
    order = ready_order(advisor)
    client = client_of(advisor)
    response = client.post(settle_url(order), post(order))
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == Status.SETTLED and order.payable_total == D("200.00")
    assert SettlementLine.objects.filter(order=order).count() == 1
    sheet = client.get(reverse("aftersales:settlement_print", args=[order.pk]))
    assert sheet.status_code == 200 and "200.00" in sheet.content.decode()
    assert 'href="/static/css/print.css"' in sheet.content.decode() and "style=" not in sheet.content.decode()
    assert f"<td>{advisor.name}</td>" in sheet.content.decode()


def test_after_settling_the_advisor_is_back_on_the_order_page_one_click_from_the_sheet_and_delivery(advisor, client_of):
    order = ready_order(advisor)
    client = client_of(advisor)
    response = client.post(settle_url(order), post(order))
    assert response.status_code == 302
    assert response["Location"] == reverse("aftersales:repair_order", args=[order.pk])
    page = client.get(response["Location"]).content.decode()
    assert f'href="{reverse("aftersales:settlement_print", args=[order.pk])}"' in page
    assert f'href="{settle_url(order)}"' in page and gettext("Deliver with a gate pass") in page


def test_the_settlement_page_links_back_to_its_order(advisor, client_of):
    order = ready_order(advisor)
    text = client_of(advisor).get(settle_url(order)).content.decode()
    assert f'<a href="{reverse("aftersales:repair_order", args=[order.pk])}">{order.number}</a>' in text


def test_a_mismatched_estimate_is_shown_and_refused_with_the_figures(advisor, client_of):
    order = ready_order(advisor)
    RepairOrder.objects.filter(pk=order.pk).update(estimate=D("150.00"))
    order.refresh_from_db()
    client = client_of(advisor)
    assert "150.00" in client.get(settle_url(order)).content.decode()
    response = client.post(settle_url(order), post(order))
    assert response.status_code == 422 and "150.00" in response.content.decode()
    assert RepairOrder.objects.get(pk=order.pk).status == Status.READY


def test_a_stale_form_is_refused_with_the_input_kept(advisor, client_of):
    order = ready_order(advisor)
    response = client_of(advisor).post(settle_url(order), post(order, row_version=order.row_version - 1))
    assert response.status_code == 422
    assert gettext("Someone else changed this record while you were editing it. Reload the page and try again.") in (
        response.content.decode()
    )
    assert RepairOrder.objects.get(pk=order.pk).status == Status.READY


def test_an_unsettled_order_has_no_settlement_sheet_nor_gate_pass_to_print(advisor, client_of):
    order = ready_order(advisor)
    client = client_of(advisor)
    assert client.get(reverse("aftersales:settlement_print", args=[order.pk])).status_code == 409
    assert client.get(reverse("aftersales:gate_pass_print", args=[order.pk])).status_code == 409


def test_other_roles_may_not_settle(advisor, staff, client_of):
    order = ready_order(advisor)
    assert client_of(staff(Role.TECHNICIAN)).post(settle_url(order), post(order)).status_code == 403
    assert RepairOrder.objects.get(pk=order.pk).status == Status.READY


def test_the_settle_page_keeps_its_query_count_as_lines_grow(advisor, client_of):
    client = client_of(advisor)
    client.get(settle_url(ready_order(advisor)))  # the session and the policy's first load
    counts = []
    for lines in (1, 30):
        order = ready_order(advisor, lines=lines)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(settle_url(order)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_order_pages_partial_links_settlement_delivery_and_the_printables(advisor):
    order = ready_order(advisor)
    html = render_to_string("aftersales/_order_settlement.html", {"order": order, "user": advisor})
    assert settle_url(order) in html and reverse("aftersales:settlement_print", args=[order.pk]) not in html
    RepairOrder.objects.filter(pk=order.pk).update(
        status=Status.DELIVERED, settled_at=timezone.now(), gate_pass_number="MP1"
    )
    order.refresh_from_db()
    html = render_to_string("aftersales/_order_settlement.html", {"order": order, "user": advisor})
    assert reverse("aftersales:settlement_print", args=[order.pk]) in html
    assert reverse("aftersales:gate_pass_print", args=[order.pk]) in html and settle_url(order) not in html
