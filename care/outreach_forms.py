"""Forms of broadcasts and owner lectures: they check the shape of the input; care/broadcasts.py and
care/lectures.py hold the rules."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from care.models.outreach import LECTURE_DAY, Audience, BroadcastKind
from customers.models import FleetAccount
from customers.validation import DateInRangeField, normalize_mobile
from organization.submissions import OneTimeForm

SCORES = [(n, str(n)) for n in range(5, 0, -1)]


class BroadcastForm(forms.Form):
    """What to send and to whom; `confirmed` is set by the confirmation step."""

    kind = forms.ChoiceField(label=_("kind"), choices=BroadcastKind.choices)
    audience = forms.ChoiceField(label=_("sent to"), choices=Audience.choices, initial=Audience.STORE)
    model_name = forms.CharField(label=_("model"), max_length=50, required=False)
    fleet = forms.ModelChoiceField(label=_("fleet"), queryset=FleetAccount.objects.none(), required=False)
    text = forms.CharField(label=_("text"), max_length=300, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fleet"].queryset = FleetAccount.objects.filter(store=store, dissolved_at=None)

    def clean(self):
        data = super().clean()
        audience = data.get("audience")
        if audience == Audience.MODEL and not data.get("model_name"):
            self.add_error("model_name", ValidationError(_("Name the model whose owners receive it."), code="required"))
        if audience == Audience.FLEET and not data.get("fleet"):
            self.add_error("fleet", ValidationError(_("Choose the fleet that receives it."), code="required"))
        if audience != Audience.MODEL:
            data["model_name"] = ""
        if audience != Audience.FLEET:
            data["fleet"] = None
        return data


class ConfirmBroadcastForm(OneTimeForm, BroadcastForm):
    """The confirmation step: the same choice, sent once."""


class LectureForm(OneTimeForm):
    held_on = DateInRangeField(LECTURE_DAY, label=_("date"))
    topic = forms.CharField(label=_("topic"), max_length=100)
    speaker = forms.CharField(label=_("speaker"), max_length=50)


class AttendeeForm(forms.Form):
    mobile = forms.CharField(label=_("customer's mobile"), max_length=30)

    def clean_mobile(self):
        return normalize_mobile(self.cleaned_data["mobile"])


class EvaluationForm(forms.Form):
    content_score = forms.TypedChoiceField(label=_("content"), choices=SCORES, coerce=int)
    speaker_score = forms.TypedChoiceField(label=_("speaker"), choices=SCORES, coerce=int)
    usefulness_score = forms.TypedChoiceField(label=_("usefulness for my car"), choices=SCORES, coerce=int)
    feedback = forms.CharField(label=_("feedback"), max_length=500, required=False, widget=forms.Textarea({"rows": 2}))
    question = forms.CharField(
        label=_("question to answer"), max_length=500, required=False, widget=forms.Textarea({"rows": 2})
    )
