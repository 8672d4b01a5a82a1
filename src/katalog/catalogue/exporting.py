"""Spreadsheets out of the catalogue: the whole catalogue, the national e-Katalog v6 upload, the import template.

The national layout follows the product fields of e-Katalog v6 listed in
docs/domain-notes.md ("The national e-Katalog v6, as a reference"): 3-level category,
name, photos, description, KBKI, the PDN block, SNI, TKDN, brand, PPN,
variants, minimum purchase, price, wholesale and regional prices, stock, unit,
pre-order, weight and dimensions, attachments. Fields this catalogue does not
hold (labour, raw materials, weight, dimensions, regional price) are left
blank for the officer to complete before uploading.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from katalog.core.spreadsheets_write import append_row

from .importing import COLUMNS, header_aliases_for
from .models import Product
from katalog.regions.selectors import home_regency

HEADER_FILL = PatternFill("solid", fgColor="006847")
HEADER_FONT = Font(bold=True, color="FFFFFF")
REQUIRED_FILL = PatternFill("solid", fgColor="F4B400")


def _percent_or_blank(value):
    """A TKDN cell: the number, or empty when the product has no TKDN value (never 0: that would state one)."""
    return "" if value is None else float(value)


def _category_path(category) -> list[str]:
    names, node = [], category
    while node is not None:
        names.append(node.name)
        node = node.parent
    names.reverse()
    return (names + ["", "", ""])[:3]


def _yes(value: bool) -> str:
    return "Ya" if value else "Tidak"


def _save(workbook: Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _header(sheet, headers: list[str], widths: dict[int, int] | None = None) -> None:
    append_row(sheet, headers)
    for i, _title in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=i)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(i)].width = (widths or {}).get(i, max(12, min(40, len(_title) + 4)))
    sheet.freeze_panes = "A2"


def _products(products: Iterable[Product]):
    if hasattr(products, "select_related"):
        products = (products.select_related("supplier", "supplier__district", "category__parent__parent",
                                            "production_district")
                    .prefetch_related("price_tiers", "photos").order_by("id"))
    return products


CATALOGUE_HEADERS = [
    "id", "nama", "deskripsi", "kategori", "kode_kbki", "satuan", "harga", "harga_grosir", "stok", "min_pesan",
    "waktu_kirim_hari", "tkdn", "bmp", "asal", "kecamatan_produksi", "merek", "sni", "halal", "ppn", "ppnbm",
    "siinas", "ppn_per_satuan", "status",
    "penyedia", "nib_penyedia", "skala_usaha", "kecamatan_penyedia", "tayang_sejak", "status_nasional",
]


def catalogue_workbook(products) -> bytes:
    """The catalogue as one sheet; the first columns read back through the importer unchanged."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Katalog"
    _header(sheet, CATALOGUE_HEADERS)
    for p in _products(products):
        path = [n for n in _category_path(p.category) if n]
        append_row(sheet, [
            p.pk, p.name, p.description, " > ".join(path), p.category.kbki_id or "", p.unit, p.price,
            "; ".join(f"{t.min_quantity}:{t.price}" for t in p.price_tiers.all()), p.stock, p.min_order,
            p.lead_time_days, _percent_or_blank(p.tkdn), float(p.bmp), p.origin,
            p.production_district.name if p.production_district_id else "", p.brand, _yes(p.has_sni),
            _yes(p.is_halal), p.ppn_percent if p.charges_ppn else 0, _yes(p.ppnbm), _yes(p.siinas_registered),
            p.tax_for(p.price).ppn,
            p.get_status_display(), p.supplier.name, p.supplier.nib or "",
            p.supplier.get_scale_display(), p.supplier.district.name,
            timezone.localtime(p.published_at).strftime("%Y-%m-%d") if p.published_at else "",
            p.get_national_listing_display(),
        ])
    return _save(workbook)


# (header, how to fill it) for the national e-Katalog v6 bulk upload.
V6_HEADERS = [
    "Kategori Level 1", "Kategori Level 2", "Kategori Level 3", "Nama Produk", "Deskripsi Produk", "Kode KBKI",
    "Asal Produk (PDN/Impor)", "Lokasi Produksi (Kabupaten/Kota)", "Lokasi Produksi (Kecamatan)",
    "Tenaga Kerja (PDN)", "Bahan Baku (PDN)", "SNI (Ya/Tidak)", "Nilai TKDN (%)", "Nilai BMP (%)", "Merek",
    "PPN (%)", "Varian", "Minimal Pembelian", "Harga Satuan (Rp)", "Harga Grosir (jumlah:harga; ...)",
    "Harga Zonasi", "Stok", "Satuan", "Pre-Order (Ya/Tidak)", "Waktu Pengiriman (hari)", "Berat (gram)",
    "Panjang (cm)", "Lebar (cm)", "Tinggi (cm)", "Foto 1", "Foto 2", "Foto 3", "Foto 4", "Foto 5", "Lampiran",
    "Halal (Ya/Tidak)", "Nama Penyedia", "NIB Penyedia", "Skala Usaha", "ID Katalog Lokal", "Status Tayang Nasional",
]


def national_workbook(products, *, photo_url=lambda photo: "") -> bytes:
    """Selected products in the e-Katalog v6 bulk-upload layout (one row per product)."""
    regency = home_regency().name
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Produk"
    _header(sheet, V6_HEADERS)
    for p in _products(products):
        photos = [photo_url(ph) for ph in list(p.photos.all())[:5]]
        photos += [""] * (5 - len(photos))
        level1, level2, level3 = _category_path(p.category)
        append_row(sheet, [
            level1, level2, level3, p.name, p.description, p.category.kbki_id or "",
            "PDN" if p.origin == "lokal" else "Impor", regency if p.origin == "lokal" else "",
            p.production_district.name if p.production_district_id else "", "", "", _yes(p.has_sni),
            _percent_or_blank(p.tkdn), float(p.bmp), p.brand, p.ppn_percent if p.charges_ppn else 0, "", p.min_order, p.price,
            "; ".join(f"{t.min_quantity}:{t.price}" for t in p.price_tiers.all()), "", p.stock, p.unit, "Tidak",
            p.lead_time_days, "", "", "", "", *photos, "", _yes(p.is_halal), p.supplier.name, p.supplier.nib or "",
            p.supplier.get_scale_display(), p.pk, p.get_national_listing_display(),
        ])
    notes = workbook.create_sheet("Petunjuk")
    for line in (
        "Berkas unggah massal produk untuk e-Katalog nasional (katalog.inaproc.id), versi 6.",
        "Kolom mengikuti daftar isian produk e-Katalog v6: kategori 3 tingkat, nama, foto (1-5), deskripsi, KBKI,",
        "blok PDN (asal, lokasi produksi, tenaga kerja, bahan baku), SNI, TKDN, merek, PPN, varian, minimal",
        "pembelian, harga, harga grosir, harga zonasi, stok, satuan, pre-order, berat dan dimensi, lampiran.",
        "Kolom kosong (tenaga kerja, bahan baku, berat, dimensi, harga zonasi) belum ada di Katalog Lokal:",
        "lengkapi sebelum diunggah, dan cocokkan urutan kolom dengan templat resmi LKPP yang berlaku.",
        "Kode KBKI di Katalog Lokal memakai edisi KBKI 2012/2013 (BPS); periksa padanannya di KBKI 2015.",
        f"Dibuat {timezone.localtime():%Y-%m-%d %H:%M} oleh Katalog Lokal.",
    ):
        append_row(notes, [line])
    notes.column_dimensions["A"].width = 110
    return _save(workbook)


def import_template() -> bytes:
    """docs/import-template.xlsx: the headers, one example row, and a sheet of instructions."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Produk"
    headers = [name for name, _required, _help in COLUMNS]
    _header(sheet, headers, {1: 40, 2: 50, 3: 28})
    for i, (name, required, help_text) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=i)
        if required:
            cell.fill, cell.font = REQUIRED_FILL, Font(bold=True, color="3A2A00")
        cell.comment = Comment(("WAJIB. " if required else "") + str(help_text), "Katalog Lokal")
    append_row(sheet, ["Keripik Pisang Manis 250 gr",
                       "Keripik pisang kepok khas Lampung Utara, kemasan standing pouch.", "Keripik", "bungkus",
                       "Rp 18.000", 120, 10, 65, 0, "lokal", "Kotabumi", "Pisang Jaya", "tidak", "ya", 0, "tidak", "ya"])
    guide = workbook.create_sheet("Petunjuk")
    append_row(guide, ["kolom", "wajib", "isi", "judul lain yang juga dikenali"])
    for name, required, help_text in COLUMNS:
        append_row(guide, [name, "ya" if required else "", str(help_text), ", ".join(header_aliases_for(name))])
    for line in (
        "",
        "Baris judul boleh berbeda huruf besar/kecil dan spasinya; kolom lain diabaikan; baris kosong dilewati.",
        "Harga boleh ditulis 12500, 12.500 atau Rp 12.500,00 (rupiah bulat, tanpa sen).",
        "Setiap baris yang salah dilaporkan dengan nomor baris, kolom dan alasannya. Berkas yang memuat",
        "baris salah tidak diimpor sama sekali, kecuali Anda memilih mengimpor baris yang benar saja.",
        "Produk hasil impor menunggu verifikasi pengelola katalog seperti produk lain.",
    ):
        append_row(guide, [line])
    for column, width in zip("ABCD", (20, 8, 60, 60)):
        guide.column_dimensions[column].width = width
    return _save(workbook)

