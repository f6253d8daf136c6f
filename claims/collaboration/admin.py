"""Admin screens of the collaboration package: the claim checklist and newsroom tags (Admins configure them)."""

from django.contrib import admin

from ..models import ChecklistItem, Tag


@admin.register(ChecklistItem)
class ChecklistItemAdmin(admin.ModelAdmin):
    list_display = ("label", "required", "order", "active")
    list_editable = ("required", "order", "active")


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "created_by", "created_at")
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)
