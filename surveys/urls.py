from django.urls import path

from surveys import rollup_views, views

app_name = "surveys"
urlpatterns = [
    path("", views.my_callbacks, name="my_callbacks"),
    path("<int:pk>/", views.callback_detail, name="callback_detail"),
    path("<int:pk>/outcome/", views.record_outcome, name="record_outcome"),
    path("<int:pk>/reveal-mobile/", views.reveal_mobile, name="reveal_mobile"),
    path("<int:pk>/complaint/", views.log_complaint, name="log_complaint"),
]

urlpatterns += [
    path("satisfaction/", rollup_views.satisfaction_report, name="satisfaction_report"),
]
