"""The survey after a closed complaint, taken by customer service on the complaint's closing satisfaction call."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from complaints.visibility import complaints_visible_to
from organization.roles import role_required
from surveys import answering, complaint_surveys
from surveys.models import Survey
from surveys.questionnaires import current_questionnaire
from surveys.roles import ENTER_SURVEYS
from surveys.survey_forms import StaffSurveyForm
from surveys.survey_views import record_during_call

PAGE = "surveys/complaint_survey.html"


@require_http_methods(["GET", "POST"])
@role_required(*ENTER_SURVEYS, write=True)
def complaint_survey(request, pk):
    """The questionnaire during the closing call (the survey is made on the first save); once answered, its answers."""
    complaint = get_object_or_404(
        complaints_visible_to(request.user).select_related("customer", "store", "repair_order", "sale"), pk=pk
    )
    survey = Survey.objects.filter(complaint=complaint).select_related("questionnaire").first()
    if survey is not None and survey.answered_at is not None:
        answers = survey.answers.select_related("question").order_by("question__position")
        status = 422 if request.method == "POST" else 200
        return render(request, "surveys/survey_answered.html", {"survey": survey, "answers": answers}, status=status)
    context = {"complaint": complaint}
    if not complaint_surveys.survey_may_be_taken(complaint):
        context["refused"] = _(
            "The survey is taken on the complaint's closing satisfaction callback: this complaint is not at it."
        )
        return render(request, PAGE, context, status=422)
    kind = complaint_surveys.survey_kind(complaint)
    questionnaire = survey.questionnaire if survey else current_questionnaire(complaint.store, kind)
    initial = {"row_version": survey.row_version if survey else 0, "channel": "phone"}
    form = StaffSurveyForm(request.POST or None, questions=questionnaire.questions.all(), initial=initial)
    context |= {"form": form, "questionnaire": questionnaire}
    if request.method == "GET":
        return render(request, PAGE, context)
    if form.is_valid():
        make_survey = partial(complaint_surveys.survey_for_complaint, complaint)
        try:
            survey = record_during_call(request, form, survey, questionnaire, make_survey=make_survey)
        except answering.AlreadyAnswered:
            answered = Survey.objects.get(complaint=complaint)
            return render(request, "surveys/survey_answered.html", {"survey": answered}, status=422)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Survey recorded: %(score)s points.") % {"score": survey.score})
            return redirect("complaints:detail", pk=complaint.pk)
    return render(request, PAGE, context, status=422)
