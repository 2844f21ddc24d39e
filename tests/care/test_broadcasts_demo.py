"""The demo store's outreach: a past lecture with attendees and a question to answer, one warning sent; twice, once."""

from care.events import OWNER_LECTURE_FEEDBACK
from care.models import Broadcast, LectureEvaluation, OwnerLecture
from care.outreach_demo import load_demo_outreach
from organization.events import business_event
from organization.models import OutboundMessage
from organization.roles import Role
from tests.factories import VehicleFactory


def test_the_demo_outreach_loads_once(store, staff, django_capture_on_commit_callbacks):
    VehicleFactory.create_batch(4, owner__store=store)
    users = {"cs": staff(Role.CUSTOMER_SERVICE), "gm": staff(Role.GENERAL_MANAGER)}
    announced = []
    business_event.connect(
        lambda sender, event, **kw: announced.append(event),
        sender=OWNER_LECTURE_FEEDBACK,
        weak=False,
        dispatch_uid="test_demo",
    )
    try:
        with django_capture_on_commit_callbacks():
            load_demo_outreach(store, users)
            load_demo_outreach(store, users)
    finally:
        business_event.disconnect(sender=OWNER_LECTURE_FEEDBACK, dispatch_uid="test_demo")
    lecture = OwnerLecture.objects.get(store=store)
    assert lecture.attendances.count() == 3
    assert LectureEvaluation.objects.get().question
    assert len(announced) == 1
    broadcast = Broadcast.objects.get(store=store)
    assert broadcast.recipients == 4 == OutboundMessage.objects.count()
