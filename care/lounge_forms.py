"""Forms of the lounge page: the day's checklist, a violation, the lost-property register, the summary's month."""

from django import forms
from django.utils.translation import gettext_lazy as _

from care.models import LoungeItem
from care.roles import OVERSEE_LOUNGE
from customers.validation import PastMomentField
from organization.models import User
from organization.submissions import OneTimeForm

MOST_TIMES = 99  # a count of a day's rounds; more is a typo


class ChecklistForm(forms.Form):
    """One field per active item: a tick, or the day's count for a counted item."""

    row_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def __init__(self, *args, items: list[LoungeItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            if item.counted:
                self.fields[f"count_{item.pk}"] = forms.IntegerField(
                    label=item.label, min_value=0, max_value=MOST_TIMES, required=False
                )
            else:
                self.fields[f"item_{item.pk}"] = forms.BooleanField(label=item.label, required=False)

    def ticks(self) -> dict[int, tuple[bool, int | None]]:
        data = self.cleaned_data
        return {
            item.pk: (not item.counted and data[f"item_{item.pk}"], data.get(f"count_{item.pk}")) for item in self.items
        }

    def rows(self):
        """(item, bound field) per item, for the template's groups."""
        return [(item, self[f"count_{item.pk}" if item.counted else f"item_{item.pk}"]) for item in self.items]


class ViolationForm(OneTimeForm):
    item = forms.ModelChoiceField(LoungeItem.objects.filter(active=True), label=_("Item"))
    staff = forms.ModelChoiceField(User.objects.none(), label=_("Staff member"))
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = User.objects.filter(store=store, is_active=True).order_by("name")


class LostPropertyForm(OneTimeForm):
    description = forms.CharField(label=_("What"), max_length=200)
    found_where = forms.CharField(label=_("Where"), max_length=200)
    found_at = PastMomentField(label=_("Found at"))


class ReportForm(forms.Form):
    manager = forms.ModelChoiceField(User.objects.none(), label=_("Reported to"))

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manager"].queryset = (
            User.objects.filter(store=store, is_active=True, groups__name__in=list(OVERSEE_LOUNGE))
            .distinct()
            .order_by("name")
        )


class ReturnForm(forms.Form):
    signature = forms.CharField(label=_("Customer's signature (name)"), max_length=100)
