"""Hypothesis drives the broadcast form (preview and confirmation) and the htmx count: a 4xx, nothing queued."""

import pytest
from django.urls import reverse
from hypothesis import given

from care.models import Broadcast
from organization.models import OutboundMessage
from organization.roles import Role
from tests.customers.test_bad_input import FUZZ, field, form, split, text
from tests.factories import VehicleFactory

KINDS = field(["promotion", "weather_warning"], ["", "spam", "PROMOTION"])
AUDIENCES = field(["store"], ["", "everyone", "fleet"])  # a fleet broadcast without a fleet is refused


@pytest.fixture
def manager(staff, store):
    VehicleFactory(owner__store=store, owner__marketing_consent=True)
    return staff(Role.AFTER_SALES_MANAGER)


@FUZZ
@given(
    drawn=form(
        kind=KINDS, audience=AUDIENCES, model_name=text(50, required=False), text=text(300, ok=("冬季保养八折",))
    )
)
def test_broadcast_form(drawn, manager, client_of):
    values, is_bad = split(drawn)
    client = client_of(manager)
    for data in (values, {**values, "confirm": "1", "submission": "6b0c0d7e-3c55-4f0e-a9a8-3b1f0f3c8a01"}):
        status = client.post(reverse("care:broadcast_new"), data).status_code
        if is_bad:
            assert status == 422, status
        assert status in (200, 302, 422), status
    if is_bad:
        assert not Broadcast.objects.exists() and not OutboundMessage.objects.exists()
    Broadcast.objects.all().delete()
    OutboundMessage.objects.all().delete()


@FUZZ
@given(drawn=form(kind=KINDS, audience=AUDIENCES, text=text(300, ok=("冬季保养八折",))))
def test_broadcast_count(drawn, manager, client_of):
    values, is_bad = split(drawn)
    status = client_of(manager).get(reverse("care:broadcast_count"), values).status_code
    if is_bad:
        assert status == 422, status
    assert status in (200, 422), status
