"""The broadcast pages: choose, preview (htmx count), confirm, send once, and see what went out."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from care.models import Broadcast
from care.models.outreach import Audience, BroadcastKind
from organization.models import OutboundMessage
from organization.roles import Role
from tests.factories import BroadcastFactory, VehicleFactory

DAYTIME = datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
CHOICE = {"kind": BroadcastKind.PROMOTION, "audience": Audience.MODEL, "model_name": "卡罗拉", "text": "冬季保养八折"}


@pytest.fixture(autouse=True)
def daytime(time_machine):
    time_machine.move_to(DAYTIME, tick=False)


@pytest.fixture
def manager(staff):
    return staff(Role.AFTER_SALES_MANAGER)


@pytest.fixture
def owners(store):
    for consent, model in [(True, "卡罗拉"), (True, "卡罗拉"), (False, "卡罗拉"), (True, "凯美瑞")]:
        VehicleFactory(owner__store=store, owner__marketing_consent=consent, model_name=model)


def reaches(count):
    return ngettext("It reaches %(count)s owner.", "It reaches %(count)s owners.", count) % {"count": count}


def test_it_previews_the_count_then_sends_after_confirmation(
    client_of, manager, owners, django_capture_on_commit_callbacks
):
    client = client_of(manager)
    count = client.get(reverse("care:broadcast_count"), CHOICE, headers={"HX-Request": "true"})
    assert count.status_code == 200
    assert reaches(2) in count.content.decode()

    preview = client.post(reverse("care:broadcast_new"), CHOICE)
    assert preview.status_code == 200
    assert reaches(2) in preview.content.decode()
    assert not Broadcast.objects.exists() and not OutboundMessage.objects.exists()

    token = preview.context["form"].initial["submission"]
    confirm = {**CHOICE, "submission": token, "confirm": "1"}
    with django_capture_on_commit_callbacks():
        sent = client.post(reverse("care:broadcast_new"), confirm)
    broadcast = Broadcast.objects.get()
    assert sent.status_code == 302 and sent.url == broadcast.get_absolute_url()
    assert broadcast.recipients == 2 == OutboundMessage.objects.count()
    assert broadcast.sent_by == manager and broadcast.model_name == "卡罗拉"

    again = client.post(reverse("care:broadcast_new"), confirm)  # a double click
    assert again.status_code == 302
    assert Broadcast.objects.count() == 1 and OutboundMessage.objects.count() == 2

    page = client.get(broadcast.get_absolute_url())
    assert page.status_code == 200
    rows = dict(page.context["statuses"])
    assert rows[OutboundMessage.Status.PENDING.label] == 2
    assert rows[OutboundMessage.Status.SENT.label] == 0


def test_a_model_broadcast_without_a_model_is_refused(client_of, manager, owners):
    response = client_of(manager).post(reverse("care:broadcast_new"), {**CHOICE, "model_name": "", "confirm": "1"})
    assert response.status_code == 422
    assert gettext("Name the model whose owners receive it.") in response.content.decode()
    assert not Broadcast.objects.exists() and not OutboundMessage.objects.exists()


def test_a_fleet_of_another_store_is_refused(client_of, manager, other_store):
    from tests.factories import FleetAccountFactory

    fleet = FleetAccountFactory(representative__store=other_store)
    data = {**CHOICE, "audience": Audience.FLEET, "fleet": fleet.pk}
    response = client_of(manager).post(reverse("care:broadcast_new"), data)
    assert response.status_code == 422
    assert not Broadcast.objects.exists()


def test_wrong_roles_and_the_group_user_cannot_send(client_of, staff, group_user, owners):
    for user in (staff(Role.SERVICE_ADVISOR), staff(Role.CUSTOMER_SERVICE), group_user):
        assert client_of(user).post(reverse("care:broadcast_new"), {**CHOICE, "confirm": "1"}).status_code == 403
    assert not OutboundMessage.objects.exists()


def test_another_stores_broadcast_answers_404(client_of, manager, other_store):
    broadcast = BroadcastFactory(store=other_store)
    assert client_of(manager).get(broadcast.get_absolute_url()).status_code == 404


def test_the_wrong_method_answers_405(client_of, manager):
    assert client_of(manager).post(reverse("care:broadcasts")).status_code == 405
    assert client_of(manager).post(reverse("care:broadcast_count")).status_code == 405


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_list_costs_the_same_at_1_and_30_broadcasts(client_of, manager, store, django_assert_max_num_queries):
    client = client_of(manager)
    BroadcastFactory(store=store, sent_by=manager, audience=Audience.MODEL, model_name="卡罗拉")
    with_one = queries_for(client, reverse("care:broadcasts"))
    BroadcastFactory.create_batch(29, store=store, sent_by=manager)
    with django_assert_max_num_queries(with_one):
        response = client.get(reverse("care:broadcasts"))
    assert response.content.decode().count('data-testid="broadcast-row"') == 25  # a full page
