from django.urls import path

from surveys import questionnaire_views, rollup_views, survey_views, views
from surveys.complaint_survey_views import complaint_survey

app_name = "surveys"
urlpatterns = [
    path("", views.my_callbacks, name="my_callbacks"),
    path("<int:pk>/", views.callback_detail, name="callback_detail"),
    path("<int:pk>/outcome/", views.record_outcome, name="record_outcome"),
    path("<int:pk>/reveal-mobile/", views.reveal_mobile, name="reveal_mobile"),
    path("<int:pk>/complaint/", views.log_complaint, name="log_complaint"),
    # s-surveys: questionnaires and surveys
    path("<int:pk>/survey/", survey_views.callback_survey, name="callback_survey"),
    path("<int:pk>/survey-link/", survey_views.send_survey_link, name="send_survey_link"),
    path("surveys/<int:pk>/", survey_views.survey_detail, name="survey_detail"),
    path("questionnaires/", questionnaire_views.questionnaires, name="questionnaires"),
    path("questionnaires/<int:pk>/", questionnaire_views.questionnaire_detail, name="questionnaire"),
    path("questionnaires/<int:pk>/edit/", questionnaire_views.questionnaire_edit, name="questionnaire_edit"),
]

urlpatterns += [
    path("satisfaction/", rollup_views.satisfaction_report, name="satisfaction_report"),
]

# s-complaint-survey: the survey after a closed complaint, taken on its closing satisfaction callback
urlpatterns += [
    path("complaints/<int:pk>/survey/", complaint_survey, name="complaint_survey"),
]
