"""Forms check the shape of input; the rules live in the modules named for them."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from customers import validation
from customers.models import Customer, FollowUp, Grade, Membership, Vehicle
from customers.privacy import mask_mobile
from organization.concurrency import RowVersionForm
from organization.models import User
from organization.roles import Role
from organization.submissions import OneTimeForm

MAX_MONEY = 99_999_999
MAX_KM = 2_000_000


def _find_customer(store, text: str) -> Customer:
    """A customer of `store` named by mobile number (lists of millions make poor drop-downs)."""
    mobile = validation.normalize_mobile(text)
    customer = Customer.objects.filter(store=store, mobile=mobile, anonymized_at=None).first()
    if customer is None:
        raise ValidationError(_("No customer of this store has that mobile number."), code="no_such_customer")
    return customer


class CustomerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=50)
    mobile = forms.CharField(label=_("Mobile"), max_length=30, help_text=_("11-digit mainland mobile number."))
    gender = forms.ChoiceField(label=_("Gender"), choices=[("", "—"), *Customer.Gender.choices], required=False)
    birthday = validation.DateInRangeField(validation.BIRTHDAY, label=_("Birthday"), required=False)
    occupation = forms.CharField(label=_("Occupation"), max_length=50, required=False)
    source = forms.ChoiceField(label=_("Source"), choices=Customer.Source.choices, initial=Customer.Source.WALK_IN)
    marketing_consent = forms.BooleanField(label=_("Accepts marketing SMS"), required=False)
    referrer_mobile = forms.CharField(
        label=_("Referred by (mobile of an existing customer)"), max_length=30, required=False
    )
    purchase_budget = forms.DecimalField(
        label=_("Purchase budget (CNY)"), min_value=0, max_value=MAX_MONEY, decimal_places=2, required=False
    )
    planned_purchase_on = validation.DateInRangeField(
        validation.PLANNED_PURCHASE, label=_("Plans to buy by"), required=False
    )
    notes = forms.CharField(label=_("Notes"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        self.store = store

    def clean_mobile(self):
        return validation.normalize_mobile(self.cleaned_data["mobile"])

    def clean_referrer_mobile(self):
        text = self.cleaned_data["referrer_mobile"].strip()
        return _find_customer(self.store, text) if text else None

    def domain_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("row_version", None)
        data["referred_by"] = data.pop("referrer_mobile")
        return data

    @staticmethod
    def initial_for(customer: Customer) -> dict:
        """The file as the edit form starts from; mobiles are never pre-filled (CustomerEditForm shows them masked)."""
        initial = {
            name: getattr(customer, name)
            for name in CustomerForm.base_fields
            if hasattr(customer, name) and name != "mobile"
        }
        initial["row_version"] = customer.row_version
        return initial


class CustomerEditForm(RowVersionForm, CustomerForm):
    """The customer's and the referrer's mobiles show masked (in full only through the logged reveal);
    a new number replaces one, an empty field keeps it."""

    remove_referrer = forms.BooleanField(label=_("Remove the referrer"), required=False)

    def __init__(self, *args, customer: Customer, **kwargs):
        super().__init__(*args, store=customer.store, **kwargs)
        mobile, referrer = self.fields["mobile"], self.fields["referrer_mobile"]
        mobile.required = False
        mobile.label = _("New mobile")
        mobile.help_text = _("Now %(mobile)s; leave empty to keep it.") % {"mobile": mask_mobile(customer.mobile)}
        referrer.label = _("New referrer (mobile of an existing customer)")
        if customer.referred_by:
            referrer.help_text = _("Now %(name)s, %(mobile)s; leave empty to keep them.") % {
                "name": customer.referred_by.name,
                "mobile": mask_mobile(customer.referred_by.mobile),
            }

    def clean_mobile(self):
        text = self.cleaned_data["mobile"].strip()
        return validation.normalize_mobile(text) if text else ""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("remove_referrer") and cleaned.get("referrer_mobile"):
            raise ValidationError(_("Either remove the referrer or enter a new one, not both."))
        return cleaned

    def domain_fields(self) -> dict:
        data = super().domain_fields()
        if not data["mobile"]:
            del data["mobile"]
        if data.pop("remove_referrer"):
            data["referred_by"] = None
        elif data["referred_by"] is None:
            del data["referred_by"]
        return data


class VehicleForm(forms.Form):
    vin = forms.CharField(label=_("VIN"), max_length=30, help_text=_("17 characters, no I, O or Q."))
    plate = forms.CharField(label=_("Plate"), max_length=20, required=False, help_text=_("Empty until registered."))
    brand = forms.CharField(label=_("Brand"), max_length=30, required=False)
    model_name = forms.CharField(label=_("Model"), max_length=50, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=Vehicle.Status.choices, initial=Vehicle.Status.IN_USE)
    purchase_date = validation.DateInRangeField(validation.PURCHASE_DATE, label=_("Purchase date"), required=False)
    bought_here = forms.BooleanField(label=_("Bought here"), required=False)
    insured_here = forms.BooleanField(label=_("Insured here"), required=False)
    mileage = forms.IntegerField(label=_("Mileage (km)"), min_value=0, max_value=MAX_KM, required=False)
    warranty_end = validation.DateInRangeField(validation.WARRANTY_END, label=_("Warranty ends"), required=False)
    extended_warranty_end = validation.DateInRangeField(
        validation.WARRANTY_END, label=_("Extended warranty ends"), required=False
    )
    insurance_expiry = validation.DateInRangeField(
        validation.INSURANCE_EXPIRY, label=_("Insurance expires"), required=False
    )
    last_service_date = validation.DateInRangeField(
        validation.LAST_SERVICE, label=_("Last service date"), required=False
    )
    last_service_mileage = forms.IntegerField(
        label=_("Last service mileage (km)"), min_value=0, max_value=MAX_KM, required=False
    )
    next_service_due_date = validation.DateInRangeField(
        validation.SERVICE_DUE, label=_("Next service due date"), required=False
    )
    next_service_due_mileage = forms.IntegerField(
        label=_("Next service due mileage (km)"), min_value=0, max_value=MAX_KM, required=False
    )

    def clean_vin(self):
        return validation.normalize_vin(self.cleaned_data["vin"])

    def clean_plate(self):
        return validation.normalize_plate(self.cleaned_data["plate"])

    def domain_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("row_version", None)
        return data

    @staticmethod
    def initial_for(vehicle: Vehicle) -> dict:
        initial = {name: getattr(vehicle, name) for name in VehicleForm.base_fields}
        initial["row_version"] = vehicle.row_version
        return initial


class VehicleEditForm(RowVersionForm, VehicleForm):
    pass


class SaleForm(forms.Form):
    vehicle = forms.ModelChoiceField(label=_("Vehicle"), queryset=Vehicle.objects.none())
    consultant = forms.ModelChoiceField(label=_("Sales consultant"), queryset=User.objects.none())
    delivered_at = validation.PastMomentField(
        label=_("Delivered at"), error_messages={"in_the_future": _("A delivery cannot be recorded before it happens.")}
    )
    price = forms.DecimalField(
        label=_("Price (CNY)"), min_value=0, max_value=MAX_MONEY, decimal_places=2, required=False
    )

    def __init__(self, *args, customer: Customer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vehicle"].queryset = customer.vehicles.filter(sales=None, status=Vehicle.Status.IN_USE)
        self.fields["consultant"].queryset = User.objects.filter(store=customer.store).with_role(Role.SALES_CONSULTANT)
        self.fields["delivered_at"].initial = timezone.localtime().strftime("%Y-%m-%dT%H:%M")


class FollowUpForm(forms.Form):
    contacted_at = validation.PastMomentField(
        label=_("Date"), error_messages={"in_the_future": _("A contact cannot be logged before it happens.")}
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=FollowUp.Channel.choices)
    content = forms.CharField(label=_("Content"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    result = forms.CharField(label=_("Result"), max_length=500, required=False)


class GradeForm(forms.Form):
    grade = forms.ChoiceField(label=_("Grade"), choices=[("", _("As suggested")), *Grade.choices], required=False)
    reason = forms.CharField(label=_("Reason for overriding"), max_length=200, required=False)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Reason"), max_length=200)


class MembershipForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Membership"),
        choices=[
            (Membership.Kind.VIP, Membership.Kind.VIP.label),
            (Membership.Kind.GOLD_CARD, Membership.Kind.GOLD_CARD.label),
        ],
    )


class FleetForm(forms.Form):
    name = forms.CharField(label=_("Organization"), max_length=100)
    representative_mobile = forms.CharField(label=_("Representative (mobile of an existing customer)"), max_length=30)
    fleet_specialist = forms.ModelChoiceField(label=_("Fleet specialist"), queryset=User.objects.none(), required=False)
    local_plate_prefix = forms.CharField(
        label=_("Local plate prefix"), max_length=3, required=False, help_text=_("e.g. 粤A; empty: not checked.")
    )

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        self.store = store
        self.fields["fleet_specialist"].queryset = User.objects.filter(store=store, is_active=True)

    def clean_representative_mobile(self):
        return _find_customer(self.store, self.cleaned_data["representative_mobile"])

    def clean_local_plate_prefix(self):
        prefix = self.cleaned_data["local_plate_prefix"].strip().upper()
        if prefix and not (prefix[0] in validation.PROVINCES and len(prefix) <= 2):
            raise ValidationError(_("Enter a province character, optionally with the city letter, e.g. 粤A."))
        return prefix


class FleetVehicleForm(forms.Form):
    vehicle = forms.CharField(label=_("VIN or plate"), max_length=30)

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        self.store = store

    def clean_vehicle(self):
        text = self.cleaned_data["vehicle"].strip().upper().replace(" ", "")
        vehicle = (
            Vehicle.objects.filter(store=self.store, vin=text).select_related("owner").first()
            or Vehicle.objects.filter(store=self.store, plate=text).select_related("owner").first()
        )
        if vehicle is None:
            raise ValidationError(_("No vehicle of this store has that VIN or plate."))
        return vehicle


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel (.xlsx) or CSV file"))


class ShowroomVisitForm(OneTimeForm):
    name = forms.CharField(label=_("Visitor's name"), max_length=50)
    mobile = forms.CharField(label=_("Mobile"), max_length=30, required=False)
    interested_model = forms.CharField(label=_("Interested in"), max_length=50, required=False)
    party_size = forms.IntegerField(label=_("Party size"), min_value=1, max_value=50, initial=1)
    visited_at = validation.PastMomentField(
        label=_("Visited at"), error_messages={"in_the_future": _("A visit cannot be logged before it happens.")}
    )
    consultant = forms.ModelChoiceField(
        label=_("Received by"), queryset=User.objects.none(), required=False, empty_label=_("Not recorded")
    )
    referrer_mobile = forms.CharField(
        label=_("Referred by (mobile of an existing customer)"), max_length=30, required=False
    )
    notes = forms.CharField(label=_("Notes"), max_length=200, required=False)

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        self.store = store
        self.fields["consultant"].queryset = User.objects.filter(store=store).with_role(Role.SALES_CONSULTANT)
        self.fields["visited_at"].initial = timezone.localtime().strftime("%Y-%m-%dT%H:%M")

    def clean_mobile(self):
        text = self.cleaned_data["mobile"].strip()
        return validation.normalize_mobile(text) if text else ""

    def clean_referrer_mobile(self):
        text = self.cleaned_data["referrer_mobile"].strip()
        return _find_customer(self.store, text) if text else None


class VipReceptionForm(OneTimeForm):
    notes = forms.CharField(label=_("Notes"), max_length=200, required=False)


class FakeReferralForm(forms.Form):
    loss = forms.DecimalField(label=_("Loss (CNY)"), min_value=0, max_value=MAX_MONEY, decimal_places=2)
    staff_member = forms.ModelChoiceField(label=_("Staff member responsible"), queryset=User.objects.none())

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff_member"].queryset = User.objects.filter(store=store, is_active=True)
