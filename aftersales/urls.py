from django.urls import path

from aftersales import views

app_name = "aftersales"
urlpatterns = [
    path("", views.workbench, name="workbench"),
    path("appointments/new/<int:pk>/", views.appointment_create, name="appointment_create"),
    path("appointments/<int:pk>/status/", views.appointment_action, name="appointment_action"),
    path("appointments/<int:pk>/reschedule/", views.appointment_reschedule, name="appointment_reschedule"),
    path("my-repair-orders/", views.my_repair_orders, name="my_repair_orders"),
    path("qc/", views.qc_queue, name="qc_queue"),
    path("parts/", views.parts, name="parts"),
    path("lounge/", views.lounge, name="lounge"),
]
