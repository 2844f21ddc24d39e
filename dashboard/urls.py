from django.urls import path

from dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.gm, name="gm"),
    path("group/", views.group, name="group"),
]
