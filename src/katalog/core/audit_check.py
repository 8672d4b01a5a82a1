"""Checking the audit trail's hash chain (`katalog audit verify`, `katalog healthcheck`, /healthz).

Each event stores the hash of the one before it and a hash over its own content
(core/audit.py). Walking the chain in id order finds:

- an edited row: its content no longer gives its stored hash;
- a removed or inserted row: the next event's `prev_hash` no longer names its predecessor.

A chain alone cannot show that events were cut off at the *end*, nor that the whole chain was
rewritten and re-hashed by someone with database rights. For that the chain's head is published
outside the database as an *anchor* — sequence (the event's id), hash and time: every day on the
open-data page (`daily_anchors`) and in every backup manifest. `katalog audit verify --anchor
SEQ:HASH` (or a bare HASH, the older form) then requires that event to be in the chain, unchanged.
"""

import datetime
import re
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone

from .audit import GENESIS_HASH, content_matches
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


def _walk(events, *, prev_hash: str, previous_id: int | None) -> ChainReport:
    checked = 0
    for event in events:
        if event.prev_hash != prev_hash:
            return ChainReport(checked, prev_hash, event, RELINKED, previous_id)
        if not content_matches(event, prev_hash):
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
    if not content_matches(first, first.prev_hash):
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


# --- Anchors: the head of the chain, published outside the database ------------------------------


@dataclass(frozen=True)
class Anchor:
    """The chain's head at a moment: the newest event's id (sequence), its hash and its time."""

    sequence: int
    hash: str
    at: datetime.datetime | None = None

    def __str__(self) -> str:
        return f"{self.sequence}:{self.hash}"

    def as_dict(self) -> dict:
        return {"sequence": self.sequence, "hash": self.hash, "at": self.at.isoformat() if self.at else None,
                "anchor": str(self)}


_ANCHOR = re.compile(r"^\s*(?:(\d{1,18}):)?([0-9a-fA-F]{64})\s*$")


def parse_anchor(text: str) -> Anchor:
    """`SEQ:HASH` or a bare `HASH` (sequence 0: look it up by hash). ValueError with an Indonesian message."""
    match = _ANCHOR.match(text or "")
    if not match:
        raise ValueError("Jangkar harus berbentuk NOMOR:HASH (hash 64 karakter heksadesimal), mis. 1234:3fa2…")
    return Anchor(int(match.group(1) or 0), match.group(2).lower())


def head_anchor(*, before: datetime.datetime | None = None, using: str = DEFAULT_DB_ALIAS) -> Anchor | None:
    """The newest event (written before `before`, when given) as an anchor; None for an empty chain."""
    events = AuditEvent.objects.using(using)
    if before is not None:
        events = events.filter(at__lt=before)
    row = events.order_by("-id").values_list("id", "hash", "at").first()
    return Anchor(*row) if row else None


def daily_anchors(*, days: int = 7, today: datetime.date | None = None) -> list[tuple[datetime.date, Anchor]]:
    """The head of the chain at the end of each of the last `days` days (local time), newest first.

    Computed from the chain itself, so the figure for a past day never changes unless the chain is
    rewritten: whoever copied it from the open-data page can then show the rewrite.
    """
    today = today or timezone.localdate()
    anchors = []
    for back in range(1, days + 1):
        day = today - datetime.timedelta(days=back)
        end = timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))
        anchor = head_anchor(before=end)
        if anchor is not None:
            anchors.append((day, anchor))
    return anchors


def anchor_problem(anchor: Anchor, *, using: str = DEFAULT_DB_ALIAS) -> str:
    """Why the chain does not hold `anchor` (empty when it does). Check the chain itself first."""
    if anchor.hash == GENESIS_HASH:
        return ""  # saved while the chain was still empty: nothing to look for
    if not anchor.sequence:
        if anchor_position(anchor.hash, using=using) is None:
            return (f"peristiwa dengan hash jangkar {anchor.hash[:16]}… tidak ada lagi "
                    "(peristiwa terbaru dipotong, rantai ditulis ulang, atau basis data diganti)")
        return ""
    stored = AuditEvent.objects.using(using).filter(pk=anchor.sequence).values_list("hash", flat=True).first()
    if stored is None:
        return (f"peristiwa #{anchor.sequence} dari jangkar tidak ada lagi "
                "(peristiwa terbaru dipotong atau basis data diganti)")
    if stored != anchor.hash:
        return (f"jangkar tidak cocok: peristiwa #{anchor.sequence} kini ber-hash {stored[:16]}…, "
                f"bukan {anchor.hash[:16]}… seperti yang diterbitkan (rantai ditulis ulang)")
    return ""
