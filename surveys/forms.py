import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organization.concurrency import RowVersionForm
from organization.models import User
from surveys.models import Callback

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


# s-queues: the queue's filters, the head's reassignment, the call scripts.
class ListedChoices(ModelChoiceIterator):
    """A store's staff as choices, read once with a plain query (not a count, then a server-side cursor)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for person in self.queryset:
            yield self.choice(person)

    def __len__(self):
        return len(self.queryset) + (self.field.empty_label is not None)


class StaffChoiceField(forms.ModelChoiceField):
    iterator = ListedChoices


class QueueSelect(forms.Select):
    """A Bootstrap <select> whose options are written in one loop, not a template included per option: the queue's
    filters render on every visit to the page."""

    template_name = "surveys/widgets/select.html"

    def __init__(self, attrs=None, choices=()):
        super().__init__({"class": "form-select", **(attrs or {})}, choices)


class QueueFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *Callback.Kind.choices], required=False, widget=QueueSelect
    )
    owner = StaffChoiceField(
        label=pgettext_lazy("who works a callback", "Owner"),
        queryset=User.objects.none(),
        required=False,
        widget=QueueSelect,
    )
    due = forms.ChoiceField(
        label=_("Due"),
        choices=[("", _("Any time")), ("overdue", _("Overdue")), ("today", _("Due today")), ("later", _("Later"))],
        required=False,
        widget=QueueSelect,
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            ("open", _("Open")),
            ("reached", _("Reached")),
            ("unreached", _("Not reached")),
            ("dissatisfied", _("Dissatisfied")),
        ],
        required=False,
        widget=QueueSelect,
    )
    q = forms.CharField(
        label=_("Name, plate or last 4 digits of the mobile"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def __init__(self, data, *, owners):
        super().__init__(data)
        self.fields["owner"].queryset = owners


class ReassignForm(forms.Form):
    """The head's bulk hand-over: each chosen call carries the version it was shown at ("pk:version")."""

    picked = forms.MultipleChoiceField(label=_("Callbacks"), choices=[])
    owner = StaffChoiceField(label=_("Hand over to"), queryset=User.objects.none())

    def __init__(self, data, *, specialists):
        super().__init__(data)
        self.fields["owner"].queryset = specialists
        self.fields["picked"].valid_value = lambda value: PICKED.fullmatch(str(value)) is not None

    def clean_picked(self):
        picked = {}
        for value in self.cleaned_data["picked"]:
            pk, version = value.split(":")
            picked[int(pk)] = int(version)
        return picked


PICKED = re.compile(r"[1-9][0-9]{0,9}:[0-9]{1,9}")


class CallScriptForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Callback.Kind.choices)
    text = forms.CharField(label=_("Call script"), widget=forms.Textarea(attrs={"rows": 6}), max_length=4000)
