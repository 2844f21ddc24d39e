"""Broadcasts to owners (seed 000): promotions, owner events, severe-weather and geological-hazard warnings.

Who receives one: owners of the store with a vehicle in use (or of one model, or the members of one fleet), with a
mobile, not anonymized, not opted out of broadcasts (care opt-out) nor of the SMS category (outbox opt-out).
Promotions and owner events are marketing, so only customers who gave marketing consent receive them. Warnings are
service messages (a safety notice about the car and its owner, not an offer): every owner receives them, unless the
owner opted out of broadcasts or of service SMS. Every message waits for the end of the store's quiet hours.
"""

from datetime import datetime

from django.db import connection, transaction
from django.db.models import Count, DateTimeField, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Concat, JSONObject
from django.utils import timezone

from care.models import Broadcast
from care.models.contacts import CareOptOut, ContactKind
from care.models.outreach import Audience, BroadcastKind
from customers.models import Customer, FleetAccount, Membership, Vehicle
from organization.messaging import TEMPLATES, in_quiet_hours
from organization.models import MessageOptOut, OutboundMessage, Store

CATEGORY = {
    BroadcastKind.PROMOTION: OutboundMessage.Category.MARKETING,
    BroadcastKind.OWNER_EVENT: OutboundMessage.Category.MARKETING,
    BroadcastKind.WEATHER_WARNING: OutboundMessage.Category.SERVICE,
    BroadcastKind.GEOLOGICAL_WARNING: OutboundMessage.Category.SERVICE,
}
TEMPLATE = "reminder"  # "[{store}] Dear {name}, {text}": the gateway's registered reminder template


def recipients(
    *, store: Store, kind: str, audience: str, model_name: str = "", fleet: FleetAccount | None = None
) -> QuerySet[Customer]:
    """The customers a broadcast of `kind` to `audience` reaches, as one query."""
    category = CATEGORY[kind]
    owners = Customer.objects.filter(store=store, anonymized_at=None).exclude(mobile="")
    if audience == Audience.FLEET:
        members = Membership.objects.active().filter(kind=Membership.Kind.FLEET, fleet=fleet)
        owners = owners.filter(Exists(members.filter(customer=OuterRef("pk"))))
    else:
        vehicles = Vehicle.objects.filter(owner=OuterRef("pk"), status=Vehicle.Status.IN_USE)
        if audience == Audience.MODEL:
            vehicles = vehicles.filter(model_name=model_name)
        owners = owners.filter(Exists(vehicles))
    if category == OutboundMessage.Category.MARKETING:
        owners = owners.filter(marketing_consent=True)
    care_opt_outs = CareOptOut.objects.filter(customer=OuterRef("pk"), kind=ContactKind.BROADCAST)
    sms_opt_outs = MessageOptOut.objects.filter(store=store, mobile=OuterRef("mobile")).filter(
        Q(category=category) | Q(category="")
    )
    return owners.exclude(Exists(care_opt_outs)).exclude(Exists(sms_opt_outs)).order_by()


def count_recipients(**choice) -> int:
    """The preview: how many a broadcast would reach if sent now."""
    return recipients(**choice).count()


@transaction.atomic
def send_broadcast(
    *,
    store: Store,
    kind: str,
    audience: str,
    text: str,
    by,
    model_name: str = "",
    fleet: FleetAccount | None = None,
    now: datetime | None = None,
) -> Broadcast:
    """Record the broadcast and queue one SMS per recipient into the outbox in a single INSERT … SELECT.

    The query count does not depend on the number of recipients; held for quiet hours like send_sms.
    """
    now = now or timezone.now()
    broadcast = Broadcast.objects.create(
        store=store,
        kind=kind,
        audience=audience,
        model_name=model_name,
        fleet=fleet,
        text=text,
        sent_by=by,
        sent_at=now,
    )
    quiet_until = in_quiet_hours(store, now)
    status = OutboundMessage.Status.DEFERRED if quiet_until else OutboundMessage.Status.PENDING
    marker = "\x00"
    prefix, suffix = str(TEMPLATES[TEMPLATE]).format(store=store.name, name=marker, text=text).split(marker)
    rows = recipients(store=store, kind=kind, audience=audience, model_name=model_name, fleet=fleet)
    columns = {
        "store_id": Value(store.pk, output_field=IntegerField()),
        "category": Value(CATEGORY[kind]),
        "to": F("mobile"),
        "template": Value(TEMPLATE),
        "params": JSONObject(name=F("name"), text=Value(text), broadcast=Value(broadcast.pk)),
        "body": Concat(Value(prefix), F("name"), Value(suffix)),
        "status": Value(status),
        "send_after": Value(quiet_until or now, output_field=DateTimeField()),
        "created_at": Value(now, output_field=DateTimeField()),
        "attempts": Value(0, output_field=IntegerField()),
        "provider_message_id": Value(""),
        "error": Value(""),
    }
    aliases = {f"outbox_{name}": expression for name, expression in columns.items()}
    select, params = rows.annotate(**aliases).values_list(*aliases).query.sql_with_params()
    table = connection.ops.quote_name(OutboundMessage._meta.db_table)
    names = ", ".join(connection.ops.quote_name(OutboundMessage._meta.get_field(name).column) for name in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({names}) {select}", params)
        broadcast.recipients = cursor.rowcount
    broadcast.save(update_fields=["recipients"])
    if status == OutboundMessage.Status.PENDING:
        from organization.tasks import send_due_messages

        transaction.on_commit(send_due_messages.delay)
    return broadcast


def messages_of(broadcast: Broadcast) -> QuerySet[OutboundMessage]:
    """The outbox rows a broadcast queued (all created at its moment, in its store, carrying its pk)."""
    return OutboundMessage.objects.filter(
        store=broadcast.store_id, created_at=broadcast.sent_at, template=TEMPLATE, params__broadcast=broadcast.pk
    )


def counts_by_status(broadcast: Broadcast) -> dict[str, int]:
    """What went out: the broadcast's messages in the outbox, counted by delivery status."""
    rows = messages_of(broadcast).order_by().values_list("status").annotate(n=Count("pk"))
    return dict(rows)
