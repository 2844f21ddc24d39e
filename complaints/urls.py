from django.urls import path

from complaints import detail_views, export_views, late_views, logging_views, preview_views, views

app_name = "complaints"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("department/", views.department, name="department"),
    path("mine/", views.mine, name="mine"),
    path("log/customer/<int:pk>/", logging_views.log_for_customer, name="log_for_customer"),
    path("<int:pk>/", detail_views.detail, name="detail"),
    path("<int:pk>/print/", detail_views.print_form, name="print"),
    path("<int:pk>/hand-over/", detail_views.hand_over, name="hand_over"),
    path("<int:pk>/first-handling/", detail_views.first_handling, name="first_handling"),
    path("<int:pk>/dispatch/", detail_views.dispatch, name="dispatch"),
    path("<int:pk>/responsible/", detail_views.assign_responsible, name="assign_responsible"),
    path("<int:pk>/contact/", detail_views.contact, name="contact"),
    path("<int:pk>/handling/", detail_views.record_handling, name="record_handling"),
    path("<int:pk>/department-result/", detail_views.department_result, name="department_result"),
    path("<int:pk>/sign-plan/", detail_views.sign_plan, name="sign_plan"),
    path("<int:pk>/department-reply/", detail_views.department_reply, name="department_reply"),
    path("<int:pk>/summary/", detail_views.summarize, name="summarize"),
    path("<int:pk>/satisfaction-callback/", detail_views.satisfaction_callback, name="satisfaction_callback"),
    path("<int:pk>/gm-instruction/", detail_views.gm_instruction, name="gm_instruction"),
    path("<int:pk>/gm-final/", detail_views.gm_final, name="gm_final"),
    path("<int:pk>/archive/", detail_views.archive, name="archive"),
    path("<int:pk>/reclassify/", detail_views.reclassify, name="reclassify"),
    path("<int:pk>/at-fault/", detail_views.name_at_fault, name="name_at_fault"),
    path("<int:pk>/findings/", detail_views.record_findings, name="findings"),
    path("deadlines/preview/", preview_views.deadline_preview, name="deadline_preview"),
    path("late-breaches/", late_views.late_breaches, name="late_breaches"),
    path("statistics/", export_views.statistics_page, name="statistics"),
    path("statistics/export/", export_views.export_statistics, name="export"),
]
