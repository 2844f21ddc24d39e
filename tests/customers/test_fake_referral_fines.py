"""Fake-referral fines per staff member and month, for the staff report (seed 000)."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from customers.models import Referral
from customers.referrals import fake_referral_fines
from tests.factories import ReferralFactory

TZ = ZoneInfo("Asia/Shanghai")


def flagged(person, at, fine):
    referral = ReferralFactory(referrer__store=person.store)
    Referral.objects.filter(pk=referral.pk).update(
        status=Referral.Status.FAKE, flagged_at=at, loss=Decimal(fine) * 2, fine=Decimal(fine), fined_staff=person
    )


def test_fines_add_up_per_person_by_the_local_month_they_were_flagged_in(staff):
    sales, other = staff(), staff()
    flagged(sales, datetime(2026, 9, 1, 0, 5, tzinfo=TZ), "300")
    flagged(sales, datetime(2026, 9, 30, 23, 55, tzinfo=TZ), "25.50")
    flagged(other, datetime(2026, 8, 31, 23, 55, tzinfo=TZ), "100")  # August, local time
    assert fake_referral_fines(sales.store, date(2026, 9, 1)) == {sales.pk: Decimal("325.50")}
