"""The workshop's part of the order page: what the person may do to the order now, in a fixed number of queries."""

from django import template

from aftersales import roles
from aftersales.models import RepairOrder
from aftersales.workshop_forms import technicians_of

register = template.Library()
Status = RepairOrder.Status


@register.simple_tag(takes_context=True)
def workshop_panel(context, order: RepairOrder) -> dict:
    user = context["user"]
    advisor = user.may_write(roles.RECEIVE_VEHICLES)
    technician_on_it = order.technician_id == user.pk and user.may_write(roles.REPAIR)
    return {
        "dispatch": order.status == Status.SIGNED and advisor,
        "technicians": technicians_of(order.store_id) if order.status == Status.SIGNED and advisor else (),
        "take": order.status == Status.SIGNED and user.may_write(roles.REPAIR) and not advisor,
        "finish": order.status == Status.IN_PROGRESS and technician_on_it,
        "inspect": order.status == Status.QC and user.may_write(roles.INSPECT_QUALITY),
        "request_part": order.status == Status.IN_PROGRESS and (advisor or technician_on_it),
        "issue": user.may_write(roles.SUPPLY_PARTS),
        "requisition": order.requisition.select_related("part", "requested_by", "issued_by"),
        "inspections": order.inspections.select_related("inspector"),
    }
