"""Messages to customers and staff: SMS through the outbox, and in-app notifications.

`send_sms()` records every message in the outbox first, then honours opt-out and the store's
quiet hours; delivery happens after commit in a Celery task through settings.SMS_BACKEND.
"""

from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organization.models import MessageOptOut, Notification, OutboundMessage, Store
from organization.policies import Unit, current_policy, define
from organization.sms import get_backend

QUIET_HOURS_START = define(
    "messages.quiet_hours_start",
    _("Messages"),
    _("Quiet hours start (no SMS to customers after this time)"),
    Unit.CLOCK,
)
QUIET_HOURS_END = define(
    "messages.quiet_hours_end",
    _("Messages"),
    _("Quiet hours end (held SMS go out from this time)"),
    Unit.CLOCK,
)
MAX_ATTEMPTS = define(
    "messages.max_attempts",
    _("Messages"),
    _("Delivery attempts before an SMS is marked failed"),
    Unit.COUNT,
    minimum=Decimal(1),
    maximum=Decimal(10),
)

# Texts for the local backends and the outbox; the gateway uses its own registered template per key.
TEMPLATES = {
    "callback_survey": _("[{store}] Dear {name}, thank you for choosing us. Please rate our service: {link}"),
    "reminder": _("[{store}] Dear {name}, {text}"),
    "staff_alert": _("[{store}] {text}"),
}

# Staff alerts (escalations) go out at any hour and cannot be opted out of.
CUSTOMER_CATEGORIES = frozenset(OutboundMessage.Category) - {OutboundMessage.Category.STAFF_ALERT}


def in_quiet_hours(store: Store | None, moment: datetime) -> datetime | None:
    """If `moment` falls in the store's quiet hours, the time they end; else None."""
    if store is None:
        return None
    policy = current_policy(store)
    start, end = policy.value(QUIET_HOURS_START), policy.value(QUIET_HOURS_END)
    local = timezone.localtime(moment)
    clock = local.time()
    wraps_midnight = start > end
    quiet = (clock >= start or clock < end) if wraps_midnight else (start <= clock < end)
    if not quiet:
        return None
    end_day = local.date() + timedelta(days=1) if wraps_midnight and clock >= start else local.date()
    return timezone.make_aware(datetime.combine(end_day, end))


def is_opted_out(store: Store | None, mobile: str, category: str) -> bool:
    if store is None or category not in CUSTOMER_CATEGORIES:
        return False
    return MessageOptOut.objects.filter(store=store, mobile=mobile, category__in=[category, ""]).exists()


@transaction.atomic
def send_sms(*, store: Store | None, to: str, category: str, template: str, params: dict) -> OutboundMessage:
    """Record an SMS in the outbox and queue it, held for quiet hours or suppressed by opt-out."""
    now = timezone.now()
    text_params = {"store": store.name if store else "", **params}
    message = OutboundMessage(
        store=store,
        to=to,
        category=category,
        template=template,
        params=params,
        body=str(TEMPLATES[template]).format(**text_params),
        send_after=now,
    )
    if is_opted_out(store, to, category):
        message.status = OutboundMessage.Status.SUPPRESSED
    elif category in CUSTOMER_CATEGORIES and (quiet_until := in_quiet_hours(store, now)):
        message.status = OutboundMessage.Status.DEFERRED
        message.send_after = quiet_until
    message.save()
    if message.status == OutboundMessage.Status.PENDING:
        from organization.tasks import deliver_message

        transaction.on_commit(lambda: deliver_message.delay(message.pk))
    return message


def deliver_messages(ids: list[int], now: datetime | None = None) -> int:
    """Send the waiting messages among `ids` through the backend; returns how many went out.

    A message is claimed with a conditional UPDATE, so two workers never send it twice.
    """
    now = now or timezone.now()
    waiting = [OutboundMessage.Status.PENDING, OutboundMessage.Status.DEFERRED]
    claimed = []
    for pk in ids:
        if OutboundMessage.objects.filter(pk=pk, status__in=waiting, send_after__lte=now).update(
            status=OutboundMessage.Status.SENDING
        ):
            claimed.append(pk)
    messages = list(OutboundMessage.objects.filter(pk__in=claimed).select_related("store"))
    if not messages:
        return 0
    results = get_backend().send_messages(messages)
    sent = 0
    for message, result in zip(messages, results, strict=True):
        message.attempts += 1
        if result.ok:
            message.status, message.sent_at, message.error = OutboundMessage.Status.SENT, now, ""
            message.provider_message_id = result.provider_message_id
            sent += 1
        else:
            message.error = result.error
            gave_up = message.store is None or message.attempts >= current_policy(message.store).value(MAX_ATTEMPTS)
            message.status = OutboundMessage.Status.FAILED if gave_up else OutboundMessage.Status.PENDING
            message.send_after = now + timedelta(minutes=5)
        message.save(update_fields=["status", "sent_at", "error", "provider_message_id", "attempts", "send_after"])
    return sent


def deliver_due_messages(now: datetime | None = None, batch: int = 500) -> int:
    """Send what is waiting and due: messages held for quiet hours, retries, lost queue entries."""
    now = now or timezone.now()
    ids = list(
        OutboundMessage.objects.filter(
            status__in=[OutboundMessage.Status.PENDING, OutboundMessage.Status.DEFERRED], send_after__lte=now
        ).values_list("pk", flat=True)[:batch]
    )
    return deliver_messages(ids, now)


def notify(recipients, title: str, *, body: str = "", url: str = "") -> int:
    """Put an in-app notice in each recipient's bell."""
    notices = [Notification(recipient=user, title=title, body=body, url=url) for user in recipients if user]
    Notification.objects.bulk_create(notices)
    return len(notices)
