from django.urls import path

from aftersales import catalog_views, preparation_views, views

app_name = "aftersales"
urlpatterns = [
    path("", views.workbench, name="workbench"),
    path("appointments/new/<int:pk>/", views.appointment_create, name="appointment_create"),
    path("appointments/<int:pk>/status/", views.appointment_action, name="appointment_action"),
    path("appointments/<int:pk>/reschedule/", views.appointment_reschedule, name="appointment_reschedule"),
    path(
        "appointments/<int:pk>/preparation/",
        preparation_views.appointment_preparation,
        name="appointment_preparation",
    ),
    path("my-repair-orders/", views.my_repair_orders, name="my_repair_orders"),
    path("qc/", views.qc_queue, name="qc_queue"),
    path("parts/", views.parts, name="parts"),
    path("lounge/", views.lounge, name="lounge"),
    path("prices/labor/", catalog_views.labor_operations, name="labor_operations"),
    path("prices/labor/import/", catalog_views.import_labor_operations, name="import_labor_operations"),
    path(
        "prices/labor/import/confirm/",
        catalog_views.import_labor_operations_confirm,
        name="import_labor_operations_confirm",
    ),
    path("prices/parts/", catalog_views.part_prices, name="part_prices"),
    path("prices/parts/import/", catalog_views.import_part_prices, name="import_part_prices"),
    path("prices/parts/import/confirm/", catalog_views.import_part_prices_confirm, name="import_part_prices_confirm"),
]
