"""Forms of the maintenance packages: a package sold, an extended warranty sold."""

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.models import OilSize
from organization.submissions import OneTimeForm


class SellPackageForm(OneTimeForm):
    """An advisor sells a maintenance package to the vehicle; the price follows the oil size and the policy."""

    oil_litres = forms.TypedChoiceField(label=_("Oil size"), choices=OilSize.choices, coerce=int)


class SellExtendedWarrantyForm(OneTimeForm):
    """An advisor records an extended warranty sold for the vehicle: its term and the price agreed."""

    term_months = forms.IntegerField(label=_("Term (months)"), min_value=1, max_value=120)
    price = forms.DecimalField(label=_("Price (CNY)"), min_value=0, max_digits=10, decimal_places=2)
