"""Checking the audit trail's hash chain (`katalog audit verify`, `katalog healthcheck`, /healthz).

Each event stores the hash of the one before it and a hash over its own content
(core/audit.py). Walking the chain in id order finds:

- an edited row: its content no longer gives its stored hash;
- a removed or inserted row: the next event's `prev_hash` no longer names its predecessor.

A chain alone cannot show that events were cut off at the *end*; for that an operator
keeps the last hash somewhere else (the nightly log, the backup manifest) and passes it
back as an anchor (`katalog audit verify --anchor HASH`): the anchored event must still
be there, unbroken.
"""

from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS

from .audit import GENESIS_HASH, event_hash
from .models import AuditEvent

# Why a link is broken, in the operator's language.
EDITED = "edited"
RELINKED = "relinked"
REASONS = {
    EDITED: "isi peristiwa tidak cocok dengan hash-nya: baris ini diubah di luar aplikasi",
    RELINKED: (
        "hash sebelumnya tidak cocok dengan peristiwa sebelumnya: ada peristiwa yang dihapus, "
        "disisipkan, atau diubah beserta hash-nya"
    ),
}


@dataclass(frozen=True)
class ChainReport:
    """The outcome of a walk over (part of) the chain."""

    checked: int
    last_hash: str
    broken: AuditEvent | None = None
    reason: str = ""
    previous_id: int | None = None

    @property
    def ok(self) -> bool:
        return self.broken is None

    @property
    def reason_text(self) -> str:
        return REASONS.get(self.reason, "")


def _expected_hash(event: AuditEvent, prev_hash: str) -> str:
    return event_hash(
        prev_hash=prev_hash, at=event.at, actor_id=event.actor_id, action=event.action,
        object_type=event.object_type, object_id=event.object_id, before=event.before, after=event.after,
    )


def _walk(events, *, prev_hash: str, previous_id: int | None) -> ChainReport:
    checked = 0
    for event in events:
        if event.prev_hash != prev_hash:
            return ChainReport(checked, prev_hash, event, RELINKED, previous_id)
        if event.hash != _expected_hash(event, prev_hash):
            return ChainReport(checked, prev_hash, event, EDITED, previous_id)
        checked += 1
        prev_hash, previous_id = event.hash, event.pk
    return ChainReport(checked, prev_hash, None, "", previous_id)


def verify_chain(*, using: str = DEFAULT_DB_ALIAS) -> ChainReport:
    """Walk the whole chain from the genesis hash; stops at the first broken link."""
    events = AuditEvent.objects.using(using).order_by("id").iterator(chunk_size=2000)
    return _walk(events, prev_hash=GENESIS_HASH, previous_id=None)


def verify_tail(*, limit: int = 200, using: str = DEFAULT_DB_ALIAS) -> ChainReport:
    """Check only the newest `limit` events (cheap enough for every health probe).

    The oldest of them is trusted as the starting point: its own content must match
    its hash, and each later event must link to the one before.
    """
    newest = list(AuditEvent.objects.using(using).order_by("-id")[: limit])
    if not newest:
        return ChainReport(0, GENESIS_HASH)
    newest.reverse()
    first = newest[0]
    if first.hash != _expected_hash(first, first.prev_hash):
        return ChainReport(0, first.prev_hash, first, EDITED, None)
    return _walk(newest, prev_hash=first.prev_hash, previous_id=None)


def anchor_position(anchor: str, *, using: str = DEFAULT_DB_ALIAS) -> AuditEvent | None:
    """The event carrying `anchor` as its hash, or None when it is gone."""
    return AuditEvent.objects.using(using).filter(hash=anchor.strip().lower()).first()


def chain_tip(*, using: str = DEFAULT_DB_ALIAS) -> tuple[int, str]:
    """(number of events, hash of the newest) without verifying anything."""
    count = AuditEvent.objects.using(using).count()
    last = AuditEvent.objects.using(using).order_by("-id").values_list("hash", flat=True).first()
    return count, last or GENESIS_HASH
