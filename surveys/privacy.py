"""PIPL: a customer anonymized on request keeps no notes in their callbacks, and nobody calls them again."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from customers.privacy import CUSTOMER_ANONYMIZED, REMOVED_ON_REQUEST
from organization.events import BusinessEvent
from surveys.models import Callback

CLOSED_ON_REQUEST = _("Closed: the customer was anonymized on request. Do not call.")


def forget_callbacks_of_anonymized(sender, *, event: BusinessEvent, **kwargs) -> int:
    """The notes of the customer's callbacks (their showroom prospects' too) and of those rows' history become the
    removal text; open callbacks close at the anonymization. Announced again, it changes nothing. Returns how many
    callbacks it closed."""
    if event.kind != CUSTOMER_ANONYMIZED:
        return 0
    removed = str(REMOVED_ON_REQUEST)
    closed_note = f"{removed}\n{CLOSED_ON_REQUEST}"
    ids = list(
        Callback.objects.filter(Q(customer=event.customer) | Q(prospect__customer=event.customer)).values_list(
            "pk", flat=True
        )
    )
    open_ids = list(Callback.objects.filter(pk__in=ids, completed_at=None).values_list("pk", flat=True))
    kept = ["", removed, closed_note]
    # Queryset updates write no history rows: the old ones are overwritten just below.
    Callback.objects.filter(pk__in=ids).exclude(pk__in=open_ids).exclude(notes__in=kept).update(notes=removed)
    Callback.history.filter(id__in=ids).exclude(notes__in=kept).update(notes=removed)
    Callback.objects.filter(pk__in=open_ids).update(completed_at=event.occurred_at, notes=closed_note)
    # The closing is recorded in the history, by the person who anonymized the customer.
    Callback.history.bulk_history_create(
        Callback.objects.filter(pk__in=open_ids),
        update=True,
        default_user=event.record.user,
        default_date=event.occurred_at,
        default_change_reason=str(CLOSED_ON_REQUEST),
    )
    return len(open_ids)
