"""Suppliers' periodic work, run by `katalog tick` (katalog.jobs.periodic).

Certificate expiry reminders (each stage once per document); registration drafts left untouched for
`registration_draft_days` are erased, and so is the personal data of registrations rejected more than
`rejected_registration_days` ago (UU 27/2022: keep personal data only as long as needed).
"""

from django.utils import timezone

from katalog.jobs.periodic import periodic

from .services import erase_rejected_registrations, purge_stale_registration_drafts, send_document_expiry_reminders


@periodic
def supplier_housekeeping(*, now, quiet: bool) -> list[str]:
    today = timezone.localdate(now)
    reminders = send_document_expiry_reminders(today)
    purged = purge_stale_registration_drafts(today)
    erased = erase_rejected_registrations(today)
    if reminders or purged or erased or not quiet:
        return [f"{reminders} pengingat masa berlaku dokumen dikirim; {purged} draf pendaftaran lama dihapus; "
                f"data pribadi {erased} pendaftaran yang ditolak dihapus."]
    return []
