from celery import shared_task
from django.utils import timezone

from organization import messaging, submissions
from organization.models import Heartbeat


@shared_task
def record_beat_heartbeat() -> str:
    """Runs every minute from beat; the GM's page warns when it stops."""
    now = timezone.now()
    Heartbeat.objects.update_or_create(name="beat", defaults={"last_run_at": now})
    return now.isoformat()


@shared_task
def deliver_message(message_id: int) -> int:
    return messaging.deliver_messages([message_id])


@shared_task
def send_due_messages() -> int:
    return messaging.deliver_due_messages()


@shared_task
def purge_used_form_tokens() -> int:
    return submissions.purge_used_tokens(now=timezone.now())
