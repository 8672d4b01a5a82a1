"""Writing audit events. Services call `record_event` inside their transaction.

What the hash covers (`event_hash`), by `hash_version`:

- version 1 (events written before the audit chain was extended): the previous hash, time, actor id,
  action, object and the before/after payloads. The actor label is not covered; the verifier
  checks it against the actor id instead (`actor_ref`).
- version 2 (every new event): the whole row as stored — the same fields plus the actor label and
  the version number itself.

The label is a pseudonymous reference (`pengguna#12`, or `sistem`), never a clear name: the clear
name lives in the user table, which an erasure (UU 27/2022 Pasal 8 and 16) rewrites. Screens show
the actor's current user name through the foreign key (`AuditEvent.actor_name`), so an erased
person appears as `dihapus-12` everywhere while every hash still verifies.
"""

import hashlib
import json
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from .models import AuditEvent

GENESIS_HASH = "0" * 64
HASH_VERSION = 2
SYSTEM_LABEL = "sistem"
_PG_AUDIT_LOCK = 7_411_001  # any constant; serialises chain appends on PostgreSQL


def _take_chain_lock(actor_id) -> None:
    """PostgreSQL: the chain's lock, taken last in the transaction (lock order: core/conflicts.py).

    Foreign keys are checked at commit (Django declares them DEFERRABLE INITIALLY DEFERRED), and each
    check takes a KEY SHARE lock on the row referred to. Taken after this lock, such a check could wait
    for a row whose holder waits for this lock: a deadlock. So the pending checks run now, the actor's row
    (which the event itself refers to) is share-locked now, and only then is the chain locked."""
    user_table = AuditEvent._meta.get_field("actor").related_model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        if actor_id is not None:
            cursor.execute(f'SELECT 1 FROM "{user_table}" WHERE id = %s FOR KEY SHARE', [actor_id])
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_AUDIT_LOCK])


def actor_ref(actor_id) -> str:
    """The pseudonymous label stored (and hashed) for an actor: no name, only the account's number."""
    return f"pengguna#{actor_id}" if actor_id is not None else SYSTEM_LABEL


def event_hash(*, prev_hash: str, at, actor_id, action: str, object_type: str, object_id: str, before, after,
               actor_label: str = "", version: int = HASH_VERSION) -> str:
    fields = [prev_hash, at.isoformat(), actor_id, action, object_type, object_id, before, after]
    if version >= 2:
        fields = [version, *fields, actor_label]
    payload = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def expected_hash(event: AuditEvent, prev_hash: str) -> str:
    """The hash `event` must carry after `prev_hash`, by the rules of its own hash version."""
    return event_hash(
        prev_hash=prev_hash, at=event.at, actor_id=event.actor_id, action=event.action,
        object_type=event.object_type, object_id=event.object_id, before=event.before, after=event.after,
        actor_label=event.actor_label, version=event.hash_version,
    )


def content_matches(event: AuditEvent, prev_hash: str) -> bool:
    """The stored hash matches the content, and (for version 1, whose hash skips it) the label matches the actor."""
    if event.hash != expected_hash(event, prev_hash):
        return False
    return event.hash_version >= 2 or event.actor_label == actor_ref(event.actor_id)


def describe(obj: Any) -> tuple[str, str]:
    if obj is None:
        return "", ""
    return obj._meta.label_lower, str(obj.pk)


@transaction.atomic
def record_event(*, actor, action: str, obj: Any = None, before: dict | None = None, after: dict | None = None) -> AuditEvent:
    """Append one event to the chain. `before`/`after` must hold no personal data (no names: ids only).

    Call it as the service's last write: it takes the chain's lock, held until commit (lock order in
    core/conflicts.py)."""
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    if connection.vendor == "postgresql":
        _take_chain_lock(actor_id)
    last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
    prev_hash = last or GENESIS_HASH
    object_type, object_id = describe(obj)
    actor_label = actor_ref(actor_id)
    at = timezone.now()
    # Round-trip through JSON so the hash covers exactly what the database stores.
    before = json.loads(json.dumps(before, default=str)) if before is not None else None
    after = json.loads(json.dumps(after, default=str)) if after is not None else None
    event = AuditEvent.objects.create(
        at=at,
        actor_id=actor_id,
        actor_label=actor_label,
        action=action,
        object_type=object_type,
        object_id=object_id,
        before=before,
        after=after,
        prev_hash=prev_hash,
        hash_version=HASH_VERSION,
        hash=event_hash(
            prev_hash=prev_hash, at=at, actor_id=actor_id, action=action, object_type=object_type,
            object_id=object_id, before=before, after=after, actor_label=actor_label, version=HASH_VERSION,
        ),
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # back to Django's default for what follows
    return event


def first_broken_link() -> AuditEvent | None:
    """The first event whose hash or link does not match, or None when the chain is whole."""
    prev_hash = GENESIS_HASH
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.prev_hash != prev_hash or not content_matches(event, prev_hash):
            return event
        prev_hash = event.hash
    return None
