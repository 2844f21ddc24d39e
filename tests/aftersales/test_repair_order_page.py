"""The repair order page: everything about the order in one place, the actions the person may take, constant queries."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext

from aftersales.models import QcInspection, RepairOrder, RepairOrderLine, RepairOrderStep
from organization.roles import Role
from tests.factories import LaborOperationFactory, PartPriceFactory, RepairOrderFactory, RepairOrderLineFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def advisor(staff):
    return staff(Role.SERVICE_ADVISOR)


def draft(advisor, **fields):
    return RepairOrderFactory(store=advisor.store, vehicle__owner__store=advisor.store, advisor=advisor, **fields)


def page(order):
    return reverse("aftersales:repair_order", args=[order.pk])


def test_the_page_shows_the_order_and_the_draft_actions(advisor, client_of):
    order = draft(advisor, key_tag="K-12")
    RepairOrderLineFactory(order=order, quantity=Decimal("1.5"))
    response = client_of(advisor).get(page(order))
    assert response.status_code == 200
    body = response.content.decode()
    assert "K-12" in body and order.number in body
    assert response.context["estimate"] == Decimal("300.00")
    assert response.context["line_form"] and response.context["sign_form"] and response.context["may_remove_lines"]
    assert reverse("aftersales:repair_order_print", args=[order.pk]) in body


def test_a_technician_reads_it_without_the_desks_forms(advisor, staff, client_of):
    order = draft(advisor)
    response = client_of(staff(Role.TECHNICIAN)).get(page(order))
    assert response.status_code == 200
    assert response.context["line_form"] is None and response.context["sign_form"] is None


def test_a_promise_within_the_hour_is_at_risk(advisor, client_of):
    order = draft(advisor)
    client = client_of(advisor)
    assert not client.get(page(order)).context["at_risk"]
    RepairOrder.objects.filter(pk=order.pk).update(promised_at=timezone.now() + timedelta(minutes=30))
    response = client.get(page(order))
    assert response.context["at_risk"] and 'id="at-risk"' in response.content.decode()


def test_a_line_from_the_catalog_comes_at_its_published_price(store, advisor, client_of):
    order = draft(advisor)
    LaborOperationFactory(store=store, code="BY01", standard_hours=Decimal("1.50"), hourly_rate=Decimal("180"))
    PartPriceFactory(store=store, part_number="LF-1", list_price=Decimal("88"))
    client = client_of(advisor)
    url = reverse("aftersales:repair_order_add_line", args=[order.pk])
    assert client.post(url, {"code": "BY01", "row_version": 0}).status_code == 302
    assert client.post(url, {"code": "LF-1", "quantity": "2", "row_version": 1}).status_code == 302
    labor, part = order.lines.all()
    assert (labor.kind, labor.quantity, labor.unit_price, labor.published_price) == ("labor", 1.5, 180, 180)
    assert (part.kind, part.quantity, part.unit_price) == ("part", 2, 88)
    order.refresh_from_db()
    assert order.row_version == 2


def test_an_advisor_may_not_change_the_published_price_a_manager_may_with_a_reason(store, advisor, staff, client_of):
    order = draft(advisor)
    PartPriceFactory(store=store, part_number="LF-1", list_price=Decimal("88"))
    url = reverse("aftersales:repair_order_add_line", args=[order.pk])
    cheaper = {"code": "LF-1", "unit_price": "70", "price_reason": "老客户", "row_version": 0}
    response = client_of(advisor).post(url, cheaper)
    assert response.status_code == 422
    assert not order.lines.exists()
    manager = staff(Role.AFTER_SALES_MANAGER)
    response = client_of(manager).post(url, {**cheaper, "price_reason": ""})
    assert response.status_code == 422
    assert gettext("Give the reason for the price change.") in response.content.decode()
    assert client_of(manager).post(url, cheaper).status_code == 302
    line = order.lines.get()
    assert (line.unit_price, line.published_price, line.price_approved_by) == (70, 88, manager)


def test_an_unknown_code_is_a_422_with_the_code(advisor, client_of):
    order = draft(advisor)
    url = reverse("aftersales:repair_order_add_line", args=[order.pk])
    response = client_of(advisor).post(url, {"code": "NOPE", "row_version": 0})
    assert response.status_code == 422
    assert "NOPE" in response.content.decode()


def test_remove_a_draft_line_and_a_stale_form_is_refused(advisor, client_of):
    order = draft(advisor)
    line, other = RepairOrderLineFactory(order=order), RepairOrderLineFactory(order=order)
    url = reverse("aftersales:repair_order_remove_line", args=[order.pk])
    client = client_of(advisor)
    assert client.post(url, {"line": line.pk, "row_version": 0}).status_code == 302
    response = client.post(url, {"line": other.pk, "row_version": 0})
    assert response.status_code == 422
    message = gettext("Someone else changed this record while you were editing it. Reload the page and try again.")
    assert message in response.content.decode()
    assert list(order.lines.all()) == [other]


def test_a_line_of_another_order_is_not_removed(advisor, client_of):
    order, elsewhere = draft(advisor), RepairOrderLineFactory()
    url = reverse("aftersales:repair_order_remove_line", args=[order.pk])
    assert client_of(advisor).post(url, {"line": elsewhere.pk, "row_version": 0}).status_code == 422
    assert RepairOrderLine.objects.filter(pk=elsewhere.pk).exists()


def test_the_customer_signs_and_the_timeline_shows_it(advisor, client_of):
    order = draft(advisor)
    RepairOrderLineFactory(order=order)
    client = client_of(advisor)
    url = reverse("aftersales:repair_order_sign", args=[order.pk])
    assert client.post(url, {"customer_name": "张伟", "row_version": 0}).status_code == 302
    order.refresh_from_db()
    assert (order.status, order.signed_by_name, order.checklist_signed_by, order.estimate) == (
        RepairOrder.Status.SIGNED,
        "张伟",
        advisor,
        Decimal("200.00"),
    )
    response = client.get(page(order))
    assert response.context["sign_form"] is None and response.context["change_form"]
    assert list(response.context["steps"].values_list("action", flat=True)) == ["sign"]
    assert client.post(url, {"customer_name": "张伟", "row_version": order.row_version}).status_code == 422


def test_signing_an_estimate_without_lines_is_a_422(advisor, client_of):
    order = draft(advisor)
    response = client_of(advisor).post(
        reverse("aftersales:repair_order_sign", args=[order.pk]), {"customer_name": "张伟", "row_version": 0}
    )
    assert response.status_code == 422
    assert escape(gettext("Add the estimate's lines before the customer signs.")) in response.content.decode()


def test_other_stores_order_is_404_and_a_wrong_role_403(advisor, other_store, staff, client_of):
    elsewhere = RepairOrderFactory(vehicle__owner__store=other_store)
    assert client_of(advisor).get(page(elsewhere)).status_code == 404
    order = draft(advisor)
    assert client_of(staff(Role.LOUNGE_STAFF)).get(page(order)).status_code == 403
    sign = reverse("aftersales:repair_order_sign", args=[order.pk])
    assert client_of(staff(Role.TECHNICIAN)).post(sign, {"customer_name": "x", "row_version": 0}).status_code == 403


def test_the_printable_order(advisor, client_of):
    order = draft(advisor, customer_words="刹车异响")
    RepairOrderLineFactory(order=order)
    response = client_of(advisor).get(reverse("aftersales:repair_order_print", args=[order.pk]))
    body = response.content.decode()
    assert response.status_code == 200 and "css/print.css" in body and "刹车异响" in body and "200.00" in body


def test_the_list_filters_and_searches(store, advisor, staff, client_of):
    mine = draft(advisor, number="20261130-0001", vehicle__plate="粤A11111")
    theirs = RepairOrderFactory(vehicle__owner__store=store, number="20261130-0002", vehicle__plate="粤A22222")
    RepairOrder.objects.filter(pk=theirs.pk).update(status=RepairOrder.Status.SIGNED)
    client = client_of(advisor)
    url = reverse("aftersales:repair_orders")
    assert list(client.get(url).context["page"]) == [mine, theirs]  # an advisor's own first
    assert list(client.get(url, {"status": "signed"}).context["page"]) == [theirs]
    assert list(client.get(url, {"q": "0002"}).context["page"]) == [theirs]
    assert list(client.get(url, {"mine": "on"}).context["page"]) == [mine]
    assert client.get(url, {"status": "martian"}).status_code == 400


def test_the_page_lists_the_qc_inspections_once_in_the_workshop_section(advisor, staff, client_of):
    order = draft(advisor, status=RepairOrder.Status.IN_PROGRESS)
    QcInspection.objects.create(order=order, inspector=staff(Role.QC_INSPECTOR), passed=False, notes="刹车片异响仍在")
    body = client_of(advisor).get(page(order)).content.decode()
    assert body.count("刹车片异响仍在") == 1 and body.count(gettext("QC inspections")) == 1


def test_the_page_query_count_stays_constant_from_1_to_30_lines_and_steps(advisor, client_of):
    order = draft(advisor)
    client = client_of(advisor)
    client.get(page(order))
    queries = {}
    for count in (1, 30):
        while order.lines.count() < count:
            RepairOrderLineFactory(order=order)
            RepairOrderStep.objects.create(order=order, action="note", to_status="draft", by=advisor)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page(order))
        assert len(response.context["lines"]) == count
        queries[count] = len(captured)
    assert queries[1] == queries[30]


def test_the_list_query_count_stays_constant_from_1_to_30_orders(store, advisor, client_of):
    client = client_of(advisor)
    url = reverse("aftersales:repair_orders")
    client.get(url)
    queries = {}
    for count in (1, 30):
        while RepairOrder.objects.count() < count:
            draft(advisor)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert len(response.context["page"]) == count
        queries[count] = len(captured)
    assert queries[1] == queries[30]
