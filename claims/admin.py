"""The Django admin: the rating scale, users and rows for Admins; the timeline read-only."""

from django.contrib import admin

from .api import tokens
from .models import ApiToken, Appearance, Article, Citation, Claim, Event, Rating, Source, Verdict


class AppearanceInline(admin.TabularInline):
    model = Appearance
    extra = 0
    fields = ("article", "position", "start", "end", "speaker", "score", "kind", "anchor_lost")
    raw_id_fields = ("article",)
    show_change_link = True


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("id", "display_title", "outlet", "status", "origin", "published", "created_at")
    list_filter = ("status", "origin", "raw_format")
    search_fields = ("title", "url", "outlet")
    raw_id_fields = ("duplicate_of", "submitted_by", "archived_by")
    readonly_fields = ("content_sha256", "created_at", "updated_at")

    def has_delete_permission(self, request, obj=None):
        # Deleted from the article page (claims.intake.articles.article_delete): it refuses while a claim
        # is published, keeps the claims found elsewhere and records the deletion; a cascade here would not.
        return False


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ("id", "__str__", "speaker", "kind", "score", "status", "assignee", "appearance_count")
    list_filter = ("status", "kind")
    search_fields = ("text", "speaker", "claim_reviewed")
    raw_id_fields = ("article", "assignee")
    inlines = [AppearanceInline]


@admin.register(Appearance)
class AppearanceAdmin(admin.ModelAdmin):
    list_display = ("id", "claim", "article", "start", "end", "speaker", "score")
    raw_id_fields = ("claim", "article")
    search_fields = ("text", "speaker")


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ("label", "value", "order", "colour", "active")
    list_editable = ("value", "order", "colour", "active")


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("id", "__str__", "publisher", "source_type", "fetch_status", "created_at")
    list_filter = ("source_type", "fetch_status")
    search_fields = ("title", "publisher", "url")
    readonly_fields = ("sha256", "fetched_at")


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    list_display = ("id", "claim", "source", "stance", "created_by", "created_at")
    list_filter = ("stance",)
    raw_id_fields = ("claim", "source", "created_by")


@admin.register(Verdict)
class VerdictAdmin(admin.ModelAdmin):
    list_display = ("id", "claim", "rating", "status", "proposed_by", "reviewed_by", "published_at")
    list_filter = ("status", "rating")
    raw_id_fields = ("claim", "proposed_by", "reviewed_by", "corrects")


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """The timeline is append-only: admins may read it, never change it."""

    list_display = ("created_at", "action", "actor", "claim", "article", "summary")
    list_filter = ("action",)
    raw_id_fields = ("claim", "article", "actor")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- Publishing and exports ---------------------------------------------------


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Admins see and revoke anyone's API tokens (e.g. when someone leaves); keys are never shown."""

    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "user__username", "prefix")
    readonly_fields = ("user", "name", "prefix", "key_sha256", "created_at", "last_used_at", "revoked_at")
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # keys are made on the API tokens page, where they are shown once

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        for token in queryset.filter(revoked_at__isnull=True):
            tokens.api_token_revoke(token=token, user=request.user)
