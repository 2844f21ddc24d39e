from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from surveys.models import Callback


@admin.register(Callback)
class CallbackAdmin(SimpleHistoryAdmin):
    list_display = ["customer", "kind", "store", "owner", "due_at", "completed_at", "reached", "satisfied"]
    list_filter = ["kind", "store", "completed_at"]
    raw_id_fields = ["customer", "vehicle", "owner"]
    date_hierarchy = "due_at"
