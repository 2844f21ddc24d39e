from django.urls import path

from aftersales import (
    catalog_views,
    fake_views,
    package_views,
    preparation_views,
    public_views,
    reception_views,
    settling_views,
    views,
    workshop_views,
)

app_name = "aftersales"
urlpatterns = [
    path("", views.workbench, name="workbench"),
    path("appointments/new/<int:pk>/", views.appointment_create, name="appointment_create"),
    path("appointments/<int:pk>/status/", views.appointment_action, name="appointment_action"),
    path("appointments/<int:pk>/reschedule/", views.appointment_reschedule, name="appointment_reschedule"),
    path("appointments/<int:pk>/fake/", fake_views.appointment_flag_fake, name="appointment_flag_fake"),
    path(
        "appointments/<int:pk>/customer-checked/",
        public_views.self_registered_checked,
        name="self_registered_checked",
    ),
    path(
        "appointments/<int:pk>/preparation/",
        preparation_views.appointment_preparation,
        name="appointment_preparation",
    ),
    path("my-repair-orders/", workshop_views.my_repair_orders, name="my_repair_orders"),
    path("qc/", workshop_views.qc_queue, name="qc_queue"),
    path("parts/", workshop_views.parts, name="parts"),
    path("workshop/", workshop_views.workshop_board, name="workshop_board"),
    path("repair_orders/<int:pk>/start/", workshop_views.repair_order_start, name="repair_order_start"),
    path("repair_orders/<int:pk>/finish/", workshop_views.repair_order_finish, name="repair_order_finish"),
    path("repair_orders/<int:pk>/inspect/", workshop_views.repair_order_inspect, name="repair_order_inspect"),
    path(
        "repair_orders/<int:pk>/requisition/",
        workshop_views.repair_order_request_part,
        name="repair_order_request_part",
    ),
    path("repair_orders/requisition/<int:pk>/issue/", workshop_views.requisition_issue, name="requisition_issue"),
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
    path("repair_orders/", reception_views.repair_orders_list, name="repair_orders"),
    path("repair_orders/<int:pk>/", reception_views.repair_order, name="repair_order"),
    path("repair_orders/new/<int:pk>/", reception_views.repair_order_create, name="repair_order_create"),
    path("appointments/<int:pk>/receive/", reception_views.appointment_receive, name="appointment_receive"),
    path("repair_orders/<int:pk>/print/", reception_views.repair_order_print, name="repair_order_print"),
    path("repair_orders/<int:pk>/lines/", reception_views.repair_order_add_line, name="repair_order_add_line"),
    path(
        "repair_orders/<int:pk>/lines/remove/",
        reception_views.repair_order_remove_line,
        name="repair_order_remove_line",
    ),
    path("repair_orders/<int:pk>/sign/", reception_views.repair_order_sign, name="repair_order_sign"),
    path(
        "repair_orders/<int:pk>/changes/",
        reception_views.repair_order_request_change,
        name="repair_order_request_change",
    ),
    path(
        "repair_orders/<int:pk>/changes/answer/",
        reception_views.repair_order_decide_change,
        name="repair_order_decide_change",
    ),
    path(
        "repair_orders/<int:pk>/recommendations/",
        reception_views.repair_order_recommend,
        name="repair_order_recommend",
    ),
    path(
        "repair_orders/<int:pk>/recommendations/decline/",
        reception_views.repair_order_decline_recommendation,
        name="repair_order_decline_recommendation",
    ),
    path("incentives/", package_views.incentives, name="incentives"),
    path("vehicles/<int:pk>/packages/new/", package_views.package_sell, name="package_sell"),
    path(
        "vehicles/<int:pk>/extended-warranty/new/", package_views.extended_warranty_sell, name="extended_warranty_sell"
    ),
]
