from django.urls import path

from surveys import public_views

app_name = "survey"
urlpatterns = [
    path("<str:token>/", public_views.answer, name="answer"),
]
