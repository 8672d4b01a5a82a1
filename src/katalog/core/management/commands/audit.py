"""`katalog audit verify`: check the audit trail's hash chain; exit code 1 when it is broken.

    katalog audit verify                     # the whole chain, from the first event
    katalog audit verify --anchor 3fa2…      # and the event with this hash must still be there
    katalog audit verify --tail 500          # only the newest 500 events (quick)
    katalog audit verify --anchor-file /var/lib/katalog/audit-anchor
                                             # check against the hash saved last time, then save the new one

Keep the last hash it prints somewhere outside the database (the backup manifest does,
so does a nightly cron mail) and pass it back with --anchor: a chain by itself cannot
show that its newest events were cut off.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone

from katalog.core.audit import GENESIS_HASH
from katalog.core.audit_check import anchor_position, verify_chain, verify_tail


def describe_event(event) -> str:
    at = timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S")
    who = event.actor_label or "sistem"
    target = f" {event.object_type}#{event.object_id}" if event.object_type else ""
    return f"#{event.pk} ({at}, {event.action}{target} oleh {who})"


class Command(BaseCommand):
    help = "Periksa rantai hash jejak audit. Kode keluar 1 bila ada mata rantai yang putus."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="verify")
        verify = sub.add_parser("verify", help="Periksa rantai dan laporkan mata rantai pertama yang putus.")
        verify.add_argument("--anchor", help="Hash peristiwa yang dicatat sebelumnya; harus masih ada di rantai.")
        verify.add_argument("--anchor-file", help="Berkas jangkar: dibaca (bila ada) lalu ditulis ulang dengan hash "
                            "terakhir setelah pemeriksaan berhasil.")
        verify.add_argument("--tail", type=int, help="Hanya periksa sejumlah peristiwa terbaru.")
        verify.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Alias basis data (bawaan: default).")

    def handle(self, *args, action, anchor=None, anchor_file=None, tail=None, database=DEFAULT_DB_ALIAS, **options):
        anchor_path = Path(anchor_file) if anchor_file else None
        if anchor_path is not None and anchor is None and anchor_path.exists():
            anchor = anchor_path.read_text().strip() or None
        report = verify_tail(limit=tail, using=database) if tail else verify_chain(using=database)
        if not report.ok:
            lines = [
                f"Jejak audit RUSAK pada peristiwa {describe_event(report.broken)}:",
                f"  {report.reason_text}.",
            ]
            if report.previous_id is not None:
                lines.append(f"  Peristiwa terakhir yang masih utuh: #{report.previous_id}.")
            else:
                lines.append("  Tidak ada peristiwa utuh sebelum peristiwa ini.")
            raise CommandError("\n".join(lines), returncode=1)
        if anchor and anchor.strip().lower() == GENESIS_HASH:
            anchor = None  # saved while the chain was still empty: nothing to look for
        if anchor:
            anchored = anchor_position(anchor, using=database)
            if anchored is None:
                raise CommandError(
                    f"Jejak audit RUSAK: peristiwa dengan hash jangkar {anchor.strip()[:16]}… tidak ada lagi "
                    "(peristiwa terbaru dipotong atau basis data diganti).",
                    returncode=1,
                )
        scope = f"{report.checked} peristiwa terbaru" if tail else f"{report.checked} peristiwa"
        self.stdout.write(f"Jejak audit utuh: {scope} diperiksa; hash terakhir {report.last_hash}.")
        if anchor:
            self.stdout.write(f"Jangkar ditemukan: {describe_event(anchored)}.")
        if anchor_path is not None and not tail:
            partial = anchor_path.with_name(anchor_path.name + ".new")
            partial.write_text(report.last_hash + "\n")
            partial.replace(anchor_path)
            self.stdout.write(f"Jangkar baru disimpan di {anchor_path}.")
