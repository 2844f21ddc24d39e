"""The forms of reception and the repair order page; each action's form carries the order's row version."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aftersales.models import ChangeRequest, RepairOrder
from customers.validation import PROMISED_TIME
from organization.concurrency import RowVersionForm

MONEY = {"min_value": 0, "max_digits": 12, "decimal_places": 2}
QUANTITY = {"min_value": Decimal("0.01"), "max_digits": 10, "decimal_places": 2}
NOTE = forms.Textarea(attrs={"rows": 2})


class PromisedTimeField(forms.DateTimeField):
    """When the car is promised back: within a year (the domain refuses a time already past)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def validate(self, value):
        super().validate(value)
        if value is not None:
            PROMISED_TIME.check(timezone.localdate(value), timezone.localdate())


class ReceptionForm(forms.ModelForm):
    promised_at = PromisedTimeField(label=_("Promised delivery time"))
    mileage_in = forms.IntegerField(label=_("Mileage in (km)"), min_value=0, max_value=2_000_000)
    exterior_damage = forms.CharField(label=_("Exterior damage"), required=False, max_length=2000, widget=NOTE)
    valuables = forms.CharField(label=_("Valuables left in the car"), required=False, max_length=2000, widget=NOTE)
    customer_words = forms.CharField(label=_("The customer's words"), max_length=2000, widget=NOTE)
    diagnosis = forms.CharField(label=_("Diagnosis"), required=False, max_length=2000, widget=NOTE)

    class Meta:
        model = RepairOrder
        fields = [
            "job_type",
            "payment_type",
            "mileage_in",
            "fuel_level",
            "exterior_damage",
            "valuables",
            "customer_words",
            "diagnosis",
            "covers_fitted",
            "key_tag",
            "customer_waits",
            "promised_at",
        ]


class LineForm(RowVersionForm):
    code = forms.CharField(label=_("Labor operation code or part number"), max_length=40)
    quantity = forms.DecimalField(label=_("Hours or quantity"), required=False, **QUANTITY)
    unit_price = forms.DecimalField(label=_("Price other than the published one (CNY)"), required=False, **MONEY)
    price_reason = forms.CharField(label=_("Reason for the price"), required=False, max_length=200)


class RemoveLineForm(RowVersionForm):
    line = forms.IntegerField(min_value=1)


class SignForm(RowVersionForm):
    customer_name = forms.CharField(label=_("Name the customer signed with"), max_length=50)


class ChangeRequestForm(LineForm):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=NOTE)
    new_promised_at = PromisedTimeField(label=_("New promised delivery time"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].required = False


class DecideChangeForm(RowVersionForm):
    change = forms.IntegerField(min_value=1)
    approved = forms.TypedChoiceField(
        label=_("Answer"),
        choices=[("yes", _("Approved")), ("no", _("Declined"))],
        coerce=lambda answer: answer == "yes",
    )
    customer_name = forms.CharField(label=_("Who answered"), max_length=50)
    how = forms.ChoiceField(label=_("How"), choices=ChangeRequest.ApprovedHow.choices)


class RecommendForm(forms.Form):
    description = forms.CharField(label=_("Recommended work"), max_length=200)
    safety_related = forms.BooleanField(label=_("Safety-related"), required=False)


class DeclineRecommendationForm(forms.Form):
    recommendation = forms.IntegerField(min_value=1)
    signature = forms.CharField(label=_("Customer's signature"), required=False, max_length=50)


class OrderFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any status")), *RepairOrder.Status.choices], required=False
    )
    q = forms.CharField(label=_("Number or plate"), required=False, max_length=30)
    mine = forms.BooleanField(label=_("Mine only"), required=False)
