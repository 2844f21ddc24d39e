"""The tracking form's first part, as customer service fills it from the customer page or a callback (SPEC 5)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aftersales.models import RepairOrder
from complaints.models import Complaint, Route, Severity
from customers.models import Vehicle, VehicleSale
from customers.validation import PastMomentField
from organization.models import Department
from organization.submissions import OneTimeForm

Source = Complaint.Source
# Sources customer service takes on the customer page; callbacks and surveys log theirs from the call itself.
DIRECT_SOURCES = [(value, label) for value, label in Source.choices if value not in (Source.CALLBACK, Source.SURVEY)]
WRITTEN_SOURCES = {Source.LETTER, Source.SMS}


class ComplaintForm(OneTimeForm):
    source = forms.ChoiceField(label=_("Source"), choices=DIRECT_SOURCES, initial=Source.WALK_IN)
    raised_at = PastMomentField(
        label=_("Raised at"), help_text=_("When the customer voiced it: a letter's arrival may be earlier than now.")
    )
    category = forms.ChoiceField(label=_("Category"), choices=Complaint.Category.choices)
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices, initial=Severity.GENERAL)
    channel = forms.ChoiceField(label=_("Channel"), choices=Complaint.Channel.choices)
    route = forms.ChoiceField(label=_("Route"), choices=Route.choices)
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.none(),
        required=False,
        help_text=_("Route B: the department whose manager takes the complaint."),
    )
    description = forms.CharField(
        label=_("What the customer said"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    vehicle = forms.ModelChoiceField(label=_("Vehicle"), queryset=Vehicle.objects.none(), required=False)
    repair_order = forms.ModelChoiceField(label=_("Repair order"), queryset=RepairOrder.objects.none(), required=False)
    sale = forms.ModelChoiceField(label=_("Sale"), queryset=VehicleSale.objects.none(), required=False)

    def __init__(self, *args, customer, **kwargs):
        super().__init__(*args, **kwargs)
        self.customer = customer
        self.fields["department"].queryset = Department.objects.filter(store=customer.store_id)
        self.fields["vehicle"].queryset = Vehicle.objects.filter(owner=customer)
        self.fields["repair_order"].queryset = RepairOrder.objects.filter(customer=customer).order_by("-pk")
        self.fields["sale"].queryset = VehicleSale.objects.filter(buyer=customer).select_related("vehicle")
        if "raised_at" in self.fields:
            self.initial.setdefault("raised_at", timezone.localtime().replace(second=0, microsecond=0))

    def clean(self):
        data = super().clean()
        if data.get("route") == Route.CALLBACK and not data.get("department"):
            self.add_error("department", _("Choose the department the complaint goes to."))
        if data.get("route") == Route.FRONT_DESK:
            data["department"] = None  # route A: the after-sales manager dispatches to the departments
        order, sale, vehicle = data.get("repair_order"), data.get("sale"), data.get("vehicle")
        if order and sale:
            raise ValidationError(_("Link a repair order or a sale, not both."), code="order_and_sale")
        if order and vehicle and order.vehicle_id != vehicle.pk:
            self.add_error("repair_order", _("This repair order is for another vehicle."))
        if sale and vehicle and sale.vehicle_id != vehicle.pk:
            self.add_error("sale", _("This sale is of another vehicle."))
        if data.get("source") in WRITTEN_SOURCES:
            data["channel"] = Complaint.Channel.WRITTEN  # a letter or an SMS is never face to face
        return data

    def domain_fields(self) -> dict:
        """The keyword arguments of complaints.handling.log_complaint."""
        data = dict(self.cleaned_data)
        data.pop("submission", None)
        if data.get("sale") and not data.get("vehicle"):
            data["vehicle"] = data["sale"].vehicle
        return data


class CallbackComplaintForm(ComplaintForm):
    """From a dissatisfied callback: the source is the callback and the complaint was raised when the call ended."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["source"]
        del self.fields["raised_at"]
