from django import forms
from django.utils.translation import gettext_lazy as _

from care.models.contacts import ContactKind
from organization.concurrency import RowVersionForm


class CareCallForm(RowVersionForm):
    reached = forms.TypedChoiceField(
        label=_("Did you reach the customer?"),
        choices=[("yes", _("Reached")), ("no", _("Not reached"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    result = forms.CharField(
        label=_("Result"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=500
    )
    next_step = forms.CharField(label=_("Next step"), required=False, max_length=200)
    booked_appointment = forms.BooleanField(
        label=_("Booked an appointment"),
        required=False,
        help_text=_("Saving opens the booking form with the customer and vehicle filled in."),
    )

    def clean(self):
        data = super().clean()
        if data.get("booked_appointment") and data.get("reached") is False:
            self.add_error("booked_appointment", _("An appointment needs a customer who was reached."))
        return data


class OptOutForm(forms.Form):
    kind = forms.ChoiceField(label=_("Contact type"), choices=ContactKind.choices)
    reason = forms.CharField(label=_("Reason"), max_length=200)

    def __init__(self, *args, taken=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.taken = set(taken)
        self.fields["kind"].choices = [(value, label) for value, label in ContactKind.choices if value not in taken]


class TeamFilterForm(forms.Form):
    DUE = [("today", _("Due today or before")), ("overdue", _("Overdue")), ("all", _("All open"))]

    kind = forms.ChoiceField(
        label=_("Contact type"), choices=[("", _("All types")), *ContactKind.choices], required=False
    )
    owner = forms.TypedChoiceField(label=_("Owner"), coerce=int, required=False, empty_value=None)
    due = forms.ChoiceField(label=_("Due"), choices=DUE, required=False)

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", _("Everyone")), ("0", _("Customer service (unowned)"))] + [
            (str(user.pk), str(user)) for user in owners
        ]
