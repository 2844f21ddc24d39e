"""The due times a complaint logged now would get under the store's current policy, for each route, severity and
channel (the GM's 时限预览). Computed by the same functions as a real complaint's: an unsaved Complaint, its route
template (complaints.routes.template) and complaints.deadlines.due_after; a step counting from another is shown as
if that step were done at its own deadline, the latest it may be."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils.translation import gettext as _

from complaints import deadlines, routes
from complaints.models import Complaint, Milestone, Route, Severity
from organization.policies import current_policy

# Route A's limits do not depend on the channel: one table per severity; route B has one per severity and channel.
CASES = [(Route.FRONT_DESK, severity, Complaint.Channel.FACE_TO_FACE) for severity in Severity.values] + [
    (Route.CALLBACK, severity, channel) for severity in Severity.values for channel in Complaint.Channel.values
]


@dataclass(frozen=True)
class Row:
    kind: str
    owner: str
    anchor: str
    duration: timedelta | None
    due_at: datetime

    @property
    def label(self) -> str:
        return Milestone.Kind(self.kind).label

    @property
    def limit(self) -> str:
        """The limit as the rulebook says it: hours, or minutes below an hour; none: the end of that day."""
        if self.duration is None:
            return _("End of that day")
        minutes = int(self.duration.total_seconds() // 60)
        if minutes % 60:
            return _("%(minutes)d min") % {"minutes": minutes}
        return _("%(hours)d h") % {"hours": minutes // 60}

    @property
    def owner_label(self) -> str:
        return routes.Owner(self.owner).label

    @property
    def anchor_label(self) -> str:
        return "" if self.anchor == routes.RAISED else Milestone.Kind(self.anchor).label


@dataclass(frozen=True)
class Case:
    route: str
    severity: str
    channel: str
    rows: list[Row]

    @property
    def title(self) -> str:
        parts = [Route(self.route).label, Severity(self.severity).label]
        if self.route == Route.CALLBACK:
            parts.append(Complaint.Channel(self.channel).label)
        return " · ".join(str(part) for part in parts)


def due_times(complaint: Complaint) -> list[Row]:
    """Each milestone of the unsaved complaint's template with its due time, in the order of the chain."""
    done = {routes.RAISED: complaint.raised_at}
    pending = list(routes.template(complaint))
    rows = []
    while pending:
        ready = [step for step in pending if step.anchor in done]
        if not ready:
            break
        for step in ready:
            due_at = deadlines.due_after(complaint, done[step.anchor], step.duration)
            done.setdefault(step.kind, due_at)
            rows.append(Row(step.kind, step.owner, step.anchor, step.duration, due_at))
            pending.remove(step)
    return sorted(rows, key=lambda row: row.due_at)


def preview(store, now: datetime) -> list[Case]:
    """The due times of a complaint raised at `now` in `store`, for every route, severity and channel."""
    policy = current_policy(store)
    return [
        Case(
            route,
            severity,
            channel,
            due_times(
                Complaint(store=store, policy=policy, route=route, severity=severity, channel=channel, raised_at=now)
            ),
        )
        for route, severity, channel in CASES
    ]
