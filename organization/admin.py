from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from organization.models import (
    Department,
    Heartbeat,
    MessageOptOut,
    Notification,
    OpeningHours,
    OutboundMessage,
    PolicySet,
    PolicyValue,
    Store,
    User,
)


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


@admin.register(Store)
class StoreAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "city", "is_active"]
    search_fields = ["code", "name", "city"]
    inlines = [OpeningHoursInline]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["store", "kind", "head"]
    list_filter = ["kind", "store"]
    raw_id_fields = ["head"]


@admin.register(User)
class StaffAdmin(UserAdmin):
    list_display = ["username", "name", "store", "department", "superior", "is_active"]
    list_filter = ["store", "groups", "is_active"]
    search_fields = ["username", "name", "mobile"]
    raw_id_fields = ["superior", "department"]
    fieldsets = [
        *UserAdmin.fieldsets,
        (_("Store and reporting line"), {"fields": ["name", "mobile", "store", "department", "superior"]}),
    ]


class PolicyValueInline(admin.TabularInline):
    model = PolicyValue
    extra = 0
    can_delete = False
    readonly_fields = ["key", "value"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PolicySet)
class PolicySetAdmin(admin.ModelAdmin):
    """Read-only: versions are made on the policy page, never edited in place."""

    list_display = ["__str__", "created_at", "created_by", "note"]
    list_filter = ["store"]
    inlines = [PolicyValueInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(OutboundMessage)
class OutboundMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "store", "to", "category", "template", "status", "attempts", "sent_at"]
    list_filter = ["status", "category", "store"]
    search_fields = ["to", "provider_message_id"]
    date_hierarchy = "created_at"


admin.site.register(MessageOptOut)
admin.site.register(Notification)
admin.site.register(Heartbeat)
