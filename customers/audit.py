"""The audit trail shown on a customer's page: changes to the file, its vehicles and memberships."""

from itertools import pairwise

from customers.models import Customer, Membership, Vehicle

LIMIT = 200
SHOWN = 30
HIDDEN_FIELDS = {"row_version"}


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
    """Newest first: who changed what, with each changed field's old and new value."""
    entries = _entries(Customer.history.model, {"id": customer.pk})
    entries += _entries(Vehicle.history.model, {"id__in": [v.pk for v in vehicles]})
    entries += _entries(Membership.history.model, {"customer_id": customer.pk})
    entries.sort(key=lambda e: (e[0].history_date, e[0].history_id), reverse=True)
    return [
        {
            "record": record,
            "subject": record.instance_type._meta.verbose_name,
            "changes": [
                {"field": record.instance_type._meta.get_field(c.field).verbose_name, "old": c.old, "new": c.new}
                for c in changes
            ],
        }
        for record, changes in entries[:SHOWN]
    ]
