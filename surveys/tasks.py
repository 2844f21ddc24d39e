from celery import shared_task

from organization.models import Store
from surveys.callbacks import sample_prospects


@shared_task
def sample_showroom_prospects() -> int:
    """Weekly: each store's sample of new showroom prospects for customer service to call."""
    return sum(len(sample_prospects(store)) for store in Store.objects.filter(is_active=True))
