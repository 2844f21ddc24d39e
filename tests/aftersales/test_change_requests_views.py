"""Change requests from the order page: asked for after signing, applied only with the customer's recorded answer."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext

from aftersales.models import ChangeRequest, RecommendedWork, RepairOrder
from organization.roles import Role
from tests.factories import PartPriceFactory, RepairOrderFactory, RepairOrderLineFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def advisor(staff):
    return staff(Role.SERVICE_ADVISOR)


@pytest.fixture
def signed(advisor):
    order = RepairOrderFactory(store=advisor.store, vehicle__owner__store=advisor.store, advisor=advisor)
    RepairOrderLineFactory(order=order)
    RepairOrder.objects.filter(pk=order.pk).update(status=RepairOrder.Status.SIGNED, estimate=Decimal("200.00"))
    order.refresh_from_db()
    return order


def url(name, order):
    return reverse(f"aftersales:{name}", args=[order.pk])


def test_an_added_part_counts_only_once_the_customer_approves(store, advisor, signed, client_of):
    PartPriceFactory(store=store, part_number="BP-1", name="刹车片", list_price=Decimal("300"))
    client = client_of(advisor)
    later = (timezone.localtime() + timedelta(hours=6)).strftime("%Y-%m-%dT%H:%M")
    ask = {"reason": "刹车片磨损", "code": "BP-1", "new_promised_at": later, "row_version": signed.row_version}
    assert client.post(url("repair_order_request_change", signed), ask).status_code == 302
    change = ChangeRequest.objects.get()
    assert change.status == ChangeRequest.Status.PENDING and change.lines.get().description == "刹车片"
    signed.refresh_from_db()
    assert signed.estimate == Decimal("200.00")
    page = client.get(url("repair_order", signed))
    assert reverse("aftersales:repair_order_decide_change", args=[signed.pk]) in page.content.decode()
    answer = {"change": change.pk, "approved": "yes", "customer_name": "张伟", "how": "phone"}
    response = client.post(url("repair_order_decide_change", signed), {**answer, "row_version": signed.row_version})
    assert response.status_code == 302
    change.refresh_from_db()
    signed.refresh_from_db()
    assert (change.status, change.customer_name, change.decided_how, change.recorded_by) == (
        ChangeRequest.Status.APPROVED,
        "张伟",
        "phone",
        advisor,
    )
    assert signed.estimate == Decimal("500.00")
    assert timezone.localtime(signed.promised_at).strftime("%Y-%m-%dT%H:%M") == later
    assert signed.steps.get().action == "change_approved"


def test_a_declined_change_leaves_the_estimate(store, advisor, signed, client_of):
    client = client_of(advisor)
    later = (timezone.localtime() + timedelta(hours=6)).strftime("%Y-%m-%dT%H:%M")
    ask = {"reason": "晚些交车", "new_promised_at": later, "row_version": signed.row_version}
    client.post(url("repair_order_request_change", signed), ask)
    signed.refresh_from_db()
    change = ChangeRequest.objects.get()
    answer = {"change": change.pk, "approved": "no", "customer_name": "张伟", "how": "in_person"}
    client.post(url("repair_order_decide_change", signed), {**answer, "row_version": signed.row_version})
    promised = signed.promised_at
    signed.refresh_from_db()
    assert signed.promised_at == promised and ChangeRequest.objects.get().status == ChangeRequest.Status.DECLINED


def test_an_empty_change_request_is_a_422(advisor, signed, client_of):
    response = client_of(advisor).post(
        url("repair_order_request_change", signed), {"reason": "?", "row_version": signed.row_version}
    )
    assert response.status_code == 422
    assert escape(gettext("Add a line or a new promised time to ask the customer about.")) in response.content.decode()
    assert not ChangeRequest.objects.exists()


def test_no_change_request_on_a_draft(advisor, client_of):
    draft = RepairOrderFactory(store=advisor.store, vehicle__owner__store=advisor.store, advisor=advisor)
    later = (timezone.localtime() + timedelta(hours=6)).strftime("%Y-%m-%dT%H:%M")
    response = client_of(advisor).post(
        url("repair_order_request_change", draft), {"reason": "x", "new_promised_at": later, "row_version": 0}
    )
    assert response.status_code == 422 and not ChangeRequest.objects.exists()


def test_an_answer_twice_or_from_a_stale_page_is_a_422(advisor, signed, client_of):
    client = client_of(advisor)
    later = (timezone.localtime() + timedelta(hours=6)).strftime("%Y-%m-%dT%H:%M")
    seen = signed.row_version
    ask = {"reason": "x", "new_promised_at": later, "row_version": seen}
    client.post(url("repair_order_request_change", signed), ask)
    change = ChangeRequest.objects.get()
    answer = {"change": change.pk, "approved": "yes", "customer_name": "张伟", "how": "phone"}
    assert client.post(url("repair_order_decide_change", signed), {**answer, "row_version": seen}).status_code == 422
    assert (
        client.post(url("repair_order_decide_change", signed), {**answer, "row_version": seen + 1}).status_code == 302
    )
    response = client.post(url("repair_order_decide_change", signed), {**answer, "row_version": seen + 2})
    assert response.status_code == 422
    assert gettext("The customer has already answered this change request.") in response.content.decode()


def test_only_the_advisor_records_the_answer(advisor, signed, staff, client_of):
    manager = staff(Role.AFTER_SALES_MANAGER)
    later = (timezone.localtime() + timedelta(hours=6)).strftime("%Y-%m-%dT%H:%M")
    ask = {"reason": "x", "new_promised_at": later, "row_version": signed.row_version}
    assert client_of(manager).post(url("repair_order_request_change", signed), ask).status_code == 302
    change = ChangeRequest.objects.get()
    answer = {"change": change.pk, "approved": "yes", "customer_name": "张伟", "how": "phone", "row_version": 2}
    assert client_of(manager).post(url("repair_order_decide_change", signed), answer).status_code == 403


def test_recommended_work_declined_safety_work_needs_a_signature(advisor, signed, staff, client_of):
    technician = staff(Role.TECHNICIAN)
    recommend = {"description": "更换前刹车盘", "safety_related": "on"}
    assert client_of(technician).post(url("repair_order_recommend", signed), recommend).status_code == 302
    work = RecommendedWork.objects.get()
    assert work.safety_related and work.recorded_by == technician
    client = client_of(advisor)
    response = client.post(url("repair_order_decline_recommendation", signed), {"recommendation": work.pk})
    assert response.status_code == 422
    assert escape(gettext("Safety-related work declined needs the customer's signature.")) in response.content.decode()
    response = client.post(
        url("repair_order_decline_recommendation", signed), {"recommendation": work.pk, "signature": "张伟"}
    )
    assert response.status_code == 302
    work.refresh_from_db()
    assert work.declined_at and work.declined_signature == "张伟"
