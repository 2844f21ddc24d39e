from celery import shared_task

from aftersales.reminders import send_due_reminders


@shared_task
def send_appointment_reminders() -> int:
    """Every minute: the day-before and hour-before confirmation SMS that have fallen due."""
    return send_due_reminders()
