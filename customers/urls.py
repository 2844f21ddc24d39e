from django.urls import path

from customers.views import customers, fleets, importing, memberships, showroom, vehicles

app_name = "customers"
urlpatterns = [
    path("", customers.customer_list, name="list"),
    path("new/", customers.customer_create, name="create"),
    path("<int:pk>/", customers.customer_detail, name="detail"),
    path("<int:pk>/edit/", customers.customer_edit, name="edit"),
    path("<int:pk>/reveal-mobile/", customers.reveal_mobile, name="reveal_mobile"),
    path("<int:pk>/vehicles/new/", vehicles.vehicle_create, name="vehicle_create"),
    path("<int:pk>/sales/new/", vehicles.sale_create, name="sale_create"),
    path("<int:pk>/follow-ups/", customers.follow_up_create, name="follow_up_create"),
    path("<int:pk>/grade/", customers.grade_edit, name="grade"),
    path("<int:pk>/anonymize/", customers.customer_anonymize, name="anonymize"),
    path("<int:pk>/membership/", memberships.membership_grant, name="membership_grant"),
    path("<int:pk>/vip-reception/", customers.vip_reception, name="vip_reception"),
    path("vehicles/<int:pk>/edit/", vehicles.vehicle_edit, name="vehicle_edit"),
    path("memberships/<int:pk>/revoke/", memberships.membership_revoke, name="membership_revoke"),
    path("memberships/<int:pk>/reapply/", memberships.membership_reapply, name="membership_reapply"),
    path("fleets/", fleets.fleet_list, name="fleet_list"),
    path("fleets/new/", fleets.fleet_create, name="fleet_create"),
    path("fleets/<int:pk>/", fleets.fleet_detail, name="fleet_detail"),
    path("fleets/<int:pk>/vehicles/", fleets.fleet_add_vehicle, name="fleet_add_vehicle"),
    path("fleets/<int:pk>/activate/", fleets.fleet_activate, name="fleet_activate"),
    path("fleets/<int:pk>/reapply/", fleets.fleet_reapply, name="fleet_reapply"),
    path("import/", importing.import_customers, name="import"),
    path("import/confirm/", importing.import_confirm, name="import_confirm"),
    path("showroom/", showroom.showroom_log, name="showroom"),
    path("showroom/visits/", showroom.showroom_visit_create, name="showroom_visit_create"),
    path("referrals/<int:pk>/fake/", showroom.referral_flag_fake, name="referral_flag_fake"),
]
