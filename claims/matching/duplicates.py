"""Near-duplicate articles: an article that mostly copies an earlier one (a syndicated copy)."""

from __future__ import annotations

from ..models import Article
from . import candidates
from .minhash import article_keys, containment, shingles

# Share of the shorter article's word 5-shingles found in the other at or above this
# (a syndicated copy with its own menus and trailer still counts).
DUPLICATE_AT = 0.6


def article_find_duplicate(*, article: Article) -> tuple[Article | None, float]:
    """Store the article's band keys and return the earlier article it nearly copies (with similarity)."""
    keys = article_keys(article.text)
    article.match_keys = keys
    earlier = Article.objects.exclude(pk=article.pk).filter(created_at__lte=article.created_at).exclude(text="")
    if not keys:
        return None, 0.0
    if candidates.is_postgres():  # looked up on the module so tests can force the portable path
        nearby = list(earlier.filter(match_keys__has_any_keys=keys).only("pk", "text", "created_at")[:50])
    else:
        wanted = set(keys)
        nearby = [
            a
            for a in earlier.only("pk", "text", "match_keys", "created_at").order_by("-id")[:5000]
            if wanted.intersection(a.match_keys or ())
        ]
    mine = shingles(article.text)
    best: tuple[float, Article] | None = None
    for other in nearby:
        similarity = round(containment(mine, shingles(other.text)), 3)
        if similarity >= DUPLICATE_AT and (best is None or similarity > best[0]):
            best = (similarity, other)
    return (best[1], best[0]) if best else (None, 0.0)
