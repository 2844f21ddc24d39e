"""Forms of the maintenance-package slice: the month of the staff-incentives page, a package sold."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aftersales.models import OilSize
from organization.submissions import OneTimeForm

FIRST_MONTH = date(2000, 1, 1)


class IncentiveMonthForm(forms.Form):
    """The month shown, as YYYY-MM (an <input type="month">); this month when none is given."""

    month = forms.CharField(label=_("Month"), required=False, widget=forms.TextInput(attrs={"type": "month"}))

    def clean_month(self) -> date:
        text = self.cleaned_data["month"].strip()
        if not text:
            return timezone.localdate().replace(day=1)
        try:
            if len(text) != 7:
                raise ValueError
            year, month = (int(part) for part in text.split("-"))
            first = date(year, month, 1)
        except ValueError:
            raise forms.ValidationError(_("Enter a month as YYYY-MM."), code="month") from None
        if not FIRST_MONTH <= first <= timezone.localdate().replace(day=1):
            raise forms.ValidationError(_("Choose a month up to this one."), code="month_range")
        return first


class SellPackageForm(OneTimeForm):
    """An advisor sells a maintenance package to the vehicle; the price follows the oil size and the policy."""

    oil_litres = forms.TypedChoiceField(label=_("Oil size"), choices=OilSize.choices, coerce=int)
