"""Forms of the OEM score entry and the improvement actions (shape only; the rules are in oem.py, improvement.py)."""

import re
from datetime import date
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from customers.validation import DateInRangeField
from organization.models import Department, User
from organization.submissions import OneTimeForm
from surveys.models import FOCUS_DAY, ImprovementAction, OemItemKind

QUARTER = re.compile(r"^(20\d\d)Q([1-4])$")


def parse_quarter(text: str) -> date:
    """'2026Q3' as the first day of that quarter; ValidationError for anything else."""
    match = QUARTER.match(text or "")
    if match is None:
        raise ValidationError(_("Give the quarter as year and number, e.g. 2026Q3."), code="invalid_quarter")
    return date(int(match[1]), int(match[2]) * 3 - 2, 1)


class QuarterForm(forms.Form):
    quarter = forms.CharField(label=_("Quarter"), max_length=6)

    def clean_quarter(self):
        return parse_quarter(self.cleaned_data["quarter"])


def _points(label):
    return forms.DecimalField(label=label, min_value=Decimal(0), max_value=Decimal(100), decimal_places=2)


class OemScoreForm(forms.Form):
    kind = forms.ChoiceField(label=_("Item kind"), choices=OemItemKind.choices)
    code = forms.SlugField(label=_("Item code"), max_length=40)
    name = forms.CharField(label=_("Item"), max_length=100)
    score = _points(_("Store's score"))
    national_average = _points(_("National average"))
    region_average = _points(_("Sub-region (小区) average"))
    owner = forms.ModelChoiceField(label=_("Item owner"), queryset=User.objects.none())
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none())
    lost_by_management_or_staff = forms.BooleanField(label=_("Lost through management or staff"), required=False)

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(store=store, is_active=True).order_by("name")
        self.fields["department"].queryset = Department.objects.filter(store=store)


class BaseOemScoreFormSet(forms.BaseFormSet):
    def clean(self):
        seen = set()
        for form in self.forms:
            if not form.has_changed() or form.errors:
                continue
            key = (form.cleaned_data["kind"], form.cleaned_data["code"])
            if key in seen:
                raise ValidationError(_("Each item code appears once per item kind."), code="duplicate_item")
            seen.add(key)

    def items(self) -> list[dict]:
        return [form.cleaned_data for form in self.forms if form.has_changed() and form.cleaned_data]


OemScoreFormSet = forms.formset_factory(
    OemScoreForm,
    formset=BaseOemScoreFormSet,
    extra=3,
    min_num=1,
    validate_min=True,
    max_num=200,
    validate_max=True,
    absolute_max=200,
)


class ReviewForm(forms.Form):
    text = forms.CharField(label=_("Review note"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    advance = forms.BooleanField(label=_("Move to the next PDCA step"), required=False)


class FocusItemForm(OneTimeForm):
    """A weekly or monthly focus item as the meeting sets it (seed 004 五)."""

    horizon = forms.ChoiceField(
        label=_("Cadence"),
        choices=[
            (ImprovementAction.Horizon.WEEK, _("Weekly focus item")),
            (ImprovementAction.Horizon.MONTH, _("Monthly focus item")),
        ],
    )
    day = DateInRangeField(FOCUS_DAY, label=_("For the week or month of"))
    title = forms.CharField(label=_("What to improve"), max_length=200)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none())
    due_on = DateInRangeField(FOCUS_DAY, label=_("Due on"))

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(store=store, is_active=True).order_by("name")
        self.fields["day"].initial = timezone.localdate()
