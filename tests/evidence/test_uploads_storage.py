"""Stored uploads live outside the static root and go back to users only as downloads."""

import io

from django.conf import settings

from claims.evidence.downloads import attachment_response


def test_uploads_are_stored_outside_the_static_root_and_static_dirs():
    media = settings.MEDIA_ROOT.resolve()
    for served in [settings.STATIC_ROOT, *settings.STATICFILES_DIRS]:
        served = served.resolve()
        assert served not in media.parents and media != served and media not in served.parents
    assert not getattr(settings, "MEDIA_URL", "").strip("/")  # no URL serves the media folder directly


def test_a_stored_file_is_served_as_an_attachment_that_is_never_sniffed_or_rendered():
    payload = io.BytesIO(b"<html><script>alert(document.cookie)</script></html>")
    response = attachment_response(payload, filename='report "final".html', content_type="text/html")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "final" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content).startswith(b"<html>")
