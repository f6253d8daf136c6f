from django.urls import path

from .views import articles, claim, queue, sources

urlpatterns = [
    path("", queue.queue, name="home"),
    path("queue/", queue.queue, name="queue"),
    path("articles/", articles.article_list, name="article_list"),
    path("articles/new/", articles.article_new, name="article_new"),
    path("articles/<int:pk>/", articles.article_detail, name="article_detail"),
    path("articles/<int:pk>/retry/", articles.article_retry, name="article_retry"),
    path("claims/<int:pk>/", claim.claim_detail, name="claim_detail"),
    # --- Review workflow (issue 4): claim actions, queue bulk actions, source library ---
    path("claims/<int:pk>/wording/", claim.claim_wording, name="claim_wording"),
    path("claims/<int:pk>/status/", claim.claim_status, name="claim_status"),
    path("claims/<int:pk>/assign/", claim.claim_assign, name="claim_assign"),
    path("claims/<int:pk>/evidence/", claim.evidence_add, name="evidence_add"),
    path("claims/<int:pk>/evidence/<int:citation_pk>/remove/", claim.citation_remove, name="citation_remove"),
    path("claims/<int:pk>/verdict/", claim.verdict_save, name="verdict_save"),
    path("claims/<int:pk>/verdict/<int:verdict_pk>/approve/", claim.verdict_approve, name="verdict_approve"),
    path("claims/<int:pk>/verdict/<int:verdict_pk>/send-back/", claim.verdict_send_back, name="verdict_send_back"),
    path("claims/<int:pk>/verdict/<int:verdict_pk>/publish/", claim.verdict_publish, name="verdict_publish"),
    path("queue/bulk/", queue.queue_bulk, name="queue_bulk"),
    path("sources/", sources.source_list, name="source_list"),
    path("sources/new/", sources.source_new, name="source_new"),
    path("sources/search/", sources.source_search, name="source_search"),
    path("sources/<int:pk>/", sources.source_detail, name="source_detail"),
    path("sources/<int:pk>/file/", sources.source_file, name="source_file"),
    path("sources/<int:pk>/refetch/", sources.source_refetch, name="source_refetch"),
    path("sources/<int:pk>/edit/", sources.source_edit, name="source_edit"),
    # --- end review workflow ---
]
