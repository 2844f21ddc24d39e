"""The demo store's after-sales day: appointments for every advisor, repair orders in every status, discounts."""

from datetime import datetime, timedelta

from django.utils import timezone

from aftersales.models import Appointment, ChangeRequest, QcInspection, RepairOrder, SettlementLine
from aftersales.settlement import MEMBER_REASON
from customers.models import Membership
from organization.management.commands.seed_demo import Command
from organization.models import User
from organization.roles import Role
from surveys.models import Callback


def test_the_demo_day_has_work_on_every_page_and_loading_twice_adds_nothing(db, time_machine):
    time_machine.move_to(timezone.make_aware(datetime(2026, 11, 30, 11, 20)))
    Command().handle()
    counts = (Appointment.objects.count(), RepairOrder.objects.count(), Callback.objects.count())
    Command().handle()
    assert counts == (Appointment.objects.count(), RepairOrder.objects.count(), Callback.objects.count())

    today, tomorrow = timezone.localdate(), timezone.localdate() + timedelta(days=1)
    for advisor in User.objects.filter(groups__name=Role.SERVICE_ADVISOR):
        days = {timezone.localdate(slot) for slot in advisor.advised_appointments.values_list("slot_start", flat=True)}
        assert {today, tomorrow} <= days, advisor.username
    statuses = set(Appointment.objects.values_list("status", flat=True))
    assert {"booked", "confirmed", "no_show"} <= statuses

    assert set(RepairOrder.objects.values_list("status", flat=True)) == set(RepairOrder.Status) - {"cancelled"}
    assert ChangeRequest.objects.filter(status=ChangeRequest.Status.PENDING).exists()
    failed = QcInspection.objects.get(passed=False).order
    assert failed.status == RepairOrder.Status.IN_PROGRESS
    reasons = set(SettlementLine.objects.values_list("reason", flat=True))
    assert str(MEMBER_REASON[Membership.Kind.FLEET]) in reasons
    assert any("预约" in reason for reason in reasons)  # the appointment discount on booked maintenance
    kinds = set(Callback.objects.filter(source__startswith="repair_order:").values_list("owner__username", flat=True))
    assert kinds == {"advisor", "cs"}
