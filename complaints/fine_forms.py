"""Forms of the penalties page: the month shown, and a fine the GM or the after-sales manager records."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.models import Complaint, Fine
from organization.models import User

NOTE_LENGTH = 2000
FIRST_MONTH = date(2000, 1, 1)


class MonthField(forms.CharField):
    """A month as YYYY-MM (an <input type="month">), cleaned to its first day."""

    widget = forms.TextInput(attrs={"type": "month"})

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            if len(value) != 7:
                raise ValueError
            year, month = (int(part) for part in value.split("-"))
            first = date(year, month, 1)
        except ValueError:
            raise forms.ValidationError(_("Enter a month as YYYY-MM."), code="month") from None
        if not FIRST_MONTH <= first <= timezone.localdate().replace(day=1):
            raise forms.ValidationError(_("Choose a month up to this one."), code="month_range")
        return first


class MonthForm(forms.Form):
    month = MonthField(label=_("Month"), required=False)

    def chosen(self) -> date:
        return self.cleaned_data.get("month") or timezone.localdate().replace(day=1)


RECORDABLE = [Fine.Kind.LATE_REPORT, Fine.Kind.NEGLECTED_GENERAL, Fine.Kind.SERIOUS_NOT_REPORTED, Fine.Kind.OFFENCE]


class FineForm(forms.Form):
    """A process fine (the amount within the policy's range) or a process violation (its amount follows the count)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=[(kind.value, kind.label) for kind in RECORDABLE])
    person = forms.ModelChoiceField(User.objects.none(), label=_("Staff member"))
    amount = forms.DecimalField(label=_("Amount (CNY)"), max_digits=10, decimal_places=2, min_value=0, required=False)
    note = forms.CharField(label=_("Note"), max_length=NOTE_LENGTH, required=False, widget=forms.Textarea)
    complaint = forms.ModelChoiceField(Complaint.objects.none(), required=False, widget=forms.HiddenInput)
    month = MonthField(label=_("Counts in month"), required=False)

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = User.objects.filter(store=store, is_active=True).order_by("name")
        self.fields["complaint"].queryset = Complaint.objects.filter(store=store)

    def clean(self):
        data = super().clean()
        if data.get("kind") and data["kind"] != Fine.Kind.OFFENCE and data.get("amount") is None:
            self.add_error("amount", _("Enter the amount."))
        return data
