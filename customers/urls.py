from django.urls import path

from customers import views

app_name = "customers"
urlpatterns = [
    path("", views.customer_list, name="list"),
    path("new/", views.customer_create, name="create"),
    path("<int:pk>/", views.customer_detail, name="detail"),
    path("<int:pk>/edit/", views.customer_edit, name="edit"),
    path("<int:pk>/reveal-mobile/", views.reveal_mobile, name="reveal_mobile"),
    path("<int:pk>/vehicles/new/", views.vehicle_create, name="vehicle_create"),
    path("<int:pk>/sales/new/", views.sale_create, name="sale_create"),
    path("<int:pk>/follow-ups/", views.follow_up_create, name="follow_up_create"),
    path("<int:pk>/grade/", views.grade_edit, name="grade"),
    path("<int:pk>/anonymize/", views.customer_anonymize, name="anonymize"),
    path("<int:pk>/membership/", views.membership_grant, name="membership_grant"),
    path("<int:pk>/vip-reception/", views.vip_reception, name="vip_reception"),
    path("vehicles/<int:pk>/edit/", views.vehicle_edit, name="vehicle_edit"),
    path("memberships/<int:pk>/revoke/", views.membership_revoke, name="membership_revoke"),
    path("memberships/<int:pk>/reapply/", views.membership_reapply, name="membership_reapply"),
    path("fleets/", views.fleet_list, name="fleet_list"),
    path("fleets/new/", views.fleet_create, name="fleet_create"),
    path("fleets/<int:pk>/", views.fleet_detail, name="fleet_detail"),
    path("fleets/<int:pk>/vehicles/", views.fleet_add_vehicle, name="fleet_add_vehicle"),
    path("fleets/<int:pk>/activate/", views.fleet_activate, name="fleet_activate"),
    path("fleets/<int:pk>/reapply/", views.fleet_reapply, name="fleet_reapply"),
    path("import/", views.import_customers, name="import"),
    path("import/confirm/", views.import_confirm, name="import_confirm"),
    path("showroom/", views.showroom_log, name="showroom"),
    path("showroom/visits/", views.showroom_visit_create, name="showroom_visit_create"),
    path("referrals/<int:pk>/fake/", views.referral_flag_fake, name="referral_flag_fake"),
]
