"""Forms of the customer's public booking page: no login, every field checked as if typed by anyone."""

from datetime import date, datetime

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from aftersales.models import JobType
from customers import validation
from organization.concurrency import RowVersionForm


class ChooseForm(forms.Form):
    """The service and the day; the page then lists that day's free times."""

    job_type = forms.ChoiceField(label=_("Service"), choices=JobType.choices)
    day = forms.ChoiceField(label=_("Day"))

    def __init__(self, *args, days: list[date], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].choices = [(d.isoformat(), formats.date_format(d, "m-d l")) for d in days]

    def chosen_day(self) -> date | None:
        """The day picked, if it is one of the days offered (read before the rest of the form is valid)."""
        text = self.data.get("day") if self.is_bound else None
        return date.fromisoformat(text) if text in dict(self.fields["day"].choices) else None


class BookingForm(ChooseForm):
    slot = forms.ChoiceField(label=_("Time"), widget=forms.RadioSelect)
    name = forms.CharField(label=_("Your name"), max_length=50)
    plate = forms.CharField(label=_("Plate"), max_length=20)
    mobile = forms.CharField(label=_("Mobile"), max_length=30, widget=forms.TextInput(attrs={"inputmode": "tel"}))

    def __init__(self, *args, slots: list[datetime], **kwargs):
        super().__init__(*args, **kwargs)
        times = [timezone.localtime(s).strftime("%H:%M") for s in slots]
        self.fields["slot"].choices = [(clock, clock) for clock in times]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Tell us how to address you."), code="required")
        return name

    def clean_plate(self):
        plate = validation.normalize_plate(self.cleaned_data["plate"])
        if not plate:
            raise forms.ValidationError(_("Enter your car's plate."), code="required")
        return plate

    def clean_mobile(self):
        return validation.normalize_mobile(self.cleaned_data["mobile"])

    def slot_start(self) -> datetime:
        clock = datetime.strptime(self.cleaned_data["slot"], "%H:%M").time()
        day = date.fromisoformat(self.cleaned_data["day"])
        return datetime.combine(day, clock, tzinfo=timezone.get_current_timezone())


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("SMS code"),
        regex=r"^\d{6}$",
        max_length=6,
        error_messages={"invalid": _("Enter the 6 digits of the SMS code.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class SelfRegisteredCheckedForm(RowVersionForm):
    """The advisor checked a self-registered customer's file at the desk (row_version is the customer's)."""
