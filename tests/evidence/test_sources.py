"""The source library: URL and file sources stored once, cited with excerpt and stance, served safely."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from claims.evidence import library as evidence
from claims.models import Citation, Claim, Event, Source
from tests.support.factories import make_claim

pytestmark = pytest.mark.django_db

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 100]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>"
    b"endobj 4 0 obj<</Length 52>>stream\nBT /F1 12 Tf 10 50 Td (Unemployment was 4.9 percent.) Tj ET\n"
    b"endstream endobj 5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF"
)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def cite(client, claim, **data):
    payload = {"excerpt": "Unemployment was 4.9 percent.", "stance": "refutes", "source_type": "report", **data}
    return client.post(reverse("evidence_add", args=[claim.pk]), payload)


def test_citing_a_url_source_stores_it_once_and_queues_its_fetch(
    reviewer_client, reviewer, django_capture_on_commit_callbacks, monkeypatch
):
    first, second = make_claim(), make_claim()
    url = "https://stats.example.org/labour/march"
    sent = []
    monkeypatch.setattr("claims.tasks.fetch_source.delay", sent.append)
    with django_capture_on_commit_callbacks(execute=True):
        response = cite(
            reviewer_client,
            first,
            url=url,
            title="Labour survey",
            publisher="Statistics Office",
            pinpoint="table 2",
            note="Seasonally adjusted",
        )
    assert response.status_code == 302
    assert sent == [Source.objects.get().pk]  # the fetch is sent to the worker after commit, once
    cite(reviewer_client, second, url=url, stance="supports")
    source = Source.objects.get()
    assert source.fetch_status == Source.FetchStatus.QUEUED and source.created_by == reviewer
    citation = Citation.objects.get(claim=first)
    assert (citation.excerpt, citation.pinpoint, citation.stance, citation.note) == (
        "Unemployment was 4.9 percent.",
        "table 2",
        "refutes",
        "Seasonally adjusted",
    )
    assert Claim.objects.get(pk=first.pk).status == Claim.Status.IN_REVIEW
    page = reviewer_client.get(first.get_absolute_url()).content.decode()
    assert "cited by 2 claims" in page and "Labour survey" in page
    event = Event.objects.get(claim=first, action="evidence_added")
    assert event.after["stance"] == "Refutes"


def test_citing_needs_an_excerpt_and_a_stance(reviewer_client):
    claim = make_claim()
    response = cite(reviewer_client, claim, url="https://stats.example.org/x", excerpt="", stance="")
    assert response.status_code == 200
    assert response.content.decode().count("This field is required") == 2
    assert not Source.objects.exists()


def test_private_addresses_are_refused_as_source_urls(reviewer_client):
    response = cite(reviewer_client, make_claim(), url="http://169.254.169.254/latest/meta-data")
    assert response.status_code == 200 and "private or reserved network" in response.content.decode()
    assert not Source.objects.exists()


def test_autocomplete_finds_sources_by_title_publisher_or_url(reviewer_client, reviewer):
    Source.objects.create(title="Labour force survey", publisher="Statistics Office", url="https://a.example/lfs")
    Source.objects.create(title="Budget law", publisher="Parliament", url="https://b.example/law")
    for q, expected in (("labour", "Labour force survey"), ("parliament", "Budget law"), ("b.example", "Budget law")):
        body = reviewer_client.get(reverse("source_search"), {"source_q": q}, HTTP_HX_REQUEST="true").content.decode()
        assert expected in body and body.count('type="radio"') == 1
    # Without JavaScript the search goes to the library page.
    response = reviewer_client.get(reverse("source_search"), {"source_q": "labour"})
    assert response.status_code == 302 and response["Location"] == "/sources/?q=labour"


def test_citing_a_library_source_by_choice(reviewer_client):
    claim = make_claim()
    source = Source.objects.create(title="Budget law", url="https://b.example/law")
    cite(reviewer_client, claim, source=source.pk)
    assert Citation.objects.get().source == source and Source.objects.count() == 1


def test_uploaded_pdf_is_stored_once_snapshotted_and_served_as_attachment(reviewer_client, media):
    claim = make_claim()
    upload = SimpleUploadedFile("report.pdf", PDF, content_type="application/pdf")
    assert cite(reviewer_client, claim, file=upload).status_code == 302
    source = Source.objects.get()
    assert "Unemployment was 4.9 percent." in source.text_snapshot
    assert str(media) in source.file.path and source.filename == "report.pdf"
    cite(reviewer_client, make_claim(), file=SimpleUploadedFile("copy.pdf", PDF))
    assert Source.objects.count() == 1  # same bytes, same library entry

    response = reviewer_client.get(reverse("source_file", args=[source.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="report.pdf"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_uploads_are_checked_for_type_and_size(reviewer_client, media, settings):
    claim = make_claim()
    fake = cite(reviewer_client, claim, file=SimpleUploadedFile("report.pdf", b"<html>not a pdf</html>"))
    assert "not a PDF" in fake.content.decode()
    exe = cite(reviewer_client, claim, file=SimpleUploadedFile("tool.exe", b"MZ\x90\x00"))
    assert "Upload a PDF, HTML or plain-text file" in exe.content.decode()
    settings.CLAIMDESK_MAX_SOURCE_BYTES = 10
    big = cite(reviewer_client, claim, file=SimpleUploadedFile("notes.txt", b"x" * 11))
    assert "larger than" in big.content.decode()
    assert not Source.objects.exists()


def test_html_upload_is_downloaded_not_rendered(reviewer_client, media):
    source, _ = evidence.source_create(
        actor=None,
        upload=evidence.Upload(
            name="page.html", content=b"<html><body><p>Hello <script>alert(1)</script></p></body></html>"
        ),
    )
    response = reviewer_client.get(reverse("source_file", args=[source.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "alert(1)" not in reviewer_client.get(reverse("source_detail", args=[source.pk])).content.decode()


def test_sources_screen_lists_searches_and_shows_citing_claims(reviewer_client):
    claim = make_claim()
    source = Source.objects.create(
        title="Labour force survey",
        publisher="Statistics Office",
        text_snapshot="Unemployment was 4.9 percent.",
        fetch_status=Source.FetchStatus.READY,
        sha256="a" * 64,
    )
    Source.objects.create(title="Budget law")
    Citation.objects.create(claim=claim, source=source, excerpt="4.9 percent", stance="refutes")
    listing = reviewer_client.get(reverse("source_list"), {"q": "statistics"}).content.decode()
    assert "Labour force survey" in listing and "Budget law" not in listing and "1 claim" in listing
    detail = reviewer_client.get(reverse("source_detail", args=[source.pk])).content.decode()
    assert "Unemployment was 4.9 percent." in detail and claim.text in detail and "Cited by</dt><dd>1 claim" in detail
    assert ">Sources</a>" in detail  # navigation link


def test_adding_a_source_from_the_library_screen(reviewer_client, django_capture_on_commit_callbacks):
    data = {"url": "https://parliament.example/res-12", "title": "Resolution 12", "source_type": "law"}
    with django_capture_on_commit_callbacks():
        response = reviewer_client.post(reverse("source_new"), data)
    source = Source.objects.get()
    assert response["Location"] == reverse("source_detail", args=[source.pk])
    again = reviewer_client.post(reverse("source_new"), data)
    assert again["Location"] == response["Location"] and Source.objects.count() == 1


def test_only_the_author_or_an_editor_removes_evidence(client, make_user):
    claim = make_claim()
    author, other, editor = make_user("Reviewer"), make_user("Reviewer"), make_user("Editor")
    source = Source.objects.create(title="Budget law")
    citation = Citation.objects.create(claim=claim, source=source, excerpt="x", created_by=author)
    url = reverse("citation_remove", args=[claim.pk, citation.pk])
    client.force_login(other)
    assert client.post(url).status_code == 403
    client.force_login(editor)
    assert client.post(url).status_code == 302
    assert not Citation.objects.exists()
    assert Event.objects.get(action="evidence_removed").before["source"] == "Budget law"


def test_a_url_source_can_be_fetched_again(reviewer_client, django_capture_on_commit_callbacks):
    source = Source.objects.create(url="https://b.example/law", fetch_status=Source.FetchStatus.FAILED)
    with django_capture_on_commit_callbacks() as callbacks:
        response = reviewer_client.post(reverse("source_refetch", args=[source.pk]))
    assert response.status_code == 302 and len(callbacks) == 1
    assert Source.objects.get().fetch_status == Source.FetchStatus.QUEUED


def test_editors_correct_source_details_and_citing_claims_are_told(client, make_user):
    claim = make_claim()
    source = Source.objects.create(title="Labour survy", source_type="other")
    Citation.objects.create(claim=claim, source=source, excerpt="x")
    url = reverse("source_edit", args=[source.pk])
    client.force_login(make_user("Reviewer"))
    assert client.post(url, {"title": "Labour survey", "source_type": "report"}).status_code == 403
    client.force_login(make_user("Editor"))
    assert client.post(url, {"title": "Labour survey", "source_type": "report"}).status_code == 302
    source.refresh_from_db()
    assert (source.title, source.source_type) == ("Labour survey", "report")
    event = Event.objects.get(claim=claim, action="source_edited")
    assert event.before == {"source_type": "other", "title": "Labour survy"}
