from celery import shared_task

from customers.membership import check_all_memberships


@shared_task
def check_memberships() -> int:
    """Daily: revoke memberships of sold or scrapped vehicles and dissolve fleets below the minimum."""
    return check_all_memberships()
