from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext

from customers.deliveries import SALES_DELIVERY
from customers.models import PrivacyLog, Prospect
from customers.privacy import CUSTOMER_ANONYMIZED, anonymize_customer
from organization.events import BusinessEvent, announce
from organization.roles import Role
from surveys.callbacks import record_callback_outcome
from surveys.models import Callback
from surveys.privacy import forget_callbacks_of_anonymized
from tests.factories import CallbackFactory, CustomerFactory

ASKED = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
REMOVED = "(removed: the customer's personal data was erased on request)"
CLOSED = "Closed: the customer was anonymized on request. Do not call."


@pytest.fixture
def calls(store, staff, time_machine):
    """张伟明's callbacks: one made (its notes in two history rows), one open, one on his showroom prospect."""
    time_machine.move_to(ASKED - timedelta(days=3), tick=False)
    cs = staff(Role.CUSTOMER_SERVICE)
    customer = CustomerFactory(store=store, name="张伟明", mobile="13812341234")
    made = CallbackFactory(customer=customer, owner=cs)
    made = record_callback_outcome(made, expected_version=0, reached=False, satisfied=None, notes="张太太接的", by=cs)
    made = record_callback_outcome(
        made, expected_version=1, reached=True, satisfied=False, notes="张先生嫌保养贵", by=cs
    )
    open_call = CallbackFactory(customer=customer, owner=cs, notes="张先生下午三点后方便")
    prospect = Prospect.objects.create(store=store, name="张伟明", mobile="13812341234", customer=customer)
    sample = CallbackFactory(customer=None, prospect=prospect, store=store, kind=Callback.Kind.PROSPECT_SAMPLE)
    sample.notes = "张先生想看SUV"
    sample.save(update_fields=["notes"])
    someone_else = CallbackFactory(customer__store=store, owner=cs, notes="李女士很满意")
    time_machine.move_to(ASKED, tick=False)
    return customer, cs, made, open_call, sample, someone_else


def anonymize(client, customer):
    response = client.post(reverse("customers:anonymize", args=[customer.pk]), {"note": "客户来电要求删除"})
    assert response.status_code == 302


def test_anonymization_removes_the_callback_notes_and_their_history(calls, staff, client_of):
    customer, _cs, made, open_call, sample, someone_else = calls
    anonymize(client_of(staff(Role.GENERAL_MANAGER)), customer)
    assert not Callback.objects.filter(notes__contains="张").exists()
    assert not Callback.history.filter(notes__contains="张").exists()
    made.refresh_from_db()
    assert made.notes == gettext(REMOVED) and made.reached and made.satisfied is False
    sample.refresh_from_db()
    assert sample.notes.startswith(gettext(REMOVED))
    someone_else.refresh_from_db()
    assert someone_else.notes == "李女士很满意" and someone_else.completed_at is None
    assert Callback.history.filter(id=someone_else.pk, notes="李女士很满意").exists()


def test_anonymization_closes_the_open_callbacks_so_nobody_calls(calls, staff, client_of):
    customer, cs, made, open_call, sample, someone_else = calls
    version = open_call.row_version
    anonymize(client_of(staff(Role.GENERAL_MANAGER)), customer)
    open_call.refresh_from_db()
    assert open_call.completed_at == ASKED and open_call.reached is None
    assert open_call.notes == f"{gettext(REMOVED)}\n{gettext(CLOSED)}"
    assert open_call.row_version > version  # a form opened before is stale
    assert not Callback.objects.open().filter(Q(customer=customer) | Q(prospect__customer=customer)).exists()
    assert list(Callback.objects.open().on_list_of(cs)) == [someone_else]
    closing = open_call.history.first()
    assert closing.completed_at == ASKED and closing.notes == open_call.notes


def test_announced_again_it_changes_nothing(calls, staff):
    customer, _cs, *_ = calls
    anonymize_customer(customer, note="客户来电要求删除", by=staff(Role.GENERAL_MANAGER))
    before = list(Callback.objects.order_by("pk").values_list("pk", "row_version", "notes", "completed_at"))
    history = Callback.history.count()
    log = PrivacyLog.objects.get(action=PrivacyLog.Action.ANONYMIZE)
    announce(BusinessEvent(CUSTOMER_ANONYMIZED, log, log.store, customer, None, log.user, log.at))
    assert list(Callback.objects.order_by("pk").values_list("pk", "row_version", "notes", "completed_at")) == before
    assert Callback.history.count() == history


def test_other_events_leave_the_callbacks_alone(calls):
    customer, _cs, made, open_call, *_ = calls
    assert (
        forget_callbacks_of_anonymized(
            None, event=BusinessEvent(SALES_DELIVERY, made, None, customer, None, None, ASKED)
        )
        == 0
    )
    open_call.refresh_from_db()
    assert open_call.completed_at is None and "张" in open_call.notes
