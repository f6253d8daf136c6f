"""The app's URLs: the screens people work in, then what leaves Claimdesk (public pages, exports, API)."""

from django.urls import path

from .views import api, articles, claim, drafts, exports, matching, public, publish, queue, sources, tokens
from .views import collaboration as collab

urlpatterns = [
    path("", queue.queue, name="home"),
    path("queue/", queue.queue, name="queue"),
    path("articles/", articles.article_list, name="article_list"),
    path("articles/new/", articles.article_new, name="article_new"),
    path("articles/deleted/", articles.article_deletions, name="article_deletions"),
    path("articles/<int:pk>/", articles.article_detail, name="article_detail"),
    path("articles/<int:pk>/retry/", articles.article_retry, name="article_retry"),
    path("articles/<int:pk>/metadata/", articles.article_metadata, name="article_metadata"),
    path("articles/<int:pk>/archive/", articles.article_archive, name="article_archive"),
    path("articles/<int:pk>/restore/", articles.article_restore, name="article_restore"),
    path("articles/<int:pk>/delete/", articles.article_delete, name="article_delete"),
    # Checked before: a draft (nothing stored), an article's claims.
    path("drafts/check/", drafts.draft_check_page, name="draft_check"),
    path("articles/<int:pk>/checked-before/", drafts.article_checked_before, name="article_checked_before"),
    path("claims/<int:pk>/", claim.claim_detail, name="claim_detail"),
    # Matching: the same claim across articles, published fact-checks.
    path("claims/<int:pk>/matches/", matching.claim_matches, name="claim_matches"),
    path("claims/<int:pk>/links/<int:link_pk>/", matching.claim_link_decide, name="claim_link_decide"),
    path("claims/<int:pk>/merge/", matching.claim_merge, name="claim_merge"),
    path("claims/<int:pk>/split/", matching.claim_split, name="claim_split"),
    path("fact-checks/import/", matching.known_review_import, name="known_review_import"),
    # Review: claim actions, queue bulk actions, the source library.
    path("claims/<int:pk>/wording/", claim.claim_wording, name="claim_wording"),
    path("claims/<int:pk>/status/", claim.claim_status, name="claim_status"),
    path("claims/<int:pk>/assign/", claim.claim_assign, name="claim_assign"),
    path("claims/<int:pk>/evidence/", claim.evidence_add, name="evidence_add"),
    path("claims/<int:pk>/evidence/<int:citation_pk>/remove/", claim.citation_remove, name="citation_remove"),
    path("claims/<int:pk>/evidence/<int:citation_pk>/override/", claim.citation_override, name="citation_override"),
    path("claims/<int:pk>/verdict/", claim.verdict_save, name="verdict_save"),
    path("claims/<int:pk>/verdict/<int:verdict_pk>/approve/", claim.verdict_approve, name="verdict_approve"),
    path("claims/<int:pk>/verdict/<int:verdict_pk>/send-back/", claim.verdict_send_back, name="verdict_send_back"),
    # GET: the preview with its pre-flight checklist; POST: its Publish button.
    path("claims/<int:pk>/verdict/<int:verdict_pk>/publish/", publish.verdict_publish, name="verdict_publish"),
    path("queue/bulk/", queue.queue_bulk, name="queue_bulk"),
    path("sources/", sources.source_list, name="source_list"),
    path("sources/new/", sources.source_new, name="source_new"),
    path("sources/search/", sources.source_search, name="source_search"),
    path("sources/<int:pk>/", sources.source_detail, name="source_detail"),
    path("sources/<int:pk>/file/", sources.source_file, name="source_file"),
    path("sources/<int:pk>/refetch/", sources.source_refetch, name="source_refetch"),
    path("sources/<int:pk>/edit/", sources.source_edit, name="source_edit"),
]

# Publishing and exports.
urlpatterns += [
    # Public (no login): published verdicts only.
    path("checks/", public.check_index, name="public_index"),
    path("checks/feed.json", public.check_feed, name="public_feed"),
    path("checks/corrections/", public.corrections, name="public_corrections"),
    path("checks/ratings.css", public.rating_styles_css, name="rating_styles"),
    path("checks/corrections/feed.xml", public.corrections_feed, name="public_corrections_feed"),
    path("checks/<slug:slug>/", public.check_detail, name="public_check"),
    # Internal exports.
    path("articles/<int:pk>/ledger/", exports.article_ledger, name="article_ledger"),
    path("articles/<int:pk>/ledger.md", exports.article_ledger_md, name="article_ledger_md"),
    path("articles/<int:pk>/ledger.pdf", exports.article_ledger_pdf, name="article_ledger_pdf"),
    path("queue/export.csv", exports.queue_export_csv, name="queue_export_csv"),
    # Read-only JSON API (token authentication).
    path("api/v1/articles/", api.articles, name="api_articles"),
    path("api/v1/articles/<int:pk>/", api.article, name="api_article"),
    path("api/v1/claims/", api.claims, name="api_claims"),
    path("api/v1/claims/<int:pk>/", api.claim, name="api_claim"),
    path("api/v1/reviews/", api.reviews, name="api_reviews"),
    path("account/api-tokens/", tokens.api_tokens, name="api_tokens"),
    path("account/api-tokens/<int:pk>/revoke/", tokens.api_token_revoke, name="api_token_revoke"),
]

# --- Collaboration (issue 15): My work, notifications, comments, tags, saved searches ---
urlpatterns += [
    path("my-work/", collab.my_work_page, name="my_work"),
    path("notifications/", collab.notification_list, name="notifications"),
    path("notifications/read/", collab.notifications_read, name="notifications_read"),
    path("notifications/<int:pk>/", collab.notification_open, name="notification_open"),
    path("account/notifications/", collab.notification_settings, name="notification_settings"),
    path("claims/<int:pk>/comments/", collab.comment_post, name="comment_post"),
    path("claims/<int:pk>/comments/<int:comment_pk>/edit/", collab.comment_edit, name="comment_edit"),
    path("claims/<int:pk>/comments/<int:comment_pk>/delete/", collab.comment_delete, name="comment_delete"),
    path("people/mentions/", collab.mention_suggestions, name="mention_suggestions"),
    path("claims/<int:pk>/follow/", collab.claim_follow, name="claim_follow"),
    path("claims/<int:pk>/tags/", collab.claim_tags, name="claim_tags"),
    path("claims/<int:pk>/due/", collab.claim_due, name="claim_due"),
    path("claims/<int:pk>/checklist/<int:item_pk>/", collab.checklist_tick, name="checklist_tick"),
    path("tags/new/", collab.tag_create, name="tag_create"),
    path("queue/saved/", collab.saved_search_create, name="saved_search_create"),
    path("queue/saved/manage/", collab.saved_search_manage, name="saved_searches"),
    path("queue/saved/<int:pk>/rename/", collab.saved_search_rename, name="saved_search_rename"),
    path("queue/saved/<int:pk>/delete/", collab.saved_search_delete, name="saved_search_delete"),
]
