"""Customer search: one box for a name fragment (one or two Chinese characters will do), a mobile, a plate or a VIN.

All search logic lives behind `search_customers`, so it can be tuned for large stores in one place.
A mobile is found by its whole number or its last four digits (what the front desk asks) and never by digits
inside it, which would give a masked number away a few digits at a time; each search for a number is logged.
On PostgreSQL each kind of match reads its own index (migrations 0005-0008): a name through the GIN index on
`customer_name_keys(store_id, name)` (its characters and character pairs, plain and behind the store id, since
pg_trgm cannot index fragments under three characters), a whole mobile or its last four digits through btrees,
a plate or VIN fragment through pg_trgm. Other databases use plain LIKE.
"""

import re
from functools import cached_property

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import BooleanField, F, Func, Q, QuerySet
from django.db.models.functions import Right
from django.db.models.lookups import Exact

from customers.models import Customer, MobileSearch
from organization.models import Store

SEPARATORS = re.compile(r"[\s·•\-]")
CHINESE_ONLY = re.compile(r"^[\u3400-\u9fff]+$")
PLATE_OR_VIN = re.compile(r"^[A-Z0-9\u4e00-\u9fff]{3,17}$")
MAX_LENGTH = 50
# Counting past this many matches costs time and helps nobody: the list says "page 1 of 400" and stops there.
MAX_COUNT = 10_000
NEWEST_FIRST = ("-created_at", "-pk")


def search_customers(store: Store | None, text: str, *, by) -> QuerySet:
    """The customers of `store` (every store's when None, for the group user) that `by` may see, whose name
    contains `text`, or whose mobile, plate or VIN matches it."""
    customers = Customer.objects.visible_to(by)
    if store is not None:
        customers = customers.filter(store=store)
    text = (text or "").strip()[:MAX_LENGTH]
    if not text:
        return customers
    compact = SEPARATORS.sub("", text).upper()
    mobile = _mobile_match(compact)
    vehicle = _vehicle_match(compact)
    if mobile is not None:
        MobileSearch.objects.create(store=store, user=by, digits=compact)
    if connections[customers.db].vendor != "postgresql":
        matches = Q(name__contains=text)
        if mobile is not None:
            matches |= mobile
        if vehicle is not None:
            matches |= Q(pk__in=customers.filter(vehicle).values("pk"))
        return customers.filter(matches)
    by_name = customers.filter(NameHasKeys(name_keys(text, store.pk if store else None)))
    if len(text) > 2:
        by_name = by_name.filter(name__contains=text)
    if mobile is None and vehicle is None:
        return by_name
    # One index per branch, joined by UNION: an OR across tables would scan every customer in reach.
    branches = [by_name.values("pk")]
    if mobile is not None:
        branches.append(customers.filter(mobile).values("pk"))
    if vehicle is not None:
        # Through the join, PostgreSQL carries the customer's store over to the vehicle and can read that
        # store's vehicles only, which beats pg_trgm when a short fragment ("粤A1") matches half the group.
        branches.append(customers.filter(vehicle, vehicles__store=F("store")).values("pk"))
    union = branches[0].order_by()
    for branch in branches[1:]:
        union = union.union(branch.order_by())
    return customers.filter(pk__in=union)


def _mobile_match(compact: str) -> Q | None:
    """The whole 11 digits, or the last four (index customer_mobile_last4); nothing else is a mobile search."""
    if not (compact.isascii() and compact.isdigit()):
        return None
    if len(compact) == 11:
        return Q(mobile=compact)
    if len(compact) == 4:
        return Q(Exact(Right("mobile", 4), compact))
    return None


def _vehicle_match(compact: str) -> Q | None:
    """Matches on the customer's vehicles (`vehicles__...`)."""
    if len(compact) == 17 and compact.isalnum():
        return Q(vehicles__vin=compact)
    if PLATE_OR_VIN.match(compact) and not CHINESE_ONLY.match(compact):
        return Q(vehicles__plate__contains=compact) | Q(vehicles__vin__contains=compact)
    return None


def name_keys(text: str, store_id: int | None) -> list[str]:
    """The index keys every name containing `text` has: `text` itself up to two characters, else its pairs;
    behind the store's id ("51:王") when the search is limited to one store."""
    grams = [text] if len(text) <= 2 else sorted({text[i : i + 2] for i in range(len(text) - 1)})
    return grams if store_id is None else [f"{store_id}:{gram}" for gram in grams]


class NameHasKeys(Func):
    """`customer_name_keys(store_id, name) @> keys`, the form the GIN index of migration 0005 answers."""

    output_field = BooleanField()

    def __init__(self, keys: list[str]):
        super().__init__(F("store_id"), F("name"))
        self.keys = keys

    def as_sql(self, compiler, connection, **extra):
        store, store_params = compiler.compile(self.source_expressions[0])
        name, name_params = compiler.compile(self.source_expressions[1])
        return f"customer_name_keys({store}, {name}) @> %s::text[]", (*store_params, *name_params, self.keys)


class SearchPaginator(Paginator):
    """Pages of customers, newest first, whose count stops at MAX_COUNT, so a group-wide list never counts millions.

    For a search, one query fetches the matches' ids (at most MAX_COUNT + 1) through the search indexes and
    sorts them by age; that reads no more rows than counting them would. Below the cap a page is those ids'
    rows. At the cap the matches are dense, and walking the newest-first index finds a page sooner than
    fetching every match (丁, 9,000 customers in the group: 20 ms through the name keys, 190 ms down the
    index; 王, 180,000: the other way round). Without a search the count reads an index only.
    """

    def __init__(self, object_list: QuerySet, per_page: int, *, searched: bool, **kwargs):
        super().__init__(object_list.order_by(*NEWEST_FIRST), per_page, **kwargs)
        self.searched = searched

    @cached_property
    def _sparse_ids(self) -> list[int] | None:
        """Every match's id, newest first, when a search finds fewer than MAX_COUNT; else None."""
        if not self.searched:
            return None
        matches = self.object_list.order_by().values_list("pk", "created_at")[: MAX_COUNT + 1]
        sql, params = matches.query.sql_with_params()
        with connections[self.object_list.db].cursor() as cursor:
            cursor.execute(f"SELECT pk FROM ({sql}) AS matches ORDER BY created_at DESC, pk DESC", params)
            ids = [pk for (pk,) in cursor.fetchall()]
        return ids if len(ids) <= MAX_COUNT else None

    @cached_property
    def count(self) -> int:
        if self._sparse_ids is not None:
            return len(self._sparse_ids)
        if self.searched:
            return MAX_COUNT
        return min(self.object_list.order_by()[: MAX_COUNT + 1].count(), MAX_COUNT)

    def page(self, number):
        if self._sparse_ids is None:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        ids = self._sparse_ids[bottom : bottom + self.per_page]
        return self._get_page(self.object_list.filter(pk__in=ids), number, self)
