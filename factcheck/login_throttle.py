"""Log-in throttling: count failed log-ins in the cache and lock out guessing.

Two counters, each for CLAIMDESK_LOGIN_LOCKOUT_SECONDS after the first failure:
- per user name *and* address: CLAIMDESK_LOGIN_MAX_FAILURES (5) guesses, then that
  pair is locked, so one attacker cannot guess a password while a colleague
  elsewhere in the newsroom can still log in;
- per address: CLAIMDESK_LOGIN_MAX_FAILURES_PER_ADDRESS (30) failures over any user
  names, against trying one common password on every account.
While locked, the password is not even checked. A successful log-in clears the
pair counter. With REDIS_URL the counters live in Redis and are shared by every
web process; if the cache is unreachable the throttle lets log-ins through (and
logs it) rather than locking the whole newsroom out.
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.cache import caches

log = logging.getLogger(__name__)


def _cache():
    return caches["login_throttle"]


def client_address(request) -> str:
    """Return the address the request came from, trusting only as many proxies as configured.

    Behind a reverse proxy every request has the proxy's REMOTE_ADDR, so the
    per-address counter would lock out the whole newsroom; with
    CLAIMDESK_TRUSTED_PROXIES = n the n-th address from the right of
    X-Forwarded-For (the one our own proxy saw) is used instead.
    """
    hops = settings.CLAIMDESK_TRUSTED_PROXIES
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops][:64]
    return request.META.get("REMOTE_ADDR", "")


def _keys(*, username: str, address: str) -> tuple[str, str]:
    name = hashlib.sha256(username.strip().lower().encode("utf-8", "replace")).hexdigest()[:32]
    return f"login-fail:pair:{name}:{address}", f"login-fail:addr:{address}"


def login_locked(*, username: str, address: str) -> bool:
    """Return True while this user name from this address (or the address itself) is locked out."""
    pair, addr = _keys(username=username, address=address)
    try:
        counts = _cache().get_many([pair, addr])
    except Exception:  # noqa: BLE001 - a cache outage must not lock everyone out
        log.warning("Log-in throttle cache unavailable; not throttling", exc_info=True)
        return False
    return (
        counts.get(pair, 0) >= settings.CLAIMDESK_LOGIN_MAX_FAILURES
        or counts.get(addr, 0) >= settings.CLAIMDESK_LOGIN_MAX_FAILURES_PER_ADDRESS
    )


def login_failed(*, username: str, address: str) -> None:
    """Count one failed log-in for this user name and address."""
    for key in _keys(username=username, address=address):
        try:
            _cache().add(key, 0, timeout=settings.CLAIMDESK_LOGIN_LOCKOUT_SECONDS)
            _cache().incr(key)
        except ValueError:  # expired between add and incr
            _cache().set(key, 1, timeout=settings.CLAIMDESK_LOGIN_LOCKOUT_SECONDS)
        except Exception:  # noqa: BLE001
            log.warning("Log-in throttle cache unavailable; failure not counted", exc_info=True)
    log.warning("Failed log-in for %r from %s", username[:150], address)


def login_succeeded(*, username: str, address: str) -> None:
    """Forget the failures of this user name from this address."""
    try:
        _cache().delete(_keys(username=username, address=address)[0])
    except Exception:  # noqa: BLE001
        log.warning("Log-in throttle cache unavailable", exc_info=True)
