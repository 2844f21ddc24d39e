"""Screens for the fines SPEC section 5 names: the explicit loss on the complaint's page, the accessories staff's
withheld commission and rework on the penalties page, the group user reading one store's penalties and appeals."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from complaints import fines
from complaints.models import Fine
from tests.factories import ComplaintFactory


def test_an_explicit_loss_is_recorded_once_per_complaint_and_person(cast):
    complaint = ComplaintFactory(customer__store=cast.store)
    complaint.at_fault.add(cast.technician)
    fines.record_explicit_loss(complaint, {cast.technician: Decimal(300)}, by=cast.manager)
    with pytest.raises(ValidationError) as refused:
        fines.record_explicit_loss(complaint, {cast.technician: Decimal(100)}, by=cast.gm)
    assert refused.value.code == "already_recorded"
    assert Fine.objects.filter(kind=Fine.Kind.EXPLICIT_LOSS).count() == 1
