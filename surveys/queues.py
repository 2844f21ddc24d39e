"""Callback queues: a person's (or, for the customer-service head, the whole team's) calls by due time.

Open calls come first, by due time, in three sections: overdue, due today (before midnight, Asia/Shanghai) and later.
Filters: kind, owner, due section, outcome (open, reached, unreached after the last attempt, dissatisfied); search by
the customer's (or prospect's) name, a plate fragment or the mobile's last four digits (logged as a mobile search).
"""

from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Right
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from customers.models import MobileSearch
from organization.concurrency import save_if_unchanged
from organization.messaging import notify
from organization.models import Department, User
from organization.roles import Role
from surveys.models import Callback
from surveys.roles import CALL_BACK

OVERDUE, TODAY, LATER = "overdue", "today", "later"
DUE = (OVERDUE, TODAY, LATER)
OUTCOMES = {
    "open": Q(completed_at=None),
    "reached": Q(reached=True) & ~Q(completed_at=None),
    "unreached": Q(reached=False) & ~Q(completed_at=None),
    "dissatisfied": Q(reached=True, satisfied=False) & ~Q(completed_at=None),
}


def end_of_today(now: datetime) -> datetime:
    """Midnight after `now`, local time: a call due before it is due today."""
    tomorrow = timezone.localtime(now).date() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(tomorrow, time.min))


def due_section(callback: Callback, now: datetime) -> str:
    if callback.due_at < now:
        return OVERDUE
    return TODAY if callback.due_at < end_of_today(now) else LATER


def due_filter(section: str, now: datetime) -> Q:
    return {
        OVERDUE: Q(due_at__lt=now),
        TODAY: Q(due_at__gte=now, due_at__lt=end_of_today(now)),
        LATER: Q(due_at__gte=end_of_today(now)),
    }[section]


def section_counts(callbacks: QuerySet, now: datetime) -> dict[str, int]:
    """How many open calls are overdue, due today and later: one query."""
    return callbacks.open().aggregate(**{section: Count("pk", filter=due_filter(section, now)) for section in DUE})


def search_filter(text: str, *, store, by: User) -> Q:
    """Name fragment, plate fragment or the mobile's last four digits (what the customer reads out on the phone)."""
    compact = text.replace(" ", "").upper()
    if len(compact) == 4 and compact.isascii() and compact.isdigit():
        MobileSearch.objects.create(store=store, user=by, digits=compact)
        return Q(Exact(Right("customer__mobile", 4), compact)) | Q(Exact(Right("prospect__mobile", 4), compact))
    return Q(customer__name__contains=text) | Q(prospect__name__contains=text) | Q(vehicle__plate__contains=compact)


def work_queue(callbacks: QuerySet, *, now: datetime, kind="", owner=None, due="", outcome="open", search="", by=None):
    """The filtered queue, open calls by due time, closed ones latest first."""
    callbacks = callbacks.filter(OUTCOMES[outcome or "open"])
    if kind:
        callbacks = callbacks.filter(kind=kind)
    if owner is not None:
        callbacks = callbacks.filter(owner=owner)
    if due:
        callbacks = callbacks.filter(due_filter(due, now))
    if search:
        callbacks = callbacks.filter(search_filter(search, store=by.store, by=by))
    order = ["due_at", "pk"] if (outcome or "open") == "open" else ["-completed_at", "-pk"]
    return callbacks.select_related("customer", "prospect", "vehicle", "owner").order_by(*order)


def customer_service_head_of(user: User) -> Department | None:
    """The customer-service department `user` heads, if they do."""
    if Role.DEPARTMENT_HEAD not in user.roles or user.store_id is None:
        return None
    return Department.objects.filter(store=user.store, kind=Department.Kind.CUSTOMER_SERVICE, head=user).first()


def callers(user: User) -> QuerySet:
    """Whom the team queue filters by: the staff who call customers back, and anyone still holding an open call."""
    calling_roles = User.objects.filter(is_active=True, groups__name__in=CALL_BACK).values("pk")
    holds_open_calls = Callback.objects.visible_to(user).open().filter(owner=OuterRef("pk"))
    return User.objects.visible_to(user).filter(Q(pk__in=calling_roles) | Exists(holds_open_calls)).order_by("username")


def specialists(store) -> QuerySet:
    """Who the head may hand a call to: the store's active customer-service specialists."""
    return User.objects.filter(store=store).with_role(Role.CUSTOMER_SERVICE).order_by("username")


@transaction.atomic
def hand_over_callbacks(store, picked: dict[int, int], *, to: User, by: User) -> list[Callback]:
    """The head hands the chosen open calls of `store` to `to`; any call changed since it was shown refuses them all.

    The new owner hears of them in their bell after the commit.
    """
    callbacks = list(Callback.objects.filter(store=store, pk__in=picked).open().order_by("pk"))
    if len(callbacks) != len(picked):
        raise ValidationError(
            _("Some of the chosen callbacks were completed or are not open any more. Reload the page and try again."),
            code="not_open",
        )
    for callback in callbacks:
        save_if_unchanged(callback, picked[callback.pk], {"owner": to})
    transaction.on_commit(lambda: tell_new_owner(to, callbacks, by))
    return callbacks


def tell_new_owner(owner: User, callbacks: list[Callback], by: User) -> None:
    notify(
        [owner],
        ngettext("%(head)s handed you %(count)d callback.", "%(head)s handed you %(count)d callbacks.", len(callbacks))
        % {"head": by, "count": len(callbacks)},
        url=reverse("surveys:my_callbacks"),
    )
