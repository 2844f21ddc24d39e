"""The settlement and delivery forms of a repair order (aftersales.settling_views)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.models import RepairOrder
from customers.validation import SERVICE_DUE, DateInRangeField
from organization.concurrency import RowVersionForm


class SettleForm(RowVersionForm):
    old_parts = forms.ChoiceField(label=_("Old parts"), choices=RepairOrder.OldParts.choices, widget=forms.RadioSelect)
    next_service_due = DateInRangeField(SERVICE_DUE, label=_("Next service due"))
    next_service_km = forms.IntegerField(label=_("Next service at (km)"), min_value=1, max_value=2_000_000)
    vouchers = forms.MultipleChoiceField(
        label=_("Vouchers to redeem"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, vouchers, **kwargs):
        super().__init__(*args, **kwargs)
        self.available = {str(reward.pk): reward for reward in vouchers}
        self.fields["vouchers"].choices = [(pk, reward.get_kind_display()) for pk, reward in self.available.items()]
        if not self.available:  # nothing to redeem: no empty "vouchers" label on the sheet
            del self.fields["vouchers"]

    def chosen_vouchers(self):
        return [self.available[pk] for pk in self.cleaned_data.get("vouchers", [])]


class DeliverForm(RowVersionForm):
    car_checked = forms.BooleanField(label=_("The finished car was checked with the customer"))
