"""API tokens: create, revoke and authenticate the per-user keys of the JSON API.

A key is shown once, at creation; only its SHA-256 is stored (a random 256-bit
key needs no slow hash), so a database leak does not leak usable keys.
"""

from __future__ import annotations

import hashlib
import secrets

from django.utils import timezone

from ..events import event_record
from ..models import ApiToken

KEY_PREFIX = "cd_"
# Update last_used_at at most this often, so reads do not write on every request.
LAST_USED_GRANULARITY_SECONDS = 60


def key_digest(key: str) -> str:
    """Return the stored digest of a raw API key."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def api_token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """Create a token for user and return it with its raw key (shown to the user once)."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip()[:100] or "API token", prefix=key[:10], key_sha256=key_digest(key)
    )
    event_record(
        actor=user,
        action="api_token_created",
        summary=f"Created API token “{token.name}”",
        after={"token": token.pk, "prefix": token.prefix},
    )
    return token, key


def api_token_revoke(*, token: ApiToken, user) -> ApiToken:
    """Revoke a token (idempotent); the key stops working at once."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        event_record(
            actor=user,
            action="api_token_revoked",
            summary=f"Revoked API token “{token.name}”",
            before={"token": token.pk, "prefix": token.prefix},
        )
    return token


def api_token_authenticate(*, header: str):
    """Return the active user of an `Authorization: Bearer <key>` (or `Token <key>`) header, or None."""
    scheme, _, key = (header or "").strip().partition(" ")
    key = key.strip()
    if scheme.lower() not in ("bearer", "token") or not key.startswith(KEY_PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(key_sha256=key_digest(key), revoked_at__isnull=True).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > LAST_USED_GRANULARITY_SECONDS:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
