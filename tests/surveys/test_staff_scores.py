"""Each person's month for the staff report: scores from the staff rollup rows, satisfaction callbacks per owner."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from surveys.models import Callback, SatisfactionRollup, SurveyKind
from surveys.staff_scores import callback_performance, staff_scores
from tests.factories import CallbackFactory, DepartmentFactory, UserFactory

TZ = ZoneInfo("Asia/Shanghai")
SEPTEMBER = date(2026, 9, 1)


def test_scores_come_from_the_months_staff_rows_of_every_store_asked(store, other_store, staff):
    advisor, theirs = staff(), UserFactory(store=other_store)
    for who, mean, period_start, level in [
        (advisor, "88.50", SEPTEMBER, "staff"),
        (theirs, "91.00", SEPTEMBER, "staff"),
        (advisor, "70.00", date(2026, 8, 1), "staff"),  # another month
        (None, "60.00", SEPTEMBER, "department"),  # not a person's
    ]:
        SatisfactionRollup.objects.create(
            store=who.store if who else store, kind=SurveyKind.CSI, period="month", period_start=period_start,
            level=level, department=DepartmentFactory(store=store), staff=who, responses=4,
            mean_score=Decimal(mean), computed_at=datetime(2026, 10, 1, tzinfo=TZ),
        )  # fmt: skip
    scores = staff_scores([store, other_store], SEPTEMBER)
    assert {key: (s[SurveyKind.CSI].mean_score, s[SurveyKind.CSI].responses) for key, s in scores.items()} == {
        (store.pk, advisor.pk): (Decimal("88.50"), 4),
        (other_store.pk, theirs.pk): (Decimal("91.00"), 4),
    }


def test_callbacks_due_in_the_month_per_owner_reached_and_completed(store, staff):
    cs = staff()
    for day, reached, source in [
        (1, True, "repair_order:1"),
        (30, False, "sale:2"),
        (15, True, "repair_order:3"),
        (15, True, "complaint:4"),  # carries no delivery's survey: not counted, as in the rollup
    ]:
        CallbackFactory(
            customer__store=store, owner=cs, source=source, due_at=datetime(2026, 9, day, 9, tzinfo=TZ), reached=reached
        )
    CallbackFactory(customer__store=store, owner=cs, source="sale:5", due_at=datetime(2026, 10, 1, 0, 5, tzinfo=TZ))
    CallbackFactory(
        customer__store=store, owner=cs, source="sale:6", kind=Callback.Kind.SALES_FIRST,
        due_at=datetime(2026, 9, 3, tzinfo=TZ),
    )  # fmt: skip
    performance = callback_performance([store], SEPTEMBER)[store.pk, cs.pk]
    assert (performance.due, performance.reached, performance.completed) == (3, 2, 0)
    assert (performance.success_rate, performance.completion_rate) == (Decimal("66.67"), Decimal("0.00"))
