"""The queues' filters: the shape of the query string, nothing more (complaints/queues.py applies them)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from complaints.models import Route, Severity, Stage
from organization.models import Department

ANY = [("", _("Any"))]
STATES = [
    ("", _("Any")),
    ("overdue", _("Overdue")),
    ("breached", _("Breached")),
    ("due_today", _("Due today")),
]


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=50, required=False, help_text=_("Number, customer or plate."))
    stage = forms.ChoiceField(label=_("Stage"), choices=ANY + Stage.choices, required=False)
    severity = forms.ChoiceField(label=_("Severity"), choices=ANY + Severity.choices, required=False)
    route = forms.ChoiceField(label=_("Route"), choices=ANY + Route.choices, required=False)
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none(), required=False)
    state = forms.ChoiceField(label=_("Deadline"), choices=STATES, required=False)
    closed = forms.BooleanField(label=_("Include closed"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.visible_to(user).order_by("store", "kind")

    def filters(self) -> dict:
        """The valid filters; a value that does not fit is dropped with its error shown, not a 400."""
        return {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
