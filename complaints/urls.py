from django.urls import path

from complaints import views

app_name = "complaints"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("department/", views.department, name="department"),
]
