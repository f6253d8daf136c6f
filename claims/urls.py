from django.urls import path

from .views import articles, claim, queue

urlpatterns = [
    path("", queue.queue, name="home"),
    path("queue/", queue.queue, name="queue"),
    path("articles/", articles.article_list, name="article_list"),
    path("articles/new/", articles.article_new, name="article_new"),
    path("articles/<int:pk>/", articles.article_detail, name="article_detail"),
    path("articles/<int:pk>/retry/", articles.article_retry, name="article_retry"),
    path("claims/<int:pk>/", claim.claim_detail, name="claim_detail"),
]
