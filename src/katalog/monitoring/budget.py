"""Reading the two files behind the 40% headline: the goods/services budget per OPD, and the packages
realised outside this catalogue (tender, pengadaan langsung, Toko Daring, ...).

Perpres 12/2021 Pasal 65 ayat (3) puts the 40% on the *whole* goods/services budget of the OPD, so the
dashboard needs that budget (from the DPA, or the OPD's RUP pagu) and the UMK spend of every channel,
not only what went through this catalogue.

Templates ship in monitoring/data/ (templat-anggaran-barang-jasa.csv, templat-realisasi-luar-katalog.csv).
Headers are matched loosely like the RUP import (core/spreadsheets.py). Every problem is reported as
(row, column, reason in Indonesian); nothing is saved unless every row is valid.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from katalog.core.spreadsheets import SpreadsheetError, header_key, read_table
from katalog.core import rules
from katalog.core.money import parse_rupiah

from .models import GoodsBudget, OutsidePackage
from .rup import _Agencies, _flag
from katalog.suppliers.models import Supplier
from katalog.suppliers.validators import normalize_nib

DATA = Path(__file__).resolve().parent / "data"
BUDGET_TEMPLATE = DATA / "templat-anggaran-barang-jasa.csv"
OUTSIDE_TEMPLATE = DATA / "templat-realisasi-luar-katalog.csv"

_COMMON = {
    **dict.fromkeys(["opd", "satuan_kerja", "nama_satuan_kerja", "satker", "nama_satker", "perangkat_daerah",
                     "kode_opd", "kode_satker", "nama_opd", "skpd"], "opd"),
    **dict.fromkeys(["tahun", "tahun_anggaran", "ta"], "tahun"),
}
BUDGET_ALIASES = {
    **_COMMON,
    **dict.fromkeys(["anggaran", "anggaran_belanja_barang_jasa", "belanja_barang_jasa", "belanja_barang_dan_jasa",
                     "pagu", "pagu_rp", "nilai_anggaran", "anggaran_rp", "nilai", "jumlah"], "anggaran"),
    **dict.fromkeys(["sumber", "sumber_data", "dokumen"], "sumber"),
}
OUTSIDE_ALIASES = {
    **_COMMON,
    **dict.fromkeys(["kode_rup", "kode", "kd_rup", "id_rup", "rup"], "kode_rup"),
    **dict.fromkeys(["cara_pengadaan", "metode", "metode_pengadaan", "metode_pemilihan", "kanal", "jalur"], "kanal"),
    **dict.fromkeys(["nama_paket", "paket", "uraian"], "nama_paket"),
    **dict.fromkeys(["nilai", "nilai_realisasi", "nilai_kontrak", "realisasi", "nilai_rp", "total"], "nilai"),
    **dict.fromkeys(["nib", "nib_penyedia"], "nib"),
    **dict.fromkeys(["skala", "skala_usaha", "skala_penyedia", "kualifikasi_usaha"], "skala"),
    **dict.fromkeys(["koperasi", "is_koperasi"], "koperasi"),
    **dict.fromkeys(["asal", "asal_produk", "pdn", "produk_dalam_negeri", "dalam_negeri", "asal_barang"], "asal"),
}
BUDGET_REQUIRED = ("opd", "anggaran")
OUTSIDE_REQUIRED = ("opd", "kode_rup", "kanal", "nilai", "asal")

_SOURCES = {"dpa": GoodsBudget.Source.DPA, "rup": GoodsBudget.Source.RUP, "pagu_rup": GoodsBudget.Source.RUP,
            "sirup": GoodsBudget.Source.RUP}
_CHANNELS = {
    **dict.fromkeys(["tender", "seleksi", "tender_cepat", "lelang"], OutsidePackage.Channel.TENDER),
    **dict.fromkeys(["pengadaan_langsung", "pl", "penunjukan_langsung"], OutsidePackage.Channel.DIRECT),
    **dict.fromkeys(["toko_daring", "bela_pengadaan", "tokodaring"], OutsidePackage.Channel.TOKO_DARING),
    **dict.fromkeys(["katalog_nasional", "e_katalog", "ekatalog", "e_purchasing", "katalog_sektoral"],
                    OutsidePackage.Channel.NATIONAL_CATALOGUE),
    **dict.fromkeys(["lainnya", "swakelola", "lain_lain"], OutsidePackage.Channel.OTHER),
}
_SCALES = {
    **dict.fromkeys(["mikro", "usaha_mikro"], rules.MICRO),
    **dict.fromkeys(["kecil", "usaha_kecil"], rules.SMALL),
    **dict.fromkeys(["menengah", "usaha_menengah", "non_kecil"], rules.MEDIUM),
    **dict.fromkeys(["besar", "usaha_besar"], rules.LARGE),
}
_DOMESTIC = {"dalam_negeri", "pdn", "lokal", "domestik", "ya", "y", "1", "true"}
_IMPORTED = {"impor", "import", "luar_negeri", "tidak", "t", "0", "false"}


@dataclass
class BudgetRow:
    row: int
    agency: object
    amount: int
    source: str


@dataclass
class OutsideRow:
    row: int
    agency: object
    rup_code: str
    channel: str
    name: str
    value: int
    nib: str
    scale: str
    is_cooperative: bool
    is_domestic: bool

    @property
    def is_umk_spend(self) -> bool:
        return rules.is_umk(scale=self.scale, is_cooperative=self.is_cooperative) and self.is_domestic


@dataclass
class Parsed:
    rows: list = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    total_rows: int = 0


def _year_problem(table, cells, year: int):
    raw = table.value(cells, "tahun")
    if raw in (None, ""):
        return None
    try:
        found = int(float(raw))
    except (TypeError, ValueError):
        found = None
    if found != year:
        return _("Tahun anggaran baris ini (%(found)s) berbeda dengan tahun impor (%(year)s).") % {
            "found": raw, "year": year}
    return None


def _money(table, cells, column: str, label: str, problems: list) -> int:
    raw = table.value(cells, column)
    if raw in (None, ""):
        problems.append((column, _("%(label)s kosong.") % {"label": label}))
        return 0
    try:
        amount = parse_rupiah(raw)
    except (TypeError, ValueError) as error:
        problems.append((column, str(error)))
        return 0
    if amount < 0:
        problems.append((column, _("%(label)s tidak boleh negatif.") % {"label": label}))
    return amount


def _agency(table, cells, agencies, problems: list):
    if not table.value(cells, "opd"):
        problems.append(("opd", _("OPD kosong.")))
        return None
    agency, problem = agencies.find(table.value(cells, "opd"))
    if problem:
        problems.append(("opd", problem))
    return agency


def parse_budget(data: bytes, filename: str, *, year: int, max_rows: int) -> Parsed:
    """One row per OPD: its goods/services budget for `year` (DPA or RUP pagu)."""
    parsed = Parsed()
    try:
        table = read_table(data, filename, aliases=BUDGET_ALIASES, required=BUDGET_REQUIRED, max_rows=max_rows)
    except SpreadsheetError as error:
        parsed.errors.append({"row": 0, "column": "", "message": str(error)})
        return parsed
    agencies = _Agencies()
    seen: dict[int, int] = {}
    parsed.total_rows = len(table.rows)
    for number, cells in table.rows:
        problems: list[tuple[str, str]] = []
        agency = _agency(table, cells, agencies, problems)
        if agency is not None:
            if agency.pk in seen:
                problems.append(("opd", _("OPD ini sudah ada di baris %(row)s; satu baris per OPD.")
                                 % {"row": seen[agency.pk]}))
            else:
                seen[agency.pk] = number
        amount = _money(table, cells, "anggaran", _("Anggaran belanja barang/jasa"), problems)
        raw_source = table.value(cells, "sumber")
        source = GoodsBudget.Source.DPA
        if raw_source not in (None, ""):
            source = _SOURCES.get(header_key(raw_source))
            if source is None:
                problems.append(("sumber", _("Isi kolom Sumber dengan DPA atau RUP.")))
        year_problem = _year_problem(table, cells, year)
        if year_problem:
            problems.append(("tahun", year_problem))
        for column, message in problems:
            parsed.errors.append({"row": number, "column": column, "message": str(message)})
        if not problems:
            parsed.rows.append(BudgetRow(row=number, agency=agency, amount=amount, source=source))
    return parsed


def _suppliers_by_nib(nibs: set[str]) -> dict[str, tuple[str, bool]]:
    return {nib: (scale, coop) for nib, scale, coop in
            Supplier.objects.filter(nib__in=nibs).values_list("nib", "scale", "is_cooperative")}


def parse_outside(data: bytes, filename: str, *, year: int, max_rows: int) -> Parsed:
    """Realised packages from other channels. The supplier's scale comes from the file, else from the
    supplier registered here with that NIB; one of the two is needed."""
    parsed = Parsed()
    try:
        table = read_table(data, filename, aliases=OUTSIDE_ALIASES, required=OUTSIDE_REQUIRED, max_rows=max_rows)
    except SpreadsheetError as error:
        parsed.errors.append({"row": 0, "column": "", "message": str(error)})
        return parsed
    agencies = _Agencies()
    nibs = set()
    for _number, cells in table.rows:
        try:
            nibs.add(normalize_nib(table.value(cells, "nib")))
        except (ValidationError, TypeError, ValueError):
            pass
    registered = _suppliers_by_nib(nibs)
    parsed.total_rows = len(table.rows)
    for number, cells in table.rows:
        problems: list[tuple[str, str]] = []
        agency = _agency(table, cells, agencies, problems)
        raw_code = table.value(cells, "kode_rup")
        code = str(int(raw_code)) if isinstance(raw_code, float) else str(raw_code or "").strip()
        if not code:
            problems.append(("kode_rup", _("Kode RUP kosong.")))
        elif not code.isdigit() or len(code) > 20:
            problems.append(("kode_rup", _("Kode RUP harus berupa angka (paling banyak 20 digit).")))
        channel = _CHANNELS.get(header_key(table.value(cells, "kanal") or ""))
        if channel is None:
            problems.append(("kanal", _("Cara pengadaan tidak dikenal. Isi Tender, Pengadaan Langsung, Toko Daring, "
                                        "Katalog Nasional atau Lainnya.")))
        value = _money(table, cells, "nilai", _("Nilai realisasi"), problems)
        nib = ""
        raw_nib = table.value(cells, "nib")
        if raw_nib not in (None, ""):
            try:
                nib = normalize_nib(str(int(raw_nib)) if isinstance(raw_nib, float) else raw_nib)
            except ValidationError as error:
                problems.append(("nib", " ".join(error.messages)))
        raw_scale = table.value(cells, "skala")
        scale = _SCALES.get(header_key(raw_scale or ""))
        coop_flag = _flag(table.value(cells, "koperasi"))
        if coop_flag is None:
            problems.append(("koperasi", _("Isi kolom Koperasi dengan Ya atau Tidak.")))
        if raw_scale not in (None, "") and scale is None:
            problems.append(("skala", _("Skala usaha tidak dikenal. Isi Mikro, Kecil, Menengah atau Besar.")))
        elif scale is None and nib in registered:
            scale = registered[nib][0]
            coop_flag = bool(coop_flag) or registered[nib][1]
        elif scale is None:
            problems.append(("skala", _("Skala usaha penyedia kosong dan NIB-nya tidak terdaftar di katalog ini. "
                                        "Isi Mikro, Kecil, Menengah atau Besar.")))
        origin = header_key(table.value(cells, "asal") or "")
        if origin in _DOMESTIC:
            is_domestic = True
        elif origin in _IMPORTED:
            is_domestic = False
        else:
            is_domestic = None
            problems.append(("asal", _("Isi kolom Asal produk dengan Dalam negeri atau Impor.")))
        year_problem = _year_problem(table, cells, year)
        if year_problem:
            problems.append(("tahun", year_problem))
        for column, message in problems:
            parsed.errors.append({"row": number, "column": column, "message": str(message)})
        if not problems:
            parsed.rows.append(OutsideRow(
                row=number, agency=agency, rup_code=code, channel=channel,
                name=str(table.value(cells, "nama_paket") or "").strip()[:500], value=value, nib=nib, scale=scale,
                is_cooperative=bool(coop_flag), is_domestic=is_domestic))
    return parsed
