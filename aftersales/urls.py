from django.urls import path

from aftersales import catalog_views, settling_views, views

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
    path("repair_orders/<int:pk>/settle/", settling_views.repair_order_settle, name="repair_order_settle"),
    path("repair_orders/<int:pk>/deliver/", settling_views.repair_order_deliver, name="repair_order_deliver"),
    path("repair_orders/<int:pk>/settlement/print/", settling_views.settlement_print, name="settlement_print"),
    path("repair_orders/<int:pk>/gate-pass/print/", settling_views.gate_pass_print, name="gate_pass_print"),
]
