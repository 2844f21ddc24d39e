"""seed_demo's lounge: today's checklist ticked with one violation and a reported umbrella; idempotent."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from care.models import LostProperty, LoungeChecklist, LoungeViolation
from organization.models import Store


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=None)
    return Store.objects.get(code="demo")


def test_today_is_ticked_with_one_violation_and_seeding_again_adds_nothing(demo):
    checklist = LoungeChecklist.objects.get(store=demo, day=timezone.localdate())
    violation = LoungeViolation.objects.get(checklist=checklist)
    assert (violation.item.code, violation.staff.username, violation.fine) == ("sofa_not_occupied", "advisor", 20)
    assert LostProperty.objects.get(store=demo).reported_to.username == "asm"
    call_command("seed_demo", stdout=None)
    assert (LoungeChecklist.objects.count(), LoungeViolation.objects.count(), LostProperty.objects.count()) == (1, 1, 1)
