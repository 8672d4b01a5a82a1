"""Registration drafts: the wizard's saved steps and the purge of stale ones."""

import datetime

from django.utils import timezone

from ..models import RegistrationDraft
from ._common import _rules


def draft_start(*, officer=None) -> RegistrationDraft:
    return RegistrationDraft.objects.create(created_by=officer)


def draft_save_step(*, draft: RegistrationDraft, step: str, cleaned: dict) -> RegistrationDraft:
    """Keep a step's validated values and forget what was half-typed on it."""
    draft.data[step] = cleaned
    draft.raw.pop(step, None)
    draft.updated_at = timezone.now()
    draft.save(update_fields=["data", "raw", "updated_at"])
    return draft


def draft_save_raw(*, draft: RegistrationDraft, step: str, raw: dict) -> RegistrationDraft:
    """Keep what was typed on a step that did not validate (never passwords), so nothing is lost."""
    draft.raw[step] = raw
    draft.updated_at = timezone.now()
    draft.save(update_fields=["raw", "updated_at"])
    return draft


def draft_delete(*, draft: RegistrationDraft) -> None:
    draft.delete()


def purge_stale_registration_drafts(today: datetime.date | None = None) -> int:
    """Delete drafts untouched for `registration_draft_days` (UU 27/2022: keep personal data only as needed)."""
    today = today or timezone.localdate()
    days = _rules("registration_draft_days")
    cutoff = timezone.make_aware(datetime.datetime.combine(today - datetime.timedelta(days=days), datetime.time.min))
    deleted, _detail = RegistrationDraft.objects.filter(updated_at__lt=cutoff).delete()
    return deleted
