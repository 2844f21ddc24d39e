from dataclasses import dataclass
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organization.models import Holiday
from organization.policies import PolicyKey, PolicyTable, Unit, all_definitions


@dataclass
class TableOnPage:
    """A policy table as the page shows it: the last dimension across, one input per cell."""

    label: str
    unit: str
    columns: list[str]
    rows: list[tuple[str, list]]


class PolicyForm(forms.Form):
    """Every policy value of one version, typed by its unit, plus the reason for the change."""

    base_version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Reason for the change"), max_length=200, widget=forms.TextInput(attrs={"class": "form-control"})
    )

    def __init__(self, *args, policy_set, **kwargs):
        super().__init__(*args, **kwargs)
        self.definitions = {d.key: d for d in all_definitions() if d.key in policy_set.raw_values}
        self.fields["base_version"].initial = policy_set.version
        for key, item in self.definitions.items():
            self.fields[key] = self._field_for(item)
            text = policy_set.raw_values[key]
            self.fields[key].initial = item.parse(text) if item.unit in (Unit.FLAG, Unit.CLOCK, Unit.CHOICE) else text

    @staticmethod
    def _field_for(item: PolicyKey):
        if item.unit == Unit.FLAG:
            return forms.BooleanField(
                label=item.label,
                required=False,
                help_text=item.help_text,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )
        if item.unit == Unit.CHOICE:
            return forms.ChoiceField(
                label=item.label,
                choices=item.choices,
                help_text=item.help_text,
                widget=forms.Select(attrs={"class": "form-select"}),
            )
        attrs = {"class": "form-control", "aria-label": str(item.label)}
        if item.unit == Unit.CLOCK:
            attrs["type"] = "time"
            return forms.TimeField(label=item.label, help_text=item.help_text, widget=forms.TimeInput(attrs))
        if item.whole:
            field = forms.IntegerField(
                label=item.label,
                help_text=item.help_text,
                min_value=None if item.minimum is None else int(item.minimum),
                max_value=None if item.maximum is None else int(item.maximum),
                widget=forms.NumberInput(attrs),
            )
        else:
            field = forms.DecimalField(
                label=item.label,
                help_text=item.help_text,
                max_digits=12,
                decimal_places=2,
                min_value=item.minimum,
                max_value=item.maximum,
                widget=forms.NumberInput(attrs),
            )
        field.unit = item.unit.label
        field.required = not item.optional
        return field

    def sections(self):
        """(section, blocks): each block a bound field or a TableOnPage, in the order they were defined."""
        grouped: dict[str, list] = {}
        tables: set[int] = set()
        for key, item in self.definitions.items():
            blocks = grouped.setdefault(str(item.section), [])
            if item.table is None:
                blocks.append(self[key])
            elif id(item.table) not in tables:
                tables.add(id(item.table))
                blocks.append(self._table_on_page(item.table))
        return grouped.items()

    def _table_on_page(self, table: PolicyTable) -> TableOnPage:
        rows = [
            (" · ".join(str(label) for label in labels), [self[c.key] if c.key in self.fields else None for c in cells])
            for labels, cells in table.rows()
        ]
        return TableOnPage(table.label, table.unit.label, [label for _value, label in table.columns], rows)

    def changes(self) -> dict[str, str]:
        """The stored text of every value in the form (unchanged ones are dropped on revision)."""
        try:
            return {key: item.clean(self.cleaned_data[key]) for key, item in self.definitions.items()}
        except ValidationError as error:
            self.add_error(None, error)
            raise


# Years the holiday page takes: the mainland calendar starts in 2004; a table further ahead than 2099 is a typo.
FIRST_HOLIDAY_YEAR, LAST_HOLIDAY_YEAR = 2004, 2099


class HolidayForm(forms.ModelForm):
    """One day of the store's holiday table; the store is the GM's."""

    class Meta:
        model = Holiday
        fields = ["date", "name", "kind"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.store = store

    def clean_date(self):
        day = self.cleaned_data["date"]
        if not FIRST_HOLIDAY_YEAR <= day.year <= LAST_HOLIDAY_YEAR:
            raise ValidationError(
                _("Enter a date between %(first)s and %(last)s."),
                params={"first": FIRST_HOLIDAY_YEAR, "last": LAST_HOLIDAY_YEAR},
                code="out_of_range",
            )
        taken = Holiday.objects.filter(store=self.instance.store, date=day).exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(_("This day is already in the store's holiday table."), code="duplicate")
        return day


class HolidayYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_HOLIDAY_YEAR, max_value=LAST_HOLIDAY_YEAR)


# The first month a month selector accepts; the last is the current one.
FIRST_MONTH = date(2000, 1, 1)


class MonthField(forms.CharField):
    """A month as YYYY-MM (an <input type="month">), cleaned to its first day."""

    widget = forms.TextInput(attrs={"type": "month"})

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            if len(value) != 7:
                raise ValueError
            year, month = (int(part) for part in value.split("-"))
            first = date(year, month, 1)
        except ValueError:
            raise forms.ValidationError(_("Enter a month as YYYY-MM."), code="month") from None
        if not FIRST_MONTH <= first <= timezone.localdate().replace(day=1):
            raise forms.ValidationError(_("Choose a month up to this one."), code="month_range")
        return first


class MonthForm(forms.Form):
    month = MonthField(label=_("Month"), required=False)

    def chosen(self) -> date:
        return self.cleaned_data.get("month") or timezone.localdate().replace(day=1)
