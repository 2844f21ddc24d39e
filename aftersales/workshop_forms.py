"""Forms of the workshop pages: take or dispatch work, finish it, QC's inspection, a part requested."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.models import PartPrice, QcInspection
from aftersales.roles import REPAIR
from organization.concurrency import RowVersionForm
from organization.models import User

REPORT_LENGTH = 4000


def technicians_of(store):
    """Active technicians of `store` (a Store or its pk)."""
    return User.objects.filter(store=store, groups__name__in=REPAIR, is_active=True).order_by("name")


class StartWorkForm(RowVersionForm):
    """The advisor picks the technician; a technician taking the order leaves it empty (it is them)."""

    technician = forms.ModelChoiceField(User.objects.none(), label=_("Technician"), required=False)

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["technician"].queryset = technicians_of(store)


class FinishWorkForm(RowVersionForm):
    self_check_done = forms.BooleanField(label=_("Self-check done"), required=False)
    report = forms.CharField(label=_("Repair report"), max_length=REPORT_LENGTH, widget=forms.Textarea)


class InspectionForm(RowVersionForm):
    RESULTS = {"pass": True, "fail": False}

    result = forms.ChoiceField(label=_("Result"), choices=[("pass", _("Pass")), ("fail", _("Fail"))])
    notes = forms.CharField(label=_("Notes"), max_length=REPORT_LENGTH, required=False, widget=forms.Textarea)
    road_tested = forms.BooleanField(label=_("Road tested"), required=False)
    washed = forms.BooleanField(label=_("Washed"), required=False)
    guarantee_card = forms.BooleanField(label=_("Quality guarantee card filled in"), required=False)
    tyre_life_percent = forms.IntegerField(
        label=_("Remaining tyre life (%)"), min_value=0, max_value=100, required=False
    )
    brake_pad_life_percent = forms.IntegerField(
        label=_("Remaining brake-pad life (%)"), min_value=0, max_value=100, required=False
    )
    parked_in_finished_area = forms.BooleanField(label=_("Parked in the finished area"), required=False)

    def inspection(self) -> QcInspection:
        data = dict(self.cleaned_data)
        data.pop("row_version")
        return QcInspection(passed=self.RESULTS[data.pop("result")], **data)


class RequisitionForm(forms.Form):
    part_number = forms.CharField(label=_("Part number"), max_length=40)
    quantity = forms.DecimalField(label=_("Quantity"), min_value=Decimal("0.01"), max_digits=10, decimal_places=2)

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        self.store = store

    def clean_part_number(self) -> PartPrice:
        number = self.cleaned_data["part_number"].strip()
        part = PartPrice.objects.filter(store=self.store, part_number=number, active=True).first()
        if part is None:
            raise forms.ValidationError(_("No part with this number on the store's price list."), code="unknown_part")
        return part
