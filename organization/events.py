"""Business events that lower apps announce and upper apps act on.

The announcing app declares its kinds in its own module and announces the record that caused
the event; upper apps connect receivers in their AppConfig.ready(), so nothing imports upward:

    SALES_DELIVERY = declare_event_kind("sales_delivery", _("Vehicle sale delivered"))   # customers/deliveries.py
    announce(BusinessEvent(SALES_DELIVERY, sale, store, buyer, vehicle, consultant, sale.delivered_at))

Receivers run inside the announcing transaction: the rows they write (callbacks) commit or roll back
with the record. Anything that leaves the database (SMS, notifications, Celery tasks) goes behind
`transaction.on_commit`, so a rolled-back delivery tells nobody. Announcing the same record twice
must create nothing new: receivers key their rows on `event.source`.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.dispatch import Signal


@dataclass(frozen=True)
class EventKind:
    key: str
    label: str


_kinds: dict[str, EventKind] = {}


def declare_event_kind(key: str, label: str) -> EventKind:
    """Declare a kind of event once, in the module of the app that announces it."""
    if key in _kinds:
        raise ImproperlyConfigured(f"The event kind {key!r} is declared twice.")
    _kinds[key] = EventKind(key, label)
    return _kinds[key]


@dataclass(frozen=True)
class BusinessEvent:
    kind: EventKind
    record: models.Model  # what caused it: the VehicleSale, the VipReception, later the RepairOrder or Complaint
    store: object
    customer: object
    vehicle: object | None
    staff: object | None  # the consultant or advisor who served the customer
    occurred_at: datetime

    @property
    def source(self) -> str:
        """The record's event source, e.g. "sale:42": what receivers key their rows on."""
        return self.record.source


business_event = Signal()


def announce(event: BusinessEvent) -> None:
    business_event.send(sender=event.kind, event=event)
