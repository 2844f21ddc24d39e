from celery import shared_task

from care import lists
from care.fleet_upkeep import revoke_fleet_members_missing_services


@shared_task
def build_care_lists() -> dict[str, int]:
    """Daily (05:30): today's care contacts for every store, then their reminder SMS."""
    counts = lists.build_care_lists()
    send_care_reminders.delay()
    return counts


@shared_task
def send_care_reminders() -> int:
    """The reminder SMS of the contacts listed today, in batches until none is left."""
    sent = lists.send_care_reminders()
    if sent == lists.SMS_BATCH:
        send_care_reminders.delay()
    return sent


@shared_task
def check_fleet_upkeep() -> int:
    """Daily: fleet vehicles that missed two scheduled services in a row lose their membership."""
    return revoke_fleet_members_missing_services()
