"""Writes of the monitoring app: targets, RUP import, kecamatan potentials, flag review.

Keyword-only arguments, one transaction each, every change audited (core.audit.record_event).
Detecting flags is in detectors.py (`detect_flags`), which a scheduler or `katalog detect-flags` calls.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from katalog.core import transitions
from katalog.core.audit import record_event
from katalog.core.conflicts import retry_on_conflict
from katalog.core.errors import DomainError, WriteConflict
from katalog.core.rules import rule
from katalog.core.pagecache import content_changed

from . import budget, rup
from .models import Flag, GoodsBudget, OutsidePackage, Potential, RupPackage, Target
from .states import ACTION_OF_OUTCOME, FLAG_MACHINE, FlagOutcome


class MonitoringError(DomainError):
    """A request the rules refuse; the message is for the person who made it."""


class Busy(MonitoringError, WriteConflict):
    """Two transactions collided twice in a row (core/conflicts.py); nothing was saved: send again. HTTP 409."""


# --- targets -------------------------------------------------------------------------


def _check_percent(value, label) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        raise MonitoringError(_("%(label)s harus bilangan bulat 0 sampai 100.") % {"label": label})
    return value


@retry_on_conflict(Busy)
@transaction.atomic
def target_set(*, actor, year: int, umk_percent: int, domestic_percent: int, local_percent: int) -> Target:
    """Set a fiscal year's targets (leadership or administrator). Perpres 12/2021 Pasal 65 puts the
    UMK share at no less than 40%; a lower figure is refused."""
    umk = _check_percent(umk_percent, _("Target UMK"))
    if umk < rule("umk_share_target_percent"):
        raise MonitoringError(_("Target UMK tidak boleh di bawah %(n)s%% (Perpres 12/2021 Pasal 65).")
                              % {"n": rule("umk_share_target_percent")})
    domestic = _check_percent(domestic_percent, _("Target produk dalam negeri"))
    local = _check_percent(local_percent, _("Target penyedia lokal"))
    target = Target.objects.select_for_update().filter(year=year).first()
    before = None if target is None else {
        "umk": target.umk_percent, "domestic": target.domestic_percent, "local": target.local_percent}
    if target is None:
        target = Target(year=year)
    target.umk_percent, target.domestic_percent, target.local_percent = umk, domestic, local
    target.updated_by, target.updated_at = actor, timezone.now()
    target.save()
    record_event(actor=actor, action="monitoring.target_set", obj=target, before=before,
                 after={"year": year, "umk": umk, "domestic": domestic, "local": local})
    return target


# --- RUP import ----------------------------------------------------------------------


@dataclass
class RupImportReport:
    total_rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list[dict] = field(default_factory=list)
    saved: bool = False


@retry_on_conflict(Busy)
@transaction.atomic
def rup_import(*, actor, data: bytes, filename: str, year: int, valid_only: bool = False) -> RupImportReport:
    """Load a SiRUP export for one fiscal year. All or nothing: a file with any wrong row changes nothing,
    unless `valid_only`, when the valid rows are loaded and the others reported. A package already
    imported (same year and kode RUP) is updated."""
    parsed = rup.parse(data, filename, year=year, max_rows=rule("import_max_rows"))
    report = RupImportReport(total_rows=parsed.total_rows, errors=parsed.errors)
    file_unreadable = any(e["row"] == 0 for e in parsed.errors)
    if file_unreadable or (parsed.errors and not valid_only) or not parsed.rows:
        return report
    now = timezone.now()
    existing = {p.rup_code: p for p in RupPackage.objects.filter(year=year, rup_code__in=[r.rup_code for r in parsed.rows])}
    to_create, to_update = [], []
    for row in parsed.rows:
        package = existing.get(row.rup_code) or RupPackage(year=year, rup_code=row.rup_code)
        package.agency, package.name, package.pagu, package.method = row.agency, row.name, row.pagu, row.method
        package.is_pdn, package.is_umk, package.category = row.is_pdn, row.is_umk, row.category
        package.imported_at, package.imported_by = now, actor
        (to_update if package.pk else to_create).append(package)
    RupPackage.objects.bulk_create(to_create, batch_size=1000)
    RupPackage.objects.bulk_update(
        to_update, ["agency", "name", "pagu", "method", "is_pdn", "is_umk", "category", "imported_at", "imported_by"],
        batch_size=1000)
    content_changed()  # bulk writes send no post_save; the home page's budget share reads these (core/pagecache.py)
    report.created, report.updated, report.saved = len(to_create), len(to_update), True
    record_event(actor=actor, action="monitoring.rup_import", after={
        "year": year, "file": filename[:200], "created": report.created, "updated": report.updated,
        "rejected_rows": len({e["row"] for e in parsed.errors}),
    })
    return report


# --- kecamatan potentials --------------------------------------------------------------


@retry_on_conflict(Busy)
@transaction.atomic
def potential_add(*, actor, district, category, kind: str, description: str) -> Potential:
    """A UMKM officer tags what a kecamatan has (raw material, skill, product) for a catalogue category."""
    description = (description or "").strip()
    if not description:
        raise MonitoringError(_("Tuliskan uraian potensinya, misalnya “kebun aren rakyat” atau “penjahit”."))
    if district.regency_id != settings.KATALOG_REGION:
        raise MonitoringError(_("Kecamatan harus berada di kabupaten ini."))
    if kind not in Potential.Kind.values:
        raise MonitoringError(_("Jenis potensi tidak dikenal."))
    try:
        with transaction.atomic():
            potential = Potential.objects.create(district=district, category=category, kind=kind,
                                                 description=description[:300], created_by=actor)
    except IntegrityError:
        raise MonitoringError(_("Potensi ini sudah tercatat untuk kecamatan tersebut.")) from None
    record_event(actor=actor, action="monitoring.potential_add", obj=potential, after={
        "district": district.code, "category": category.pk, "kind": kind, "description": potential.description})
    return potential


@retry_on_conflict(Busy)
@transaction.atomic
def potential_remove(*, actor, potential: Potential) -> None:
    # Lock order (core/conflicts.py): the row being removed, then the audit chain's lock.
    potential = Potential.objects.select_for_update().get(pk=potential.pk)
    before = {"district": potential.district_id, "category": potential.category_id, "kind": potential.kind,
              "description": potential.description}
    record_event(actor=actor, action="monitoring.potential_remove", obj=potential, before=before)
    potential.delete()


# --- flags -----------------------------------------------------------------------------


def flag_review(*, actor, flag: Flag, note: str, outcome: str) -> Flag:
    """An auditor (APIP) reviews one flag: see `flags_review`."""
    return flags_review(actor=actor, flags=[flag], note=note, outcome=outcome)[0]


@retry_on_conflict(Busy)
@transaction.atomic
def flags_review(*, actor, flags, note: str, outcome: str) -> list[Flag]:
    """An auditor (APIP) reviews one or several open flags at once with one outcome (confirmed, dismissed,
    referred to the Inspektorat) and a note saying what they found (for a dismissal: why). All or none:
    if one of them was reviewed in the meantime, nothing is saved. Each flag's review is audited.
    The state change runs through core.transitions with monitoring.states.FLAG_TRANSITIONS."""
    note = (note or "").strip()
    action = ACTION_OF_OUTCOME.get(outcome)
    if action is None:
        raise MonitoringError(_("Pilih hasil penelaahan: terbukti, tidak terbukti, atau diteruskan ke Inspektorat."))
    if not note:
        raise MonitoringError(_("Tuliskan alasan tanda ini tidak terbukti.") if outcome == FlagOutcome.DISMISSED
                              else _("Tuliskan catatan hasil penelaahan."))
    ids = sorted({f.pk for f in flags})
    if not ids:
        raise MonitoringError(_("Pilih setidaknya satu tanda untuk ditelaah."))
    with transitions.transition_all(rows=Flag.objects.filter(pk__in=ids), machine=FLAG_MACHINE, action=action,
                                    actor=actor, refused=MonitoringError,
                                    audit_action="monitoring.flag_review") as steps:
        for step in steps:
            flag = step.obj
            flag.outcome, flag.reviewed_by, flag.reviewed_at, flag.review_note = outcome, actor, step.now, note
            step.save("outcome", "reviewed_by", "reviewed_at", "review_note")
            step.after.update(outcome=outcome, note=note[:2000], together=len(steps))
    return [step.obj for step in steps]


# --- goods/services budget and spend outside the catalogue (the 40% headline) -----------------------


@dataclass
class TableImportReport:
    total_rows: int = 0
    saved_rows: int = 0
    errors: list[dict] = field(default_factory=list)
    saved: bool = False


@retry_on_conflict(Busy)
@transaction.atomic
def goods_budget_import(*, actor, data: bytes, filename: str, year: int) -> TableImportReport:
    """Load each OPD's goods/services budget for a year (DPA or RUP pagu), the base of Perpres 12/2021
    Pasal 65 ayat (3). All or nothing; an OPD already loaded for the year gets the new amount."""
    parsed = budget.parse_budget(data, filename, year=year, max_rows=rule("import_max_rows"))
    report = TableImportReport(total_rows=parsed.total_rows, errors=parsed.errors)
    if parsed.errors or not parsed.rows:
        return report
    now = timezone.now()
    before = {b.agency_id: b.amount for b in GoodsBudget.objects.select_for_update().filter(year=year)}
    for row in parsed.rows:
        GoodsBudget.objects.update_or_create(year=year, agency=row.agency, defaults={
            "amount": row.amount, "source": row.source, "imported_at": now, "imported_by": actor})
    content_changed()  # bulk writes send no post_save; the home page's shares read these (core/pagecache.py)
    report.saved_rows, report.saved = len(parsed.rows), True
    record_event(actor=actor, action="monitoring.goods_budget_import", before={"year": year, "amounts": before},
                 after={"year": year, "file": filename[:200],
                        "amounts": {row.agency.pk: row.amount for row in parsed.rows}})
    return report


@retry_on_conflict(Busy)
@transaction.atomic
def outside_packages_import(*, actor, data: bytes, filename: str, year: int) -> TableImportReport:
    """Replace a year's list of packages realised outside the catalogue (tender, pengadaan langsung, Toko
    Daring, ...). All or nothing: a file with any wrong row changes nothing."""
    parsed = budget.parse_outside(data, filename, year=year, max_rows=rule("import_max_rows"))
    report = TableImportReport(total_rows=parsed.total_rows, errors=parsed.errors)
    if parsed.errors or not parsed.rows:
        return report
    now = timezone.now()
    removed = OutsidePackage.objects.filter(year=year).delete()[0]
    OutsidePackage.objects.bulk_create([
        OutsidePackage(year=year, agency=row.agency, rup_code=row.rup_code, channel=row.channel, name=row.name,
                       value=row.value, supplier_nib=row.nib, supplier_scale=row.scale,
                       supplier_is_cooperative=row.is_cooperative, is_domestic=row.is_domestic,
                       imported_at=now, imported_by=actor)
        for row in parsed.rows], batch_size=1000)
    content_changed()  # bulk writes send no post_save; the home page's shares read these (core/pagecache.py)
    report.saved_rows, report.saved = len(parsed.rows), True
    record_event(actor=actor, action="monitoring.outside_packages_import", before={"year": year, "rows": removed},
                 after={"year": year, "file": filename[:200], "rows": len(parsed.rows),
                        "value": sum(row.value for row in parsed.rows)})
    return report
