"""Writes of the opendata app: personal API tokens (create, revoke, note their use).

The supplier-list import from the Dinas lives in imports.py.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from katalog.core.audit import record_event
from katalog.core.conflicts import retry_on_conflict
from katalog.core.errors import DomainError, WriteConflict

from .models import ApiScope, ApiToken

TOKEN_PREFIX = "kl_"
SHOWN_PREFIX_LENGTH = 11  # "kl_" and 8 characters: enough to tell tokens apart, useless to guess one
MAX_ACTIVE_TOKENS = 20
TOUCH_EVERY = timedelta(seconds=60)  # last_used_at is written at most once a minute per token


class TokenError(DomainError):
    """Something the person can fix (a missing name, an unknown scope); `str()` is the Indonesian message."""


class Busy(TokenError, WriteConflict):
    """Two transactions collided twice in a row (core/conflicts.py); nothing was saved: send again. HTTP 409."""


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@retry_on_conflict(Busy)
@transaction.atomic
def token_create(*, user, name: str, scopes: list[str], expires_at: datetime | None = None) -> tuple[ApiToken, str]:
    """Create a token for `user`; returns it with the raw token, which is shown once and never stored."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        raise TokenError(_("Hanya pengguna aktif yang dapat membuat token API."))
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise TokenError(_("Beri nama token (paling banyak 100 huruf), mis. “Skrip laporan bulanan”."))
    scopes = sorted(set(scopes or []))
    if not scopes or not set(scopes) <= set(ApiScope.values):
        raise TokenError(_("Pilih paling sedikit satu cakupan: baca dan/atau tulis."))
    if expires_at is not None and expires_at <= timezone.now():
        raise TokenError(_("Tanggal berlaku harus di masa depan."))
    active = ApiToken.objects.filter(user=user, revoked_at__isnull=True).count()
    if active >= MAX_ACTIVE_TOKENS:
        raise TokenError(_("Anda sudah memiliki %(n)s token aktif; cabut yang tidak dipakai lebih dulu.")
                         % {"n": MAX_ACTIVE_TOKENS})
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[:SHOWN_PREFIX_LENGTH],
                                    token_hash=token_hash(raw), scopes=scopes, expires_at=expires_at)
    record_event(actor=user, action="api_token.create", obj=token,
                 after={"name": name, "prefix": token.prefix, "scopes": scopes,
                        "expires_at": expires_at.isoformat() if expires_at else None})
    return token, raw


@retry_on_conflict(Busy)
@transaction.atomic
def token_revoke(*, token: ApiToken, actor) -> ApiToken:
    """The owner revokes a token; it stops working at once. Revoking twice changes nothing."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.user_id != actor.pk:
        raise TokenError(_("Anda hanya dapat mencabut token milik Anda sendiri."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_event(actor=actor, action="api_token.revoke", obj=token, after={"prefix": token.prefix})
    return token


def token_authenticate(raw: str) -> ApiToken | None:
    """The usable token for a raw value (revoked, expired, unknown or a deactivated owner: None)."""
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = ApiToken.objects.select_related("user", "user__agency", "user__supplier").filter(
        token_hash=token_hash(raw)).first()
    now = timezone.now()
    if token is None or not token.is_usable(now):
        return None
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        # A bookkeeping write, not an audited change: one UPDATE, outside any business transaction.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
