"""Serving stored files back to users: always as a download, never rendered by the browser."""

from __future__ import annotations

from django.http import FileResponse


def attachment_response(file, *, filename: str, content_type: str = "application/octet-stream") -> FileResponse:
    """Return a response that makes the browser save the file instead of displaying it.

    An uploaded HTML or SVG file opened inline would run its scripts with our
    origin; as an attachment, with the type sniffing turned off, it cannot.
    """
    response = FileResponse(file, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
