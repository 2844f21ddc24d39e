from django.urls import path

from complaints import appeal_views, penalty_views, views

app_name = "complaints"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("department/", views.department, name="department"),
    path("<int:pk>/appeal/", appeal_views.appeal_file, name="appeal_file"),
    path("appeals/", appeal_views.appeals, name="appeals"),
    path("appeals/<int:pk>/forward/", appeal_views.appeal_forward, name="appeal_forward"),
    path("appeals/<int:pk>/rule/", appeal_views.appeal_rule, name="appeal_rule"),
    path("penalties/", penalty_views.penalties, name="penalties"),
    path("penalties/fine/", penalty_views.fine_record, name="fine_record"),
]
