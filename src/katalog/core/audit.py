"""Writing audit events. Services call `record_event` inside their transaction."""

import hashlib
import json
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from .models import AuditEvent

GENESIS_HASH = "0" * 64
_PG_AUDIT_LOCK = 7_411_001  # any constant; serialises chain appends on PostgreSQL


def event_hash(*, prev_hash: str, at, actor_id, action: str, object_type: str, object_id: str, before, after) -> str:
    payload = json.dumps(
        [prev_hash, at.isoformat(), actor_id, action, object_type, object_id, before, after],
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def describe(obj: Any) -> tuple[str, str]:
    if obj is None:
        return "", ""
    return obj._meta.label_lower, str(obj.pk)


@transaction.atomic
def record_event(*, actor, action: str, obj: Any = None, before: dict | None = None, after: dict | None = None) -> AuditEvent:
    """Append one event to the chain. `before`/`after` must hold no personal data."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_AUDIT_LOCK])
    last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
    prev_hash = last or GENESIS_HASH
    object_type, object_id = describe(obj)
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    at = timezone.now()
    # Round-trip through JSON so the hash covers exactly what the database stores.
    before = json.loads(json.dumps(before, default=str)) if before is not None else None
    after = json.loads(json.dumps(after, default=str)) if after is not None else None
    return AuditEvent.objects.create(
        at=at,
        actor_id=actor_id,
        actor_label=actor.get_username() if actor_id else "sistem",
        action=action,
        object_type=object_type,
        object_id=object_id,
        before=before,
        after=after,
        prev_hash=prev_hash,
        hash=event_hash(
            prev_hash=prev_hash, at=at, actor_id=actor_id, action=action,
            object_type=object_type, object_id=object_id, before=before, after=after,
        ),
    )


def first_broken_link() -> AuditEvent | None:
    """The first event whose hash or link does not match, or None when the chain is whole."""
    prev_hash = GENESIS_HASH
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        expected = event_hash(
            prev_hash=prev_hash, at=event.at, actor_id=event.actor_id, action=event.action,
            object_type=event.object_type, object_id=event.object_id, before=event.before, after=event.after,
        )
        if event.prev_hash != prev_hash or event.hash != expected:
            return event
        prev_hash = event.hash
    return None
