from django.urls import path

from complaints import late_views, views

app_name = "complaints"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("department/", views.department, name="department"),
    path("late-breaches/", late_views.late_breaches, name="late_breaches"),
]
