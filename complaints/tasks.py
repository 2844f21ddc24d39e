from celery import shared_task

from complaints import enforcement


@shared_task
def enforce_deadlines() -> int:
    """Runs every minute from beat: record due breaches, warnings and escalations (the GM's page shows the last run);
    how many breaches it recorded."""
    return enforcement.sweep().breaches


@shared_task
def notify_timer_events(event_ids: list[int]) -> int:
    return enforcement.send_notices(event_ids)
