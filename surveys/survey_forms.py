"""Forms of the survey pages: one score field per item of the survey's questionnaire version."""

from django import forms
from django.utils.translation import gettext_lazy as _

from organization.concurrency import RowVersionForm
from surveys.models import Survey

STAFF_CHANNELS = [
    (Survey.Channel.PHONE, Survey.Channel.PHONE.label),
    (Survey.Channel.PAPER, Survey.Channel.PAPER.label),
    (Survey.Channel.FACE_TO_FACE, Survey.Channel.FACE_TO_FACE.label),
]


def field_name(question) -> str:
    return f"q_{question.code}"


class SurveyAnswersForm(RowVersionForm):
    """The customer's scores, 1..the item's scale; a must-ask item may not be left empty."""

    comment = forms.CharField(
        label=_("Anything else you would like to tell us?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[field_name(question)] = forms.TypedChoiceField(
                label=question.text,
                choices=[("", "—")] + [(str(n), str(n)) for n in range(1, question.scale + 1)],
                coerce=int,
                empty_value=None,
                required=question.must_ask,
                error_messages={
                    "required": _("“%(question)s” must be asked: enter the customer's score.")
                    % {"question": question.text},
                    "invalid_choice": _("The score for “%(question)s” must be between 1 and %(scale)s.")
                    % {"question": question.text, "scale": question.scale},
                },
            )

    def score_fields(self):
        return [(question, self[field_name(question)]) for question in self.questions]

    def scores(self) -> dict[str, int | None]:
        return {question.code: self.cleaned_data.get(field_name(question)) for question in self.questions}


class StaffSurveyForm(SurveyAnswersForm):
    """Staff enter the answers they took on the phone, on paper or face to face."""

    channel = forms.ChoiceField(label=_("How the customer answered"), choices=STAFF_CHANNELS)
