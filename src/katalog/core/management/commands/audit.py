"""`katalog audit verify`: check the audit trail's hash chain; exit code 1 when it is broken.

    katalog audit verify                     # the whole chain, from the first event
    katalog audit verify --anchor 1234:3fa2… # and event #1234 must still carry this hash
    katalog audit verify --anchor 3fa2…      # (older form) the event with this hash must still be there
    katalog audit verify --tail 500          # only the newest 500 events (quick)
    katalog audit verify --anchor-file /var/lib/katalog/audit-anchor
                                             # check against the hash saved last time, then save the new one

Keep the anchor it prints somewhere outside the database (the backup manifest does, the open-data
page publishes one a day, a nightly cron mail can too) and pass it back with --anchor: a chain by
itself cannot show that its newest events were cut off or that it was rewritten whole.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone

from katalog.core.audit_check import anchor_problem, head_anchor, parse_anchor, verify_chain, verify_tail


def describe_event(event) -> str:
    at = timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S")
    who = event.actor_name
    target = f" {event.object_type}#{event.object_id}" if event.object_type else ""
    return f"#{event.pk} ({at}, {event.action}{target} oleh {who})"


class Command(BaseCommand):
    help = "Periksa rantai hash jejak audit. Kode keluar 1 bila ada mata rantai yang putus."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="verify")
        verify = sub.add_parser("verify", help="Periksa rantai dan laporkan mata rantai pertama yang putus.")
        verify.add_argument("--anchor", help="Jangkar yang dicatat sebelumnya (NOMOR:HASH, atau HASH saja); "
                            "peristiwa itu harus masih ada di rantai dengan hash yang sama.")
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
        if anchor:
            try:
                parsed = parse_anchor(anchor)
            except ValueError as error:
                raise CommandError(str(error), returncode=2) from None
            problem = anchor_problem(parsed, using=database)
            if problem:
                raise CommandError(f"Jejak audit RUSAK: {problem}.", returncode=1)
        scope = f"{report.checked} peristiwa terbaru" if tail else f"{report.checked} peristiwa"
        self.stdout.write(f"Jejak audit utuh: {scope} diperiksa; hash terakhir {report.last_hash}.")
        if anchor:
            self.stdout.write(f"Jangkar cocok: {parsed}.")
        head = head_anchor(using=database)
        if head is not None:
            self.stdout.write(f"Jangkar saat ini: {head} ({timezone.localtime(head.at):%Y-%m-%d %H:%M:%S}).")
        if anchor_path is not None and not tail:
            partial = anchor_path.with_name(anchor_path.name + ".new")
            partial.write_text(f"{head or report.last_hash}\n")
            partial.replace(anchor_path)
            self.stdout.write(f"Jangkar baru disimpan di {anchor_path}.")
