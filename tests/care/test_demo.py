"""The demo store has a customer on each care list today (one 续保 at 45 days, one churned), added once."""

from datetime import datetime, timedelta

from django.utils import timezone

from care.models import CareContact
from care.models.contacts import ContactKind
from organization.management.commands.seed_demo import Command


def test_a_customer_on_each_care_list_today(db, time_machine):
    time_machine.move_to(timezone.make_aware(datetime(2026, 11, 30, 11, 20)))
    Command().handle()
    count = CareContact.objects.count()
    Command().handle()
    assert CareContact.objects.count() == count
    today = timezone.localdate()
    listed = CareContact.objects.filter(listed_on=today)
    assert set(listed.values_list("kind", flat=True)) == set(ContactKind) - {ContactKind.BROADCAST}  # never listed
    assert listed.filter(kind=ContactKind.INSURANCE_RENEWAL, event_date=today + timedelta(days=45)).exists()
    assert listed.filter(kind=ContactKind.WIN_BACK).count() >= 1
