"""Every monitoring table as an Excel workbook (openpyxl), built from the same selectors as the page.

Money cells hold whole rupiah (int) shown with thousands separators; shares hold the same one-decimal
percentage the page shows (Decimal), so a workbook and its page always agree.
"""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from katalog.core.spreadsheets_write import append_row

from .states import MONTHS, Rag

MONEY = "#,##0"
PERCENT = "0.0"


def _rag(value: str) -> str:
    return str(Rag(value).label)


class _Book:
    def __init__(self, title: str):
        self.book = Workbook()
        self.book.remove(self.book.active)
        self.title = title

    def sheet(self, name: str, header: list[str], rows, money: set[int] = frozenset(), percent: set[int] = frozenset(),
              note: str = ""):
        sheet = self.book.create_sheet(name[:31])
        append_row(sheet, [self.title])
        sheet["A1"].font = Font(bold=True)
        append_row(sheet, [note or _("Dibuat %(at)s") % {"at": timezone.localtime().strftime("%d-%m-%Y %H:%M")}])
        append_row(sheet, header)
        for cell in sheet[3]:
            cell.font = Font(bold=True)
        for row in rows:
            append_row(sheet, list(row))
            current = sheet.max_row
            for index in money:
                sheet.cell(row=current, column=index + 1).number_format = MONEY
            for index in percent:
                sheet.cell(row=current, column=index + 1).number_format = PERCENT
        for column, width in zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", [12, 40] + [18] * 24):
            sheet.column_dimensions[column].width = width
        return sheet

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.book.save(buffer)
        return buffer.getvalue()


# The header row is the third row of each sheet (title, note, header), data from the fourth.
HEADER_ROW = 3


def _totals_rows(figures) -> list[tuple]:
    return [
        (_("Rencana (pagu RUP)"), figures.planned),
        (_("Realisasi"), figures.realised),
        (_("DPP barang kena PPN dalam realisasi"), figures.dpp),
        (_("PPN dalam realisasi"), figures.ppn),
        (_("Realisasi terhadap rencana (%)"), figures.realisation_share),
        (_("Anggaran belanja barang/jasa"), figures.budget if figures.has_budget else _("belum diimpor")),
        (_("Ke UMK dan koperasi, semua kanal (OPD beranggaran)"), figures.budget_umk),
        (_("Porsi UMK terhadap anggaran (%)"), figures.budget_share),
        (_("Status target UMK terhadap anggaran"), _rag(figures.rag_budget)),
        (_("Belanja di luar katalog"), figures.outside),
        (_("Belanja di luar katalog ke UMK dan koperasi"), figures.outside_umk),
        (_("Ke usaha mikro, kecil dan koperasi (katalog)"), figures.umk),
        (_("Porsi UMK dari belanja katalog (%)"), figures.umk_share),
        (_("Status target UMK (katalog)"), _rag(figures.rag_umk)),
        (_("Nilai barang"), figures.goods),
        (_("Produk dalam negeri"), figures.domestic),
        (_("Porsi produk dalam negeri (%)"), figures.domestic_share),
        (_("Status target PDN"), _rag(figures.rag_domestic)),
        (_("Ke penyedia lokal"), figures.local),
        (_("Porsi penyedia lokal (%)"), figures.local_share),
        (_("Status target lokal"), _rag(figures.rag_local)),
        (_("Pesanan"), figures.orders),
    ]


OPD_HEADER = ["#", "OPD", "Kode", "Rencana", "Realisasi", "% rencana", "Ke UMK", "Porsi UMK katalog (%)",
              "Status UMK katalog", "Nilai barang", "Produk dalam negeri", "Porsi PDN (%)", "Status PDN",
              "Ke penyedia lokal", "Porsi lokal (%)", "Status lokal", "Pesanan", "Anggaran barang/jasa",
              "Di luar katalog", "UMK semua kanal", "Porsi UMK thd anggaran (%)", "Status UMK thd anggaran"]


def _opd_row(row) -> list:
    return [row.rank, row.agency.name, row.agency.code, row.planned, row.realised, row.realisation_share, row.umk,
            row.umk_share, _rag(row.rag_umk), row.goods, row.domestic, row.domestic_share, _rag(row.rag_domestic),
            row.local, row.local_share, _rag(row.rag_local), row.orders, row.budget, row.outside, row.umk_all,
            row.budget_share, _rag(row.rag_budget)]


def _months(book: _Book, months) -> None:
    book.sheet(_("Bulanan"), [_("Bulan"), _("Realisasi"), _("Ke UMK"), _("Ke penyedia lokal"), _("Porsi UMK (%)"),
                              _("Pesanan")],
               ([str(MONTHS[m.month]), m.realised, m.umk, m.local, m.umk_share, m.orders] for m in months),
               money={1, 2, 3}, percent={4})


def _tiers(book: _Book, figures) -> None:
    book.sheet(_("TKDN"), [_("Tingkat"), _("Nilai barang"), _("Porsi (%)")],
               ([str(label), value, share] for _key, label, value, share in figures.tier_rows),
               money={1}, percent={2})


def dashboard_workbook(board) -> bytes:
    t = board.targets
    book = _Book(_("Pemantauan belanja lokal tahun anggaran %(year)s") % {"year": board.year})
    book.sheet(_("Kabupaten"), [_("Angka"), _("Nilai")], _totals_rows(board.total),
               note=_("Target: UMK %(u)s%%, PDN %(d)s%%, lokal %(l)s%%") % {"u": t.umk, "d": t.domestic, "l": t.local})
    book.sheet(_("OPD"), OPD_HEADER, (_opd_row(r) for r in board.rows), money={3, 4, 6, 9, 10, 13, 17, 18, 19},
               percent={5, 7, 11, 14, 20})
    _tiers(book, board.total)
    _months(book, board.months)
    return book.bytes()


def agency_workbook(row, months, packages) -> bytes:
    book = _Book(f"{row.agency.name} — {row.targets.year}")
    book.sheet(_("Ringkasan"), [_("Angka"), _("Nilai")], _totals_rows(row))
    _tiers(book, row)
    _months(book, months)
    book.sheet(_("RUP"), [_("Kode RUP"), _("Nama paket"), _("Metode"), "PDN", "UMK", _("Pagu")],
               ([p.rup_code, p.name, p.method, p.is_pdn, p.is_umk, p.pagu] for p in packages), money={5})
    return book.bytes()


def orders_workbook(qs, context: dict) -> bytes:
    title = _("Pesanan di balik angka: %(m)s, %(y)s") % {"m": context["measure_label"], "y": context["year"]}
    book = _Book(title)
    rows = ([o.number, timezone.localtime(o.created_at).strftime("%d-%m-%Y"), o.agency.name, o.supplier.name,
             o.supplier_scale, o.supplier_is_umk, o.supplier_is_local, o.get_status_display(), o.total, o.counted]
            for o in qs.iterator(chunk_size=2000))
    sheet = book.sheet(_("Pesanan"), [_("Nomor"), _("Tanggal"), "OPD", _("Penyedia"), _("Skala"), "UMK", _("Lokal"),
                                      _("Status"), _("Total pesanan"), _("Dihitung")], rows, money={8, 9})
    append_row(sheet, [_("Jumlah"), "", "", "", "", "", "", "", "", context["total"]])
    sheet.cell(row=sheet.max_row, column=10).number_format = MONEY
    return book.bytes()


def impact_workbook(impact, area_label: str) -> bytes:
    stages = impact.stages  # the readiness stages are today's state: only on the current year's workbook
    book = _Book(_("Dampak ekonomi lokal %(y)s") % {"y": impact.year})
    header = [_("Kode"), area_label, _("Realisasi"), _("Ke UMK"), _("Porsi UMK (%)"), _("Pesanan"),
              _("Penyedia dibayar"), _("UMKM aktif"), _("UMKM aktif yang menjual")] + [str(l) for _k, l in stages]
    rows = [[r.code, r.name, r.realised, r.umk, r.umk_share, r.orders, r.suppliers_paid, r.active_umkm, r.umkm_sold]
            + [r.funnel.get(key, 0) for key, _l in stages] for r in [*impact.rows, impact.total]]
    book.sheet(_("Wilayah"), header, rows, money={2, 3}, percent={4})
    return book.bytes()


def demand_workbook(rows, opportunities, uncategorised=()) -> bytes:
    book = _Book(_("Kebutuhan tanpa pemasok UMKM lokal"))
    book.sheet(_("Kategori"), [_("Kategori"), _("Belanja"), _("Rencana (RUP)"), _("Dipertaruhkan"),
                               _("Penyedia lokal"), _("UMKM lokal"), _("Potensi")],
               ([r.path, r.spent, r.planned, r.at_stake, r.local_suppliers, r.local_umkm,
                 "; ".join(f"{p.district.name} ({p.description})" for p in r.potentials)] for r in rows),
               money={1, 2, 3})
    book.sheet(_("Kembangkan"), [_("Kecamatan"), _("Potensi"), _("Kategori"), _("Dipertaruhkan")],
               ([o.district.name, o.potential.description, o.row.path, o.row.at_stake] for o in opportunities),
               money={3})
    book.sheet(_("Belum berkategori"), [_("Kode RUP"), "OPD", _("Nama paket"), _("Pagu")],
               ([p.rup_code, p.agency.name, p.name, p.pagu] for p in uncategorised), money={3})
    return book.bytes()


def flags_workbook(qs) -> bytes:
    book = _Book(_("Tanda integritas"))
    book.sheet(_("Tanda"), [_("Nomor"), _("Jenis"), _("Terdeteksi"), _("Status"), _("Alasan"), _("Nilai"),
                            "OPD", _("Penyedia"), _("Hasil penelaahan"), _("Catatan penelaahan")],
               ([f.pk, f.get_kind_display(), timezone.localtime(f.detected_at).strftime("%d-%m-%Y"),
                 f.get_status_display(), f.reason, f.amount, f.agency.name if f.agency else "",
                 f.supplier.name if f.supplier else "", f.get_outcome_display() if f.outcome else "",
                 f.review_note] for f in qs),
               money={5})
    return book.bytes()


def public_workbook(board, places) -> bytes:
    book = _Book(_("Belanja lokal pemerintah daerah %(y)s") % {"y": board.year})
    book.sheet(_("Kabupaten"), [_("Angka"), _("Nilai")],
               [r for r in _totals_rows(board.total) if r[0] not in (_("Rencana (pagu RUP)"),)])
    book.sheet(_("OPD"), ["#", "OPD", _("Realisasi"), _("Porsi UMK katalog (%)"), _("Porsi PDN (%)"),
                          _("Porsi lokal (%)"), _("Porsi UMK thd anggaran (%)")],
               ([r.rank, r.agency.name, r.realised, r.umk_share, r.domestic_share, r.local_share, r.budget_share]
                for r in board.rows if r.has_spend or r.has_budget), money={2}, percent={3, 4, 5, 6})
    _months(book, board.months)
    book.sheet(_("Kecamatan"), [_("Kecamatan"), _("Realisasi"), _("Porsi UMK (%)"), _("UMKM aktif")],
               ([r.name, r.realised, r.umk_share, r.active_umkm] for r in places.rows), money={1}, percent={2})
    return book.bytes()
