from celery import shared_task

from organization.models import Store
from surveys import triggers
from surveys.callbacks import sample_prospects


@shared_task
def sample_showroom_prospects() -> int:
    """Weekly: each store's sample of new showroom prospects for customer service to call."""
    return sum(len(sample_prospects(store)) for store in Store.objects.filter(is_active=True))


@shared_task
def list_scheduled_survey_callbacks() -> int:
    """Daily: the month-after-purchase and six-month service survey callbacks that came due (surveys.triggers)."""
    return triggers.list_scheduled_survey_callbacks()
