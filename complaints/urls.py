from django.urls import path

from complaints import logging_views, views

app_name = "complaints"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("department/", views.department, name="department"),
    path("mine/", views.mine, name="mine"),
    path("<int:pk>/", views.detail, name="detail"),
    path("log/customer/<int:pk>/", logging_views.log_for_customer, name="log_for_customer"),
]
