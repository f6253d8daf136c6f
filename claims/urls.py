from django.urls import path

from .views import articles, claim, matching, queue

urlpatterns = [
    path("", queue.queue, name="home"),
    path("queue/", queue.queue, name="queue"),
    path("articles/", articles.article_list, name="article_list"),
    path("articles/new/", articles.article_new, name="article_new"),
    path("articles/<int:pk>/", articles.article_detail, name="article_detail"),
    path("articles/<int:pk>/retry/", articles.article_retry, name="article_retry"),
    path("claims/<int:pk>/", claim.claim_detail, name="claim_detail"),
    # --- Matching: the same claim across articles, published fact-checks (issue 6) ---
    path("claims/<int:pk>/matches/", matching.claim_matches, name="claim_matches"),
    path("claims/<int:pk>/links/<int:link_pk>/", matching.claim_link_decide, name="claim_link_decide"),
    path("claims/<int:pk>/merge/", matching.claim_merge, name="claim_merge"),
    path("claims/<int:pk>/split/", matching.claim_split, name="claim_split"),
    path("fact-checks/import/", matching.known_review_import, name="known_review_import"),
    # --- end matching ---
]
