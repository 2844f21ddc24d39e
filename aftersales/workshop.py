"""The workshop (SPEC section 3, seed 002 维修 → 检验): the parts requisition (领料单) and the workshop board's rules.

Parts are requested on an order in progress by its technician or an advisor, from the store's price list, and issued
once by parts staff. The board marks a promised time at risk when it falls within a policy margin, or has passed.
"""

from datetime import datetime, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aftersales import roles
from aftersales.models import PartPrice, RepairOrder, RequisitionLine
from organization.policies import Unit, define

Status = RepairOrder.Status
SECTION = _("Workshop")
PROMISE_AT_RISK = define(
    "workshop.promise_at_risk_minutes",
    SECTION,
    _("A promised delivery time is at risk when it is this close, or past"),
    Unit.MINUTES,
    minimum=0,
    maximum=24 * 60,
)
ISSUABLE = (Status.IN_PROGRESS, Status.QC, Status.READY)
"""Parts go out while the car is in the workshop, and until settlement compares them with the bill."""


def promise_at_risk(promised_at: datetime, *, now: datetime, margin: timedelta) -> bool:
    """Seed 002 keeps the promised time: the board flags it when it is within `margin` of now, or past."""
    return promised_at <= now + margin


@transaction.atomic
def request_part(order: RepairOrder, *, part: PartPrice, quantity: Decimal, by) -> RequisitionLine:
    """The technician on the order, or an advisor, asks the parts store for a part of the store's price list."""
    if not by.may_write(roles.REQUEST_PARTS):
        raise PermissionDenied(_("Your role does not request parts."))
    order = RepairOrder.objects.select_for_update().get(pk=order.pk)
    if not by.may_write(roles.RECEIVE_VEHICLES) and order.technician_id != by.pk:
        raise PermissionDenied(_("Only the technician working on this order requests its parts."))
    if order.status != Status.IN_PROGRESS:
        raise ValidationError(_("Parts are requested while the order is in progress."), code="wrong_status")
    if part.store_id != order.store_id or not part.active:
        raise ValidationError(_("Choose a part of this store's price list."), code="other_store_part")
    if quantity <= 0:
        raise ValidationError(_("Enter a quantity above zero."), code="quantity")
    return RequisitionLine.objects.create(order=order, part=part, quantity=quantity, requested_by=by)


@transaction.atomic
def issue_part(line: RequisitionLine, *, by) -> RequisitionLine:
    """Parts staff hand the part over, once; the line's row is locked so two clicks issue it once."""
    if not by.may_write(roles.SUPPLY_PARTS):
        raise PermissionDenied(_("Only parts staff issue parts."))
    line = RequisitionLine.objects.select_for_update().select_related("order").get(pk=line.pk)
    if line.issued_at is not None:
        raise ValidationError(_("This part has already been issued."), code="issued")
    if line.order.status not in ISSUABLE:
        raise ValidationError(_("This order no longer takes parts."), code="wrong_status")
    line.issued_by, line.issued_at = by, timezone.now()
    line.save(update_fields=["issued_by", "issued_at"])
    return line
