"""Business events: an app declares its own kinds and announces the record that caused the event."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from organization.events import BusinessEvent, announce, business_event, declare_event_kind
from tests.factories import VehicleSaleFactory

# Declared here, as an announcing app declares its kinds in its own module; organization is not edited.
ROADSIDE_RESCUE = declare_event_kind("test_roadside_rescue", "Roadside rescue finished")


@pytest.fixture
def heard():
    events = []

    def receiver(sender, *, event, **kwargs):
        events.append(event)

    business_event.connect(receiver, sender=ROADSIDE_RESCUE, dispatch_uid="test_events")
    yield events
    business_event.disconnect(dispatch_uid="test_events", sender=ROADSIDE_RESCUE)


def test_a_kind_declared_by_another_module_is_announced_with_its_record(heard, store):
    sale = VehicleSaleFactory(vehicle__owner__store=store)
    event = BusinessEvent(
        kind=ROADSIDE_RESCUE,
        record=sale,
        store=store,
        customer=sale.buyer,
        vehicle=sale.vehicle,
        staff=sale.consultant,
        occurred_at=timezone.now(),
    )
    announce(event)
    (received,) = heard
    assert received.record is sale and received.kind is ROADSIDE_RESCUE
    assert received.source == sale.source == f"sale:{sale.pk}"


def test_a_kind_is_declared_once():
    with pytest.raises(ImproperlyConfigured):
        declare_event_kind("test_roadside_rescue", "Another label")
