"""Demo outreach for the demo store: a past owner lecture with attendees and one evaluation with a question
(announced for its 48 h callback), and one severe-weather warning sent to the store's owners."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from care.broadcasts import send_broadcast
from care.lectures import plan_lecture, record_attendance, record_evaluation
from care.models import Broadcast, OwnerLecture
from care.models.outreach import Audience, BroadcastKind
from customers.models import Customer

TOPIC = "冬季用车与电瓶保养"


def load_demo_outreach(store, users: dict) -> None:
    today = timezone.localdate()
    if not OwnerLecture.objects.filter(store=store, topic=TOPIC).exists():
        held_on = today - timedelta(days=3)
        lecture = plan_lecture(store=store, held_on=held_on, topic=TOPIC, speaker="黄磊", by=users["cs"])
        owners = Customer.objects.filter(store=store, anonymized_at=None, vehicles__isnull=False).distinct()
        attendances = [record_attendance(lecture=lecture, customer=c) for c in owners.order_by("pk")[:3]]
        if attendances:
            record_evaluation(
                attendance=attendances[0],
                content_score=5,
                speaker_score=4,
                usefulness_score=4,
                feedback="讲得很实用",
                question="冬天车辆长时间不开，电瓶需要拆下来吗？",
                by=users["cs"],
                now=timezone.make_aware(datetime.combine(held_on, time(16, 0))),
            )
    if not Broadcast.objects.filter(store=store).exists():
        send_broadcast(
            store=store,
            kind=BroadcastKind.WEATHER_WARNING,
            audience=Audience.STORE,
            text="明日有台风暴雨，请勿将车辆停放在地下车库或低洼处，涉水后请勿二次启动。",
            by=users["gm"],
            now=timezone.make_aware(datetime.combine(today - timedelta(days=1), time(10, 0))),
        )
