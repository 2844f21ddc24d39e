"""Reception (接待) around the repair order: lines priced from the store's published catalog, recommended work."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from aftersales import roles, workshop
from aftersales.models import LaborOperation, PartPrice, RecommendedWork, RepairOrder, RepairOrderLine
from organization.models import PolicySet

PART_LINE_KINDS = {
    PartPrice.Kind.PART: RepairOrderLine.Kind.PART,
    PartPrice.Kind.ACCESSORY: RepairOrderLine.Kind.ACCESSORY,
}


def line_from_catalog(
    order: RepairOrder, code: str, *, quantity=None, unit_price=None, price_reason=""
) -> RepairOrderLine:
    """An unsaved line for the labor operation or part with `code` in the order's store, at its published price.

    Labor comes at its standard hours unless `quantity` says otherwise; `unit_price` (a manager's) may differ from
    the published price, with `price_reason`.
    """
    code = code.strip()
    operation = LaborOperation.objects.filter(store_id=order.store_id, code=code, active=True).first()
    if operation is not None:
        line = RepairOrderLine(
            kind=RepairOrderLine.Kind.LABOR,
            labor_operation=operation,
            description=operation.name,
            quantity=quantity or operation.standard_hours,
            published_price=operation.hourly_rate,
            free_labor=operation.free_labor,
        )
    else:
        part = PartPrice.objects.filter(store_id=order.store_id, part_number=code, active=True).first()
        if part is None:
            raise ValidationError(
                _("No labor operation or part %(code)s in this store's published prices."),
                code="not_in_catalog",
                params={"code": code},
            )
        line = RepairOrderLine(
            kind=PART_LINE_KINDS[part.kind],
            part=part,
            description=part.name,
            quantity=quantity or 1,
            published_price=part.list_price,
        )
    line.unit_price = line.published_price if unit_price is None else unit_price
    line.price_reason = price_reason.strip()
    return line


@transaction.atomic
def recommend_work(order: RepairOrder, *, description: str, safety_related: bool, by) -> RecommendedWork:
    """Work the advisor or technician recommends for later; the customer may decline it."""
    if not by.may_write(roles.RECEIVE_VEHICLES | roles.REPAIR):
        raise PermissionDenied(_("Your role does not take this step of the repair order."))
    if order.status in (RepairOrder.Status.DELIVERED, RepairOrder.Status.CANCELLED):
        raise ValidationError(_("This repair order is closed."), code="closed")
    return RecommendedWork.objects.create(
        order=order, description=description.strip(), safety_related=safety_related, recorded_by=by
    )


def promise_at_risk(order: RepairOrder, now: datetime, policy: PolicySet) -> bool:
    """The car is not ready yet and its promised time is past or closer than the policy's margin."""
    waiting = (
        RepairOrder.Status.DRAFT,
        RepairOrder.Status.SIGNED,
        RepairOrder.Status.IN_PROGRESS,
        RepairOrder.Status.QC,
    )
    margin = policy.value(workshop.PROMISE_AT_RISK)
    return order.status in waiting and workshop.promise_at_risk(order.promised_at, now=now, margin=margin)
