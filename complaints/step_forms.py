"""The forms of the complaint's page, one per step of the tracking form (complaints/handling.py takes the step)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.models import Complaint, Milestone, Severity
from organization.concurrency import RowVersionForm
from organization.models import Department, User

TEXT_LENGTH = 4000
YES_NO = [("yes", _("Yes")), ("no", _("No"))]
ANSWERS = {"yes": True, "no": False, "": None}


def text_field(label, *, required=True):
    return forms.CharField(label=label, max_length=TEXT_LENGTH, required=required, widget=forms.Textarea({"rows": 2}))


def staff_of(complaint: Complaint):
    return User.objects.filter(store=complaint.store_id, is_active=True).order_by("name", "pk")


def involved_departments(complaint: Complaint):
    return Department.objects.filter(pk__in=complaint.involved.values("department")).order_by("kind", "pk")


class ComplaintForm(RowVersionForm):
    """A step's form, bound to the complaint it is taken on."""

    def __init__(self, *args, complaint: Complaint, **kwargs):
        self.complaint = complaint
        super().__init__(*args, **kwargs)


class HandOverForm(ComplaintForm):
    note = text_field(_("Note"), required=False)


class FirstHandlingForm(ComplaintForm):
    analysis = text_field(_("Analysis (confirmed with the customer)"))


class DispatchForm(ComplaintForm):
    departments = forms.ModelMultipleChoiceField(
        Department.objects.none(), label=_("Departments involved"), widget=forms.CheckboxSelectMultiple
    )
    analysis = text_field(_("Analysis"))

    def __init__(self, *args, complaint, **kwargs):
        super().__init__(*args, complaint=complaint, **kwargs)
        self.fields["departments"].queryset = Department.objects.filter(store=complaint.store_id).order_by("kind")


class AssignResponsibleForm(ComplaintForm):
    person = forms.ModelChoiceField(User.objects.none(), label=_("Responsible person (负责人)"))

    def __init__(self, *args, complaint, **kwargs):
        super().__init__(*args, complaint=complaint, **kwargs)
        self.fields["person"].queryset = staff_of(complaint)


class ContactForm(forms.Form):
    """A call or visit: appended, never conflicting, so it carries no row version."""

    reached = forms.ChoiceField(label=_("Reached the customer?"), choices=YES_NO, widget=forms.RadioSelect)
    note = text_field(_("Note"), required=False)

    def __init__(self, *args, complaint, **kwargs):
        self.complaint = complaint
        super().__init__(*args, **kwargs)


HANDLING_KINDS = [Milestone.Kind.HANDLED, Milestone.Kind.AGREEMENT, Milestone.Kind.FINISHED]


class RecordHandlingForm(ComplaintForm):
    kind = forms.ChoiceField(label=_("Milestone"), choices=[(kind.value, kind.label) for kind in HANDLING_KINDS])
    result = text_field(_("Result"))


class DepartmentForm(ComplaintForm):
    """A department's step: the department among those involved."""

    department = forms.ModelChoiceField(Department.objects.none(), label=_("Department"))

    def __init__(self, *args, complaint, **kwargs):
        super().__init__(*args, complaint=complaint, **kwargs)
        self.fields["department"].queryset = involved_departments(complaint)


class DepartmentResultForm(DepartmentForm):
    result = text_field(_("Department's result"))


class SignPlanForm(DepartmentForm):
    note = text_field(_("Note"), required=False)


class DepartmentReplyForm(DepartmentForm):
    reply = text_field(_("Reply: result and improvement measures"))


class FindingsForm(ComplaintForm):
    """The findings the statistics read: loss, root cause, improvement measures, training action."""

    loss = forms.ChoiceField(label=_("Loss"), choices=Complaint.Loss.choices)
    root_cause = forms.ChoiceField(
        label=_("Root cause"), choices=[("", "---------"), *Complaint.RootCause.choices], required=False
    )
    improvement = text_field(_("Improvement measures (改善措施)"), required=False)
    training_action = text_field(_("Training action"), required=False)


class SummaryForm(FindingsForm):
    summary = text_field(_("Summary"))
    plan = text_field(_("Handling plan"), required=False)

    field_order = ["summary", "plan", "loss", "root_cause", "improvement", "training_action"]


class CallbackForm(ComplaintForm):
    reached = forms.ChoiceField(label=_("Reached the customer?"), choices=YES_NO, widget=forms.RadioSelect)
    accepted = forms.ChoiceField(
        label=_("Does the customer accept the result?"),
        choices=[("", _("Not reached")), *YES_NO],
        required=False,
    )
    result = text_field(_("Satisfaction-callback result"))


class GmInstructionForm(ComplaintForm):
    instruction = text_field(_("Instruction (批示)"))


class GmFinalForm(ComplaintForm):
    instruction = text_field(_("Final instruction"))
    reported_to_oem_on = forms.DateField(
        label=_("Reported to the OEM region on"), required=False, widget=forms.DateInput({"type": "date"})
    )

    def clean_reported_to_oem_on(self):
        day = self.cleaned_data["reported_to_oem_on"]
        raised = timezone.localdate(self.complaint.raised_at)
        if day is not None and not raised <= day <= timezone.localdate():
            raise forms.ValidationError(
                _("Enter a day between the complaint (%(raised)s) and today.") % {"raised": raised}
            )
        return day


class ArchiveForm(ComplaintForm):
    pass


class ReclassifyForm(ComplaintForm):
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices)
    category = forms.ChoiceField(label=_("Category"), choices=Complaint.Category.choices)
    note = forms.CharField(label=_("Reason"), max_length=200)


class AtFaultForm(ComplaintForm):
    people = forms.ModelMultipleChoiceField(User.objects.none(), label=_("Staff at fault (责任人)"), required=False)

    def __init__(self, *args, complaint, **kwargs):
        super().__init__(*args, complaint=complaint, **kwargs)
        self.fields["people"].queryset = staff_of(complaint)
