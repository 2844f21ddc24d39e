"""A complaint keeps the policy version it was logged under: the GM's later edits change new complaints only."""

from complaints import handling, routes
from complaints.models import Milestone, Route, Severity
from organization.policies import current_policy, revise_policy
from tests.complaints.clock import SH, at

Kind = Milestone.Kind


def due(complaint, kind):
    return complaint.milestones.get(kind=kind, cancelled_at=None).due_at.astimezone(SH)


def test_an_edited_duration_applies_to_new_complaints_only(store, cast, log):
    old = log(route=Route.FRONT_DESK, raised_at=at("2026-11-27 09:00"), now=at("2026-11-27 09:00"))
    grumble = log(severity=Severity.GRUMBLE, raised_at=at("2026-11-27 09:00"), now=at("2026-11-27 09:00"))
    revised = revise_policy(
        current_policy(store),
        {routes.ROUTE_A_HOURS[Kind.FIRST_HANDLING].key: "6", routes.ROUTE_B_HOURS[Kind.HANDLED, "grumble"].key: "12"},
        by=cast.gm,
        note="缩短时限",
    )

    # The old complaint's first handling is anchored after the edit, still with the 12 h it was logged under.
    handling.hand_over(old, by=cast.customer_service, expected_version=old.row_version, now=at("2026-11-27 10:00"))
    assert due(old, Kind.FIRST_HANDLING) == at("2026-11-27 22:00")
    assert old.policy != revised
    # A reclassification recomputes under the complaint's own version too.
    handling.reclassify(
        grumble,
        by=cast.manager,
        expected_version=grumble.row_version,
        severity=Severity.GRUMBLE,
        category=grumble.category,
        note="重算",
        now=at("2026-11-27 11:00"),
    )
    assert due(grumble, Kind.HANDLED) == at("2026-11-28 09:00")

    new = log(route=Route.FRONT_DESK, raised_at=at("2026-11-27 09:00"), now=at("2026-11-27 09:00"))
    new_grumble = log(severity=Severity.GRUMBLE, raised_at=at("2026-11-27 09:00"), now=at("2026-11-27 09:00"))
    assert new.policy == revised
    handling.hand_over(new, by=cast.customer_service, expected_version=new.row_version, now=at("2026-11-27 10:00"))
    assert due(new, Kind.FIRST_HANDLING) == at("2026-11-27 16:00")
    assert due(new_grumble, Kind.HANDLED) == at("2026-11-27 21:00")
