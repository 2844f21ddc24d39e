from django import forms
from django.utils.translation import gettext_lazy as _

from organization.forms import MonthForm


class GroupForm(MonthForm):
    """The group dashboard's month and the measure its stores are ranked by (best first unless reversed)."""

    sort = forms.ChoiceField(label=_("Rank by"), required=False)
    reverse = forms.BooleanField(label=_("Worst first"), required=False)

    def __init__(self, *args, measures, **kwargs):
        super().__init__(*args, **kwargs)
        self.measures = {measure.key: measure for measure in measures}
        self.fields["sort"].choices = [("", _("Store code"))] + [(m.key, m.label) for m in measures]

    def chosen(self):
        """(month, the measure to rank by or None, whether the largest figure comes first)."""
        measure = self.measures.get(self.cleaned_data.get("sort") or "")
        descending = measure is not None and measure.higher_is_better != self.cleaned_data.get("reverse", False)
        return super().chosen(), measure, descending
