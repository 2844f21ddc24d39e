from datetime import datetime, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aftersales.appointments import ACTION_LABELS
from aftersales.models import Appointment
from aftersales.roles import RECEIVE_VEHICLES
from customers.validation import APPOINTMENT_DAY, DateInRangeField
from organization.concurrency import RowVersionForm
from organization.models import User


class DayForm(forms.Form):
    day = DateInRangeField(APPOINTMENT_DAY, label=_("Day"), required=False)


class AppointmentForm(forms.Form):
    advisor = forms.ModelChoiceField(User.objects.none(), label=_("Service advisor"))
    day = DateInRangeField(APPOINTMENT_DAY, label=_("Day"))
    slot = forms.TimeField(label=_("Slot"), widget=forms.TimeInput(attrs={"type": "time", "step": 900}))
    channel = forms.ChoiceField(label=_("Channel"), choices=Appointment.Channel.choices)
    estimated_minutes = forms.IntegerField(label=_("Estimated duration (minutes)"), min_value=15, max_value=24 * 60)
    estimated_cost = forms.DecimalField(
        label=_("Estimated cost (CNY)"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    fault_description = forms.CharField(
        label=_("Fault description"), required=False, max_length=2000, widget=forms.Textarea
    )
    preliminary_diagnosis = forms.CharField(
        label=_("Preliminary diagnosis"), required=False, max_length=2000, widget=forms.Textarea
    )
    parts_to_reserve = forms.CharField(
        label=_("Parts to reserve"), required=False, max_length=2000, widget=forms.Textarea
    )

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        advisors = User.objects.filter(store=store, groups__name__in=RECEIVE_VEHICLES, is_active=True)
        self.fields["advisor"].queryset = advisors.order_by("name")

    def domain_fields(self) -> dict:
        data = self.cleaned_data
        slot_start = datetime.combine(data["day"], data["slot"], tzinfo=timezone.get_current_timezone())
        return {
            "advisor": data["advisor"],
            "slot_start": slot_start,
            "channel": data["channel"],
            "estimated_duration": timedelta(minutes=data["estimated_minutes"]),
            "estimated_cost": data["estimated_cost"],
            "fault_description": data["fault_description"],
            "preliminary_diagnosis": data["preliminary_diagnosis"],
            "parts_to_reserve": data["parts_to_reserve"],
        }


class PreselectedSlotForm(forms.Form):
    """`?slot=2026-12-07T10:00` on the booking page, from the day view's free slots: day and slot pre-selected."""

    slot = forms.DateTimeField(input_formats=["%Y-%m-%dT%H:%M"])


class AppointmentActionForm(RowVersionForm):
    action = forms.ChoiceField(choices=list(ACTION_LABELS.items()))


class RescheduleForm(RowVersionForm):
    day = DateInRangeField(APPOINTMENT_DAY, label=_("Day"))
    slot = forms.TimeField(label=_("Slot"), widget=forms.TimeInput(attrs={"type": "time", "step": 900}))

    def slot_start(self) -> datetime:
        return datetime.combine(
            self.cleaned_data["day"], self.cleaned_data["slot"], tzinfo=timezone.get_current_timezone()
        )


class FakeAppointmentForm(RowVersionForm):
    loss = forms.DecimalField(label=_("Loss (CNY)"), min_value=0, max_digits=12, decimal_places=2)
    staff_member = forms.ModelChoiceField(label=_("Staff member responsible"), queryset=User.objects.none())

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff_member"].queryset = User.objects.filter(store=store, is_active=True).order_by("name")
