from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from organization.concurrency import RowVersionForm

YES_NO_UNKNOWN = [("", _("Not asked")), ("yes", _("Satisfied")), ("no", _("Dissatisfied"))]


class CallbackOutcomeForm(RowVersionForm):
    reached = forms.TypedChoiceField(
        label=_("Did you reach the customer?"),
        choices=[("yes", _("Reached")), ("no", _("Not reached"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    satisfied = forms.TypedChoiceField(
        label=_("Customer's satisfaction"),
        choices=YES_NO_UNKNOWN,
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
    )
    notes = forms.CharField(
        label=_("What was said"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )

    def clean(self):
        data = super().clean()
        if data.get("reached") and data.get("satisfied") is None:
            raise ValidationError(_("Record whether the customer was satisfied."))
        if data.get("reached") is False and data.get("satisfied") is not None:
            self.add_error("satisfied", _("A satisfaction result needs a customer who was reached."))
        return data
