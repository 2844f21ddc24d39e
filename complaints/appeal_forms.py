"""Forms of the appeals page: file an appeal, the department head's note, the GM's signed ruling."""

from django import forms
from django.utils.translation import gettext_lazy as _

from organization.concurrency import RowVersionForm

TEXT_LENGTH = 4000


class AppealForm(forms.Form):
    reason = forms.CharField(label=_("Why you are not at fault"), max_length=TEXT_LENGTH, widget=forms.Textarea)


class ForwardAppealForm(RowVersionForm):
    note = forms.CharField(label=_("Your note to the GM"), max_length=TEXT_LENGTH, widget=forms.Textarea)


class RulingForm(RowVersionForm):
    """The GM upholds or rejects, writes the ruling and signs it by typing their own name."""

    DECISIONS = {"uphold": True, "reject": False}

    decision = forms.ChoiceField(label=_("Ruling"), choices=[("uphold", _("Uphold")), ("reject", _("Reject"))])
    ruling = forms.CharField(label=_("Ruling text"), max_length=TEXT_LENGTH, widget=forms.Textarea)
    signature = forms.CharField(label=_("Signature (type your name)"), max_length=50)

    def __init__(self, *args, signer, **kwargs):
        super().__init__(*args, **kwargs)
        self.signer = signer

    def clean_signature(self):
        signature = self.cleaned_data["signature"].strip()
        if signature != str(self.signer).strip():
            raise forms.ValidationError(_("Sign with your own name as the staff list shows it."), code="signature")
        return signature
