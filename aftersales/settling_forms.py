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

    package = forms.ChoiceField(label=_("Maintenance package service to use"), required=False, widget=forms.RadioSelect)

    def __init__(self, *args, vouchers, packages, **kwargs):
        super().__init__(*args, **kwargs)
        self.packages = {str(package.pk): package for package in packages}
        self.fields["package"].choices = [("", _("No package service"))] + [
            (
                pk,
                _("%(oil)s, valid until %(day)s")
                % {"oil": package.get_oil_litres_display(), "day": package.expires_on},
            )
            for pk, package in self.packages.items()
        ]
        if not self.packages:
            del self.fields["package"]
        self.available = {str(reward.pk): reward for reward in vouchers}
        self.fields["vouchers"].choices = [(pk, reward.get_kind_display()) for pk, reward in self.available.items()]
        if not self.available:  # nothing to redeem: no empty "vouchers" label on the sheet
            del self.fields["vouchers"]

    def chosen_vouchers(self):
        return [self.available[pk] for pk in self.cleaned_data.get("vouchers", [])]

    def chosen_package(self):
        return self.packages.get(self.cleaned_data.get("package") or "")


class DeliverForm(RowVersionForm):
    car_checked = forms.BooleanField(label=_("The finished car was checked with the customer"))
