"""Forms of the maintenance packages: a package sold, an extended warranty sold."""

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.models import OilSize
from organization.submissions import OneTimeForm


class SellPackageForm(OneTimeForm):
    """An advisor sells a maintenance package to the vehicle; the price follows the oil size and the policy."""

    oil_litres = forms.TypedChoiceField(label=_("Oil size"), choices=OilSize.choices, coerce=int)
