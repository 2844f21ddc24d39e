"""The audit trail shown on a customer's page: changes to the file, its vehicles and memberships.

Mobiles show masked here as everywhere: the full number only through the logged reveal (customers.privacy).
"""

from datetime import datetime
from itertools import pairwise

from django.utils import timezone
from django.utils.translation import gettext

from customers.models import Customer, Membership, Vehicle
from customers.privacy import mask_mobile

LIMIT = 200
SHOWN = 30
HIDDEN_FIELDS = {"row_version"}
MASKED_FIELDS = {"mobile"}
# Which vehicle or membership an entry is about, read from the historical row itself (no query).
NAMES = {
    Vehicle: lambda record: record.plate or record.vin,
    Membership: lambda record: record.get_kind_display(),
}


def _entries(history_model, filters: dict) -> list:
    records = list(
        history_model.objects.filter(**filters)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:LIMIT]
    )
    entries = []
    by_object: dict[int, list] = {}
    for record in records:
        by_object.setdefault(record.id, []).append(record)
    for versions in by_object.values():
        versions.sort(key=lambda r: (r.history_date, r.history_id))
        entries.append((versions[0], []))
        for older, newer in pairwise(versions):
            delta = newer.diff_against(older)
            changes = [c for c in delta.changes if c.field not in HIDDEN_FIELDS]
            entries.append((newer, changes))
    return entries


def audit_trail(customer: Customer, vehicles: list[Vehicle]) -> list[dict]:
    """Newest first: who changed what, with each changed field's old and new value as staff read it."""
    entries = _entries(Customer.history.model, {"id": customer.pk})
    entries += _entries(Vehicle.history.model, {"id__in": [v.pk for v in vehicles]})
    entries += _entries(Membership.history.model, {"customer_id": customer.pk})
    entries.sort(key=lambda e: (e[0].history_date, e[0].history_id), reverse=True)
    entries = entries[:SHOWN]
    names = _related_names(entries)
    trail = []
    for record, changes in entries:
        fields = record.instance_type._meta
        shown = []
        for change in changes:
            field = fields.get_field(change.field)
            old, new = _readable(field, change.old, names), _readable(field, change.new, names)
            if old != new:
                shown.append({"field": field.verbose_name, "old": old, "new": new})
        name = NAMES.get(record.instance_type, lambda record: "")(record)
        trail.append({"record": record, "subject": fields.verbose_name, "name": name, "changes": shown})
    return trail


def _related_names(entries) -> dict:
    """str() of every object a foreign-key change points at, one query per related model."""
    wanted: dict = {}
    for record, changes in entries:
        for change in changes:
            field = record.instance_type._meta.get_field(change.field)
            if field.is_relation:
                wanted.setdefault(field.related_model, set()).update(v for v in (change.old, change.new) if v)
    return {
        (model, obj.pk): str(obj) for model, ids in wanted.items() for obj in model._base_manager.filter(pk__in=ids)
    }


def _readable(field, value, names: dict) -> str:
    if value in (None, ""):
        return ""
    if field.name in MASKED_FIELDS:
        return mask_mobile(value)
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if field.is_relation:
        return names.get((field.related_model, value), str(value))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, datetime):
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
    return str(value)
