"""Forms of the penalties page: the month shown, and a fine the GM or the after-sales manager records."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from complaints.models import Complaint, Fine
from organization.forms import MonthField
from organization.models import Department, User
from organization.roles import Role

NOTE_LENGTH = 2000


RECORDABLE = [Fine.Kind.LATE_REPORT, Fine.Kind.NEGLECTED_GENERAL, Fine.Kind.SERIOUS_NOT_REPORTED, Fine.Kind.OFFENCE]


class FineForm(forms.Form):
    """A process fine (the amount within the policy's range) or a process violation (its amount follows the count)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=[(kind.value, kind.label) for kind in RECORDABLE])
    person = forms.ModelChoiceField(User.objects.none(), label=_("Staff member"))
    amount = forms.DecimalField(label=_("Amount (CNY)"), max_digits=10, decimal_places=2, min_value=0, required=False)
    note = forms.CharField(label=_("Note"), max_length=NOTE_LENGTH, required=False, widget=forms.Textarea)
    complaint = forms.ModelChoiceField(Complaint.objects.none(), required=False, widget=forms.HiddenInput)
    month = MonthField(label=_("Counts in month"), required=False)

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = User.objects.filter(store=store, is_active=True).order_by("name")
        self.fields["complaint"].queryset = Complaint.objects.filter(store=store)

    def clean(self):
        data = super().clean()
        if data.get("kind") and data["kind"] != Fine.Kind.OFFENCE and data.get("amount") is None:
            self.add_error("amount", _("Enter the amount."))
        return data


def accessories_staff(store):
    """The accessories (精品) department's active staff of `store`, the only people fined for fitting work."""
    return User.objects.filter(
        store=store, is_active=True, department__kind=Department.Kind.ACCESSORIES, department__store=store
    ).order_by("name")


class CommissionWithholdForm(forms.Form):
    """An accessories staff member's fitting commission for the month is withheld."""

    person = forms.ModelChoiceField(User.objects.none(), label=_("Accessories staff member"))
    amount = forms.DecimalField(label=_("Commission withheld (CNY)"), max_digits=10, decimal_places=2, min_value=0)
    month = MonthField(label=_("Month of the commission"))
    note = forms.CharField(label=_("Note"), max_length=NOTE_LENGTH, required=False, widget=forms.Textarea)

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = accessories_staff(store)


class ReworkForm(forms.Form):
    """Accessories rework: its cost, split between the group leader and the person who did the work."""

    person = forms.ModelChoiceField(User.objects.none(), label=_("Accessories staff member"))
    group_leader = forms.ModelChoiceField(User.objects.none(), label=_("Group leader"))
    cost = forms.DecimalField(label=_("Rework cost (CNY)"), max_digits=10, decimal_places=2, min_value=0)
    complaint = forms.CharField(label=_("Complaint number"), max_length=20, help_text=_("For example TS000042."))

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        self.store = store
        for name in ("person", "group_leader"):
            self.fields[name].queryset = accessories_staff(store)

    def clean_complaint(self):
        """The complaint by its number (TS000042, a later round TS000042-2) among the store's complaints."""
        number = self.cleaned_data["complaint"].strip().upper()
        first, _dash, round_ = number.removeprefix("TS").partition("-")
        complaint = None
        if first.isdigit() and (not round_ or round_.isdigit()) and len(first) <= 9 and len(round_) <= 3:
            rounds = Complaint.objects.filter(store=self.store, round=int(round_ or 1))
            complaint = rounds.filter(Q(first_round=int(first)) | Q(pk=int(first), first_round=None)).first()
        if complaint is None:
            raise forms.ValidationError(
                _("No complaint of this store has the number %(number)s."), code="complaint", params={"number": number}
            )
        return complaint


class ExplicitLossForm(forms.Form):
    """One amount for each person who pays for the complaint's explicit loss; blank or 0: nothing for them."""

    def __init__(self, *args, payers, **kwargs):
        super().__init__(*args, **kwargs)
        self.payers = payers
        for person, why in payers:
            self.fields[f"amount_{person.pk}"] = forms.DecimalField(
                label=f"{person.name} · {why}", max_digits=10, decimal_places=2, min_value=0, required=False
            )

    def amounts(self) -> dict:
        """Person → amount, for the amounts entered above zero."""
        return {
            person: self.cleaned_data[f"amount_{person.pk}"]
            for person, _why in self.payers
            if self.cleaned_data.get(f"amount_{person.pk}")
        }

    def clean(self):
        data = super().clean()
        if self.payers and not self.errors and not self.amounts():
            raise forms.ValidationError(_("Enter at least one amount."), code="no_amounts")
        return data


def explicit_loss_payers(complaint: Complaint) -> list[tuple[User, str]]:
    """Who pays for the complaint's explicit loss, each with why (complaints/fines.py decides again): the staff at
    fault on any round, their department heads, the store's after-sales managers; each person once. Nobody while
    the complaint names nobody at fault."""
    first = complaint.first_round or complaint
    at_fault = list(
        User.objects.filter(Q(complaints_at_fault=first) | Q(complaints_at_fault__first_round=first))
        .select_related("department__head")
        .distinct()
        .order_by("name", "pk")
    )
    if not at_fault:
        return []
    heads = [person.department.head for person in at_fault if person.department and person.department.head]
    managers = User.objects.filter(store=complaint.store_id).with_role(Role.AFTER_SALES_MANAGER).order_by("name", "pk")
    listed = {}
    for people, why in ((at_fault, _("at fault")), (heads, _("department head")), (managers, _("after-sales manager"))):
        for person in people:
            listed.setdefault(person.pk, (person, why))
    return list(listed.values())
