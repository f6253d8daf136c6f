"""Small factories for review-workflow tests: claims without running the extractor."""

from __future__ import annotations

from claims.models import Appearance, Article, Claim, Rating

TEXT = (
    "The minister said on Monday that unemployment fell to 4.2 percent in March.\n"
    "Critics said the figure left out 30,000 people on training schemes."
)


def make_article(*, user=None, text: str = TEXT) -> Article:
    article = Article(raw=text, status=Article.Status.READY, submitted_by=user, outlet="Daily Example")
    article.set_text(text)
    article.save()
    return article


def make_claim(
    article: Article | None = None, *, text: str = "unemployment fell to 4.2 percent in March", **fields
) -> Claim:
    """Return a claim with one appearance in the article (a fresh one by default)."""
    article = article or make_article()
    start = article.text.find(text)
    start = max(start, 0)
    claim = Claim.objects.create(
        text=text,
        article=article,
        article_created_at=article.created_at,
        speaker=fields.pop("speaker", "The minister"),
        score=fields.pop("score", 0.8),
        **fields,
    )
    Appearance.objects.create(
        claim=claim,
        article=article,
        start=start,
        end=start + len(text),
        text=text,
        speaker=claim.speaker,
        score=claim.score,
    )
    return claim


def rating(label: str = "False") -> Rating:
    return Rating.objects.get(label=label)
