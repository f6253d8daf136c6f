"""Admin screens of the collaboration package: the claim checklist and newsroom tags (Admins configure them)."""

from django.contrib import admin

from ..models import ChecklistItem, Tag, WebhookDelivery


@admin.register(ChecklistItem)
class ChecklistItemAdmin(admin.ModelAdmin):
    list_display = ("label", "required", "order", "active")
    list_editable = ("required", "order", "active")


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "created_by", "created_at")
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """The webhook delivery log: read-only."""

    list_display = ("event", "status", "attempts", "response_status", "created_at", "sent_at")
    list_filter = ("status",)
    readonly_fields = ("event", "url", "status", "attempts", "response_status", "error", "created_at", "sent_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
