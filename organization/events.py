"""Business events that lower apps announce and upper apps act on.

Customers and after-sales announce a delivery here; surveys turns it into callbacks
(its AppConfig.ready() connects the receiver), so neither imports surveys.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    SALES_DELIVERY = "sales_delivery", _("Vehicle sale delivered")
    SERVICE_DELIVERY = "service_delivery", _("Repair order delivered")
    VIP_RECEPTION = "vip_reception", _("VIP received")


@dataclass(frozen=True)
class BusinessEvent:
    kind: EventKind
    store: object
    customer: object
    vehicle: object | None
    staff: object | None  # the consultant or advisor who served the customer
    occurred_at: datetime
    source: str  # what announced it, e.g. "sale:42"; announcing the same source twice is harmless


business_event = Signal()


def announce(event: BusinessEvent) -> None:
    business_event.send(sender=event.kind, event=event)
