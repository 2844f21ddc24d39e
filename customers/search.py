"""Customer search: one box for a name fragment (one or two Chinese characters will do), a mobile, a plate or a VIN.

All search logic lives behind `search_customers`, so it can be tuned for large stores in one place.
"""

import re

from django.db.models import Q, QuerySet

from customers.models import Vehicle

SEPARATORS = re.compile(r"[\s·•\-]")
CHINESE_ONLY = re.compile(r"^[\u3400-\u9fff]+$")
PLATE_OR_VIN = re.compile(r"^[A-Z0-9\u4e00-\u9fff]{3,17}$")
MAX_LENGTH = 50


def search_customers(queryset: QuerySet, text: str) -> QuerySet:
    """Customers in `queryset` whose name contains `text`, or whose mobile, plate or VIN matches it."""
    text = (text or "").strip()[:MAX_LENGTH]
    if not text:
        return queryset
    matches = Q(name__contains=text)
    compact = SEPARATORS.sub("", text).upper()
    if compact.isdigit() and 3 <= len(compact) <= 11:
        matches |= Q(mobile=compact) if len(compact) == 11 else Q(mobile__contains=compact)
    if len(compact) == 17 and compact.isalnum():
        matches |= Q(pk__in=Vehicle.objects.filter(vin=compact).values("owner_id"))
    elif PLATE_OR_VIN.match(compact) and not CHINESE_ONLY.match(compact):
        vehicles = Vehicle.objects.filter(Q(plate__contains=compact) | Q(vin__contains=compact))
        matches |= Q(pk__in=vehicles.values("owner_id"))
    return queryset.filter(matches)
