"""The articles list: find an article by its words, see how many claims it has and who sent it,
and for a failed one what failed and what to do instead."""

from django.urls import reverse

from claims.models import Article
from tests.support.factories import make_article, make_claim


def test_articles_list_shows_claim_counts_and_who_submitted(reviewer_client, reviewer):
    article = make_article(title="Budget vote")
    article.submitted_by = reviewer
    article.save()
    make_claim(article)
    make_claim(article, text="The deficit doubled.", position=1)
    body = reviewer_client.get(reverse("article_list")).content.decode()
    assert '<td class="num" data-label="Claims">2</td>' in body
    assert "by rita" in body


def test_articles_list_finds_articles_by_title_outlet_or_number(reviewer_client):
    budget = make_article(title="Budget vote", outlet="Daily Example")
    make_article(title="Bridge repair", outlet="Riverton Ledger", url="https://riverton.example/bridge")
    for q in ("budget", "daily exa", str(budget.pk)):
        body = reviewer_client.get(reverse("article_list"), {"q": q}).content.decode()
        assert "Budget vote" in body and "Bridge repair" not in body, q
    assert "No article matches" in reviewer_client.get(reverse("article_list"), {"q": "zebra"}).content.decode()


def test_a_failed_article_says_what_failed_and_offers_another_way_in(reviewer_client):
    Article.objects.create(
        url="https://gone.example/story",
        origin=Article.Origin.URL,
        status=Article.Status.FAILED,
        error="The page could not be reached: the site refused the connection.",
    )
    body = reviewer_client.get(reverse("article_list")).content.decode()
    assert "the site refused the connection" in body and "https://gone.example/story</span>" in body
    assert f"{reverse('article_new')}?url=https%3A//gone.example/story" in body and "Paste the text instead" in body
    form = reviewer_client.get(reverse("article_new"), {"url": "https://gone.example/story"}).content.decode()
    assert 'value="https://gone.example/story"' in form


def test_the_articles_list_runs_a_fixed_number_of_queries(reviewer_client, django_assert_max_num_queries):
    for n in range(5):
        make_claim(make_article(title=f"Story {n}", url=f"https://news.example.com/{n}"))
    reviewer_client.get(reverse("article_list"))  # caches the desk's reference data (claims/reference.py)
    with django_assert_max_num_queries(8):
        reviewer_client.get(reverse("article_list"))


def test_submitting_the_same_url_again_warns_before_a_second_copy_is_made(reviewer_client):
    first = make_article(url="https://news.example.com/budget")
    response = reviewer_client.post(reverse("article_new"), {"url": "https://news.example.com/budget"})
    body = response.content.decode()
    assert response.status_code == 200 and "Already submitted" in body
    assert f'href="{first.get_absolute_url()}">open it</a>' in body
    assert Article.objects.count() == 1
    again = reviewer_client.post(reverse("article_new"), {"url": "https://news.example.com/budget", "again": "on"})
    assert again.status_code == 302 and Article.objects.count() == 2


def test_pasting_the_same_text_again_warns_too(reviewer_client):
    text = "The council voted 7 to 2 on Tuesday to spend $18.5 million on the bridge."
    assert reviewer_client.post(reverse("article_new"), {"text": text}).status_code == 302
    body = reviewer_client.post(reverse("article_new"), {"text": text}).content.decode()
    assert "Already submitted" in body and Article.objects.count() == 1


def test_an_untitled_paste_is_named_by_its_first_line_cut_on_a_whole_word():
    lede = (
        "Days after the port authority published its arrivals log, officials in the harbour town said "
        "the figures were wrong."
    )
    article = Article(text=lede + "\n\nSecond paragraph.")
    cut = "Days after the port authority published its arrivals log, officials in the harbour town…"
    assert article.display_title == cut
    assert Article(text="Short first line\nMore.").display_title == "Short first line"
