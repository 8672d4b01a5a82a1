"""Supplier lists from the Dinas Koperasi dan UMKM (Excel or CSV) → assisted registration drafts.

The Dinas keeps lists of the UMKM it supports. Loading one gives the importing UMKM officer one assisted
registration draft per business (the suppliers app's own drafts, suppliers.services.draft_start /
draft_save_step / draft_save_raw), prefilled from the list, on the officer's "Daftarkan UMKM" page. The officer
completes what the list lacks (usually the owner's NIK and an account), the owner consents on the summary
step, and the business goes to verification like any other (suppliers.services.register_supplier). Nothing
becomes a supplier, or visible to anyone but that officer, without that.

Headers are matched loosely (core/spreadsheets.py, the product import's reader). Each bad cell is
reported as (row, column, reason in Indonesian); a file with a bad row creates nothing unless the officer asks
for the valid rows only. A business already registered (same NIB or NPWP), or listed twice in the file, is
an error row. Personal data in the list (NIK, telephone) stays inside the draft, which the suppliers app
deletes after `registration_draft_days` without change (UU 27/2022).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from katalog.core.spreadsheets import ERROR_LIMIT, SpreadsheetError, header_key, read_table
from katalog.core.audit import record_event
from katalog.core.conflicts import retry_on_conflict
from katalog.regions.models import Village
from katalog.regions.selectors import home_districts
from katalog.suppliers import selectors as supplier_selectors
from katalog.suppliers import services as supplier_services
from katalog.suppliers import validators
from katalog.suppliers.forms import AddressForm, BusinessForm
from katalog.suppliers.models import Scale
from katalog.core.rules import rule
from katalog.core.spreadsheets_write import csv_bytes

COLUMNS = (
    ("nama_usaha", True, _lazy("Nama usaha, mis. “UD Keripik Pisang Kemuning”.")),
    ("nama_pemilik", True, _lazy("Nama pemilik sesuai KTP.")),
    ("kecamatan", True, _lazy("Nama atau kode Kemendagri kecamatan di kabupaten ini.")),
    ("skala", True, _lazy("mikro, kecil, menengah atau besar.")),
    ("desa", False, _lazy("Nama atau kode desa/kelurahan (kampung) di kecamatan itu.")),
    ("alamat", False, _lazy("Alamat jalan: jalan, nomor, RT/RW, dusun.")),
    ("nib", False, _lazy("NIB, 13 digit.")),
    ("npwp", False, _lazy("NPWP, 15 atau 16 digit.")),
    ("nik", False, _lazy("NIK pemilik, 16 digit (data pribadi: hanya untuk draf pendaftaran).")),
    ("kbli", False, _lazy("Kode KBLI 5 digit, pisahkan dengan koma.")),
    ("telepon", False, _lazy("Nomor HP/WhatsApp.")),
    ("email", False, _lazy("Surel.")),
    ("koperasi", False, _lazy("ya / tidak: usaha ini koperasi.")),
)
REQUIRED = tuple(name for name, required, _help in COLUMNS if required)
ALIASES: dict[str, str] = {name: name for name, _r, _h in COLUMNS}
ALIASES.update({
    **dict.fromkeys(["nama", "nama_umkm", "nama_ukm", "nama_pelaku_usaha", "usaha", "nama_perusahaan"], "nama_usaha"),
    **dict.fromkeys(["pemilik", "nama_pemilik_usaha", "penanggung_jawab", "nama_pelaku"], "nama_pemilik"),
    **dict.fromkeys(["kec", "nama_kecamatan", "kode_kecamatan"], "kecamatan"),
    **dict.fromkeys(["skala_usaha", "kategori_usaha", "jenis_usaha_skala", "klasifikasi_usaha"], "skala"),
    **dict.fromkeys(["kelurahan", "desa_kelurahan", "kampung", "nama_desa", "kode_desa", "tiyuh"], "desa"),
    **dict.fromkeys(["alamat_usaha", "alamat_jalan", "jalan"], "alamat"),
    **dict.fromkeys(["nomor_induk_berusaha", "no_nib"], "nib"),
    **dict.fromkeys(["no_npwp", "npwp_usaha"], "npwp"),
    **dict.fromkeys(["nik_pemilik", "no_ktp", "ktp", "nomor_ktp"], "nik"),
    **dict.fromkeys(["kode_kbli", "kbli_2020"], "kbli"),
    **dict.fromkeys(["hp", "no_hp", "nomor_hp", "telp", "no_telp", "whatsapp", "wa", "nomor_telepon"], "telepon"),
    **dict.fromkeys(["surel", "e_mail", "alamat_email"], "email"),
    **dict.fromkeys(["is_koperasi", "bentuk_koperasi"], "koperasi"),
})
TEMPLATE_HEADER = ["Nama Usaha", "Nama Pemilik", "Kecamatan", "Skala", "Desa", "Alamat", "NIB", "NPWP", "NIK",
                   "KBLI", "Telepon", "Email", "Koperasi"]
_SCALES = {"mikro": Scale.MICRO, "usaha_mikro": Scale.MICRO, "kecil": Scale.SMALL, "usaha_kecil": Scale.SMALL,
           "menengah": Scale.MEDIUM, "usaha_menengah": Scale.MEDIUM, "besar": Scale.LARGE,
           "usaha_besar": Scale.LARGE}
_YES = {"ya", "y", "yes", "1", "true", "benar", "v", "x", "koperasi"}
_NO = {"tidak", "t", "no", "n", "0", "false", "bukan", ""}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass
class ParsedRow:
    row: int
    usaha: dict
    alamat: dict
    kontak: dict


@dataclass
class ImportReport:
    total_rows: int = 0
    created: int = 0
    errors: list[dict] = field(default_factory=list)
    saved: bool = False

    @property
    def rejected_rows(self) -> int:
        return len({e["row"] for e in self.errors if e["row"]})


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel hands over 3201234567890 as a float
    return str(value).strip()


class _Districts:
    """Kecamatan and villages of this kabupaten, found by code or by (folded) name."""

    def __init__(self):
        self.districts = list(home_districts())
        self.by_code = {d.code: d for d in self.districts}
        self.by_name = {header_key(d.name): d for d in self.districts}

    def district(self, text: str):
        key = header_key(text).removeprefix("kecamatan_").removeprefix("kec_")
        return self.by_code.get(text.strip()) or self.by_name.get(key)

    @staticmethod
    def village(district, text: str):
        text = text.strip()
        found = Village.objects.filter(district=district).filter(Q(code=text) | Q(name__iexact=text)).first()
        if found is None:
            key = header_key(text)
            for village in Village.objects.filter(district=district):
                if header_key(village.name) == key:
                    return village
        return found


def parse(data: bytes, filename: str, *, max_rows: int) -> tuple[list[ParsedRow], list[dict], int]:
    """Read and check every row; returns (valid rows, errors, number of data rows)."""
    errors: list[dict] = []
    try:
        table = read_table(data, filename, aliases=ALIASES, required=REQUIRED, max_rows=max_rows)
    except SpreadsheetError as error:
        return [], [{"row": 0, "column": "", "message": str(error)}], 0
    places = _Districts()
    rows: list[ParsedRow] = []
    seen_nib: dict[str, int] = {}
    seen_npwp: dict[str, int] = {}
    for number, cells in table.rows:
        row_errors: list[dict] = []

        def fail(column: str, message: str) -> None:
            row_errors.append({"row": number, "column": column, "message": str(message)})

        value = {name: _text(table.value(cells, name)) for name, _r, _h in COLUMNS}
        for column in REQUIRED:
            if not value[column]:
                fail(column, _("Wajib diisi."))
        if len(value["nama_usaha"]) > 200:
            fail("nama_usaha", _("Paling banyak 200 huruf."))
        if len(value["nama_pemilik"]) > 200:
            fail("nama_pemilik", _("Paling banyak 200 huruf."))
        scale = _SCALES.get(header_key(value["skala"])) if value["skala"] else None
        if value["skala"] and scale is None:
            fail("skala", _("Isi mikro, kecil, menengah atau besar."))
        district = places.district(value["kecamatan"]) if value["kecamatan"] else None
        if value["kecamatan"] and district is None:
            fail("kecamatan", _("Kecamatan “%(name)s” tidak ada di kabupaten ini (daftar Kemendagri).")
                 % {"name": value["kecamatan"][:60]})
        village = None
        if value["desa"] and district is not None:
            village = places.village(district, value["desa"])
            if village is None:
                fail("desa", _("Desa/kelurahan “%(name)s” tidak ada di Kecamatan %(district)s.")
                     % {"name": value["desa"][:60], "district": district.name})
        normalized = {}
        for column, normalize in (("nib", validators.normalize_nib), ("npwp", validators.normalize_npwp),
                                  ("nik", validators.normalize_nik), ("telepon", validators.normalize_phone),
                                  ("kbli", validators.normalize_kbli_list)):
            if value[column]:
                try:
                    normalized[column] = normalize(value[column])
                except ValidationError as error:
                    fail(column, " ".join(error.messages))
        if value["email"] and (not _EMAIL.match(value["email"]) or len(value["email"]) > 254):
            fail("email", _("Alamat surel tidak sah."))
        cooperative = header_key(value["koperasi"])
        if cooperative not in _YES | _NO:
            fail("koperasi", _("Isi ya atau tidak."))
        nib, npwp = normalized.get("nib"), normalized.get("npwp")
        if nib:
            if supplier_selectors.nib_taken(nib):
                fail("nib", _("NIB ini sudah terdaftar di Katalog Lokal."))
            elif nib in seen_nib:
                fail("nib", _("NIB yang sama sudah ada di baris %(row)s.") % {"row": seen_nib[nib]})
            seen_nib.setdefault(nib, number)
        if npwp:
            if supplier_selectors.npwp_taken(npwp):
                fail("npwp", _("NPWP ini sudah terdaftar untuk usaha lain di Katalog Lokal."))
            elif any(v in seen_npwp for v in validators.npwp_variants(npwp)):
                fail("npwp", _("NPWP yang sama sudah ada di baris %(row)s.")
                     % {"row": next(seen_npwp[v] for v in validators.npwp_variants(npwp) if v in seen_npwp)})
            seen_npwp.setdefault(npwp, number)
        if row_errors:
            errors.extend(row_errors)
            continue
        rows.append(ParsedRow(
            row=number,
            # Field names of the suppliers app's registration forms (BusinessForm, AddressForm, AccountForm).
            usaha={"name": value["nama_usaha"], "owner_name": value["nama_pemilik"],
                   "owner_nik": normalized.get("nik", ""), "nib": nib or "", "npwp": npwp or "",
                   "scale": str(scale), "kbli_codes": ", ".join(normalized.get("kbli", [])),
                   **({"is_cooperative": "on"} if cooperative in _YES else {})},
            alamat={"province": settings.KATALOG_REGION.split(".")[0], "regency": settings.KATALOG_REGION,
                    "district": district.code, "village": village.code if village else "",
                    "address": value["alamat"][:300]},
            kontak={"phone": normalized.get("telepon", ""), "email": value["email"].lower()},
        ))
    return rows, errors[:ERROR_LIMIT], len(table.rows)


def _save_step(draft, step: str, form_class, raw: dict) -> None:
    """A step the list fills completely is saved as done; otherwise what the list had is kept as typed."""
    form = form_class(data=raw)
    if form.is_valid():
        supplier_services.draft_save_step(draft=draft, step=step, cleaned=dict(form.cleaned_data))
    else:
        supplier_services.draft_save_raw(draft=draft, step=step, raw=raw)


@retry_on_conflict(supplier_services.Busy)
@transaction.atomic
def import_supplier_list(*, actor, data: bytes, filename: str, valid_only: bool = False) -> ImportReport:
    """Load a Dinas supplier list as the officer's assisted registration drafts. All or nothing, unless
    `valid_only`: then the valid rows are loaded and the others reported."""
    if actor is None or not actor.is_active or actor.role not in ("umkm_officer", "admin"):
        raise PermissionError("Only UMKM officers and administrators import supplier lists.")
    rows, errors, total = parse(data, filename, max_rows=int(rule("import_max_rows")))
    report = ImportReport(total_rows=total, errors=errors)
    unreadable = any(e["row"] == 0 for e in errors)
    if unreadable or (errors and not valid_only) or not rows:
        return report
    for row in rows:
        draft = supplier_services.draft_start(officer=actor)
        _save_step(draft, "usaha", BusinessForm, row.usaha)
        _save_step(draft, "alamat", AddressForm, row.alamat)
        # Phone and e-mail are asked with the owner's account; the officer adds the name and user name there.
        supplier_services.draft_save_raw(draft=draft, step="akun", raw=row.kontak)
    report.created, report.saved = len(rows), True
    record_event(actor=actor, action="supplier_list.import", after={
        "file": filename[:200], "drafts": report.created, "rejected_rows": report.rejected_rows,
    })
    return report


def template_csv() -> bytes:
    return csv_bytes([TEMPLATE_HEADER, ["UD Keripik Pisang Kemuning", "Siti Aminah", "Bukit Kemuning", "mikro", "",
                                        "Jl. Raya No. 1", "", "", "", "10794", "0812 3456 7890", "", "tidak"]])
