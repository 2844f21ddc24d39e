from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from organization.policies import Unit, all_definitions


class PolicyForm(forms.Form):
    """Every policy value of one version, typed by its unit, plus the reason for the change."""

    base_version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Reason for the change"), max_length=200)

    def __init__(self, *args, policy_set, **kwargs):
        super().__init__(*args, **kwargs)
        self.definitions = {d.key: d for d in all_definitions() if d.key in policy_set.raw_values}
        self.fields["base_version"].initial = policy_set.version
        for key, item in self.definitions.items():
            self.fields[key] = self._field_for(item)
            self.fields[key].initial = policy_set.value(key)

    @staticmethod
    def _field_for(item):
        label = f"{item.label}（{item.unit.label}）" if item.unit not in (Unit.FLAG, Unit.CLOCK) else item.label
        if item.unit == Unit.FLAG:
            return forms.BooleanField(label=label, required=False, help_text=item.help_text)
        if item.unit == Unit.CLOCK:
            return forms.TimeField(
                label=label, help_text=item.help_text, widget=forms.TimeInput(attrs={"type": "time"})
            )
        return forms.DecimalField(
            label=label,
            help_text=item.help_text,
            max_digits=12,
            decimal_places=2,
            min_value=item.minimum,
            max_value=item.maximum,
        )

    def sections(self):
        grouped: dict[str, list] = {}
        for key, item in self.definitions.items():
            grouped.setdefault(str(item.section), []).append(self[key])
        return grouped.items()

    def changes(self) -> dict[str, str]:
        """The stored text of every value in the form (unchanged ones are dropped on revision)."""
        try:
            return {key: item.clean(self.cleaned_data[key]) for key, item in self.definitions.items()}
        except ValidationError as error:
            self.add_error(None, error)
            raise
