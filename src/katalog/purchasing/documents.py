"""The Surat Pesanan and the BAST as PDF letters of the Pemkab (reportlab).

A letter is built only from its OrderDocument record: `data` (frozen when the letter is issued,
by `surat_pesanan_data` / `bast_data`) plus the signatures on the record. reportlab runs in
invariant mode (fixed creation date and file id), so the same record gives the same bytes,
today or in five years' audit.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone

from katalog.core.money import format_rupiah, terbilang, terbilang_rupiah
from katalog.core.rules import order_fiscal_year

from . import rules
from katalog.regions.models import Regency

BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
         "November", "Desember")
HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
_ZONES = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


def tanggal(day: date) -> str:
    """17 Maret 2026."""
    return f"{day.day} {BULAN[day.month - 1]} {day.year}"


def tanggal_terbilang(day: date) -> str:
    """The opening of a berita acara: 'Selasa tanggal tujuh belas bulan Maret tahun dua ribu dua puluh enam'."""
    return (f"{HARI[day.weekday()]} tanggal {terbilang(day.day)} bulan {BULAN[day.month - 1]} "
            f"tahun {terbilang(day.year)}")


def waktu(moment: datetime) -> str:
    """26 November 2026 pukul 10.15 WIB (local time of the installation)."""
    local = timezone.localtime(moment)
    zone = _ZONES.get(settings.TIME_ZONE, local.tzname() or "")
    return f"{tanggal(local.date())} pukul {local:%H.%M} {zone}".strip()


# --- what a letter says (frozen at issue) ------------------------------------------------


def _region_name() -> str:
    regency = Regency.objects.filter(code=settings.KATALOG_REGION).first()
    return regency.name if regency else settings.KATALOG_REGION


def _person(user) -> dict:
    if user is None:
        return {"name": "", "nip": ""}
    return {"name": user.full_name or user.get_username(), "nip": user.nip or ""}


def _common(order, number: str, issued_on: date) -> dict:
    agency, supplier = order.agency, order.supplier
    return {
        "number": number,
        "issued_on": issued_on.isoformat(),
        "city": rules.rule("letter_city"),
        "region": _region_name(),
        "agency": {"name": agency.name, "address": agency.address, "code": agency.code},
        "order": {
            "number": order.number, "rup_code": order.rup_code, "funding_source": order.funding_source,
            "delivery_address": order.delivery_address, "payment_terms": order.payment_terms,
            "requested_date": order.requested_date.isoformat() if order.requested_date else None,
            "fiscal_year": order_fiscal_year(order),
        },
        "ppk": _person(order.ppk),
        "supplier": {"name": supplier.name, "owner_name": supplier.owner_name, "address": supplier.address,
                     "nib": supplier.nib or "", "npwp": supplier.npwp or "", "is_pkp": supplier.is_pkp,
                     "district": supplier.district.name},
        "lines": [
            {"name": l.name, "quantity": l.quantity, "unit": l.unit, "unit_price": l.unit_price,
             "subtotal": l.subtotal, "ppn_percent": l.ppn_percent, "dpp": l.dpp, "ppn": l.ppn,
             "dpp_factor": f"{l.dpp_numerator}/{l.dpp_denominator}"}
            for l in order.lines.all()
        ],
        "subtotal": order.subtotal, "dpp": sum(l.dpp for l in order.lines.all()), "ppn": order.ppn,
        "shipping_cost": order.shipping_cost, "total": order.total,
    }


def surat_pesanan_data(order, number: str, issued_on: date) -> dict:
    return {"kind": "sp", **_common(order, number, issued_on)}


def bast_data(order, number: str, issued_on: date) -> dict:
    sp = order.documents.filter(kind="sp").first()
    data = {"kind": "bast", **_common(order, number, issued_on)}
    data["surat_pesanan"] = {"number": sp.number, "issued_on": sp.issued_on.isoformat()} if sp else None
    data["deliveries"] = [
        {"number": d.number, "shipped_on": d.shipped_on.isoformat(),
         "received_on": d.received_on.isoformat() if d.received_on else None}
        for d in order.deliveries.all()
    ]
    data["goods_check_note"] = order.goods_check_note
    return data


# --- drawing --------------------------------------------------------------------------


@dataclass
class Rendered:
    pdf: bytes
    filename: str
    lines: list[str] = field(default_factory=list)  # the text put on the page, in order (for checks)


class _Letter:
    """Collects flowables and the plain text they carry."""

    def __init__(self):
        # reportlab loads with the first letter, not in every process (about 0.3 s at start-up).
        from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
        from reportlab.lib.styles import ParagraphStyle

        self.flow, self.text = [], []
        base = ParagraphStyle("base", fontName="Times-Roman", fontSize=11, leading=14)
        self.styles = {
            "body": ParagraphStyle("body", parent=base, alignment=TA_JUSTIFY, spaceAfter=4),
            "small": ParagraphStyle("small", parent=base, fontSize=9, leading=11),
            "cell": ParagraphStyle("cell", parent=base, fontSize=10, leading=12),
            "kop1": ParagraphStyle("kop1", parent=base, fontName="Times-Bold", fontSize=14, leading=17,
                                   alignment=TA_CENTER),
            "kop2": ParagraphStyle("kop2", parent=base, fontName="Times-Bold", fontSize=16, leading=19,
                                   alignment=TA_CENTER),
            "kop3": ParagraphStyle("kop3", parent=base, fontSize=9, leading=11, alignment=TA_CENTER),
            "title": ParagraphStyle("title", parent=base, fontName="Times-Bold", fontSize=13, leading=16,
                                    alignment=TA_CENTER, spaceBefore=8),
            "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER),
        }

    def para(self, text: str, style: str = "body", bold: bool = False):
        paragraph = self.cell(text, style, bold)
        self.flow.append(paragraph)
        return paragraph

    def cell(self, text: str, style: str = "cell", bold: bool = False):
        # reportlab loads with the first letter, not in every process (about 0.3 s at start-up).
        from reportlab.platypus import Paragraph

        self.text.append(text)
        markup = f"<b>{escape(text)}</b>" if bold else escape(text)
        return Paragraph(markup, self.styles[style])

    def space(self, height_mm: float):
        # reportlab loads with the first letter, not in every process (about 0.3 s at start-up).
        from reportlab.lib.units import mm
        from reportlab.platypus import Spacer

        self.flow.append(Spacer(1, height_mm * mm))


def _kop(letter: _Letter, data: dict) -> None:
    # reportlab loads with the first letter, not in every process (about 0.3 s at start-up).
    from reportlab.lib import colors
    from reportlab.platypus import HRFlowable

    letter.para(f"PEMERINTAH {data['region'].upper()}", "kop1")
    letter.para(data["agency"]["name"].upper(), "kop2")
    if data["agency"]["address"]:
        letter.para(data["agency"]["address"], "kop3")
    letter.flow.append(HRFlowable(width="100%", thickness=2.2, color=colors.black, spaceBefore=4, spaceAfter=1))
    letter.flow.append(HRFlowable(width="100%", thickness=0.6, color=colors.black, spaceAfter=6))


def _facts(letter: _Letter, rows: list[tuple[str, str]]) -> None:
    # reportlab loads with the first letter, not in every process (about 0.3 s at start-up).
    from reportlab.lib.units import mm
    from reportlab.platypus import Table, TableStyle

    table = Table([[letter.cell(k), letter.cell(":"), letter.cell(v)] for k, v in rows],
                  colWidths=[45 * mm, 4 * mm, 116 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    letter.flow.append(table)


def _items(letter: _Letter, data: dict) -> None:
    # reportlab loads with the first letter, not in every process (about 0.3 s at start-up).
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Table, TableStyle

    right = ParagraphStyle("right", parent=letter.styles["cell"], alignment=TA_RIGHT)

    def num(text: str, bold: bool = False):
        letter.text.append(text)
        return Paragraph(f"<b>{escape(text)}</b>" if bold else escape(text), right)

    # Letters frozen before DPP was recorded per line show no DPP/PPN columns (their data never had them).
    with_tax = all("dpp" in line for line in data["lines"])
    head = [letter.cell(h, bold=True) for h in ("No", "Nama barang/jasa", "Jumlah", "Harga satuan")]
    head.append(letter.cell("Jumlah harga", bold=True))
    if with_tax:
        head += [letter.cell("DPP", bold=True), letter.cell("PPN", bold=True)]
    rows = [head]
    for i, line in enumerate(data["lines"], start=1):
        row = [
            letter.cell(str(i)), letter.cell(line["name"]), num(f"{line['quantity']} {line['unit']}"),
            num(format_rupiah(line["unit_price"])), num(format_rupiah(line["subtotal"])),
        ]
        if with_tax:
            row += [num(format_rupiah(line["dpp"])), num(format_rupiah(line["ppn"]))]
        rows.append(row)
    totals = [("Jumlah", data["subtotal"])]
    if with_tax and "dpp" in data:
        totals.append(("Dasar pengenaan pajak (DPP)", data["dpp"]))
    totals.append(("PPN", data["ppn"]))
    if data["shipping_cost"]:
        totals.append(("Ongkos kirim", data["shipping_cost"]))
    totals.append(("Total", data["total"]))
    first_total = len(rows)
    last = len(head) - 1
    for label, amount in totals:
        bold = label == "Total"
        row = ["", letter.cell(label, bold=bold)] + [""] * (last - 2) + [num(format_rupiah(amount), bold)]
        rows.append(row)
    widths = ([8 * mm, 48 * mm, 18 * mm, 23 * mm, 25 * mm, 25 * mm, 23 * mm] if with_tax
              else [10 * mm, 69 * mm, 24 * mm, 31 * mm, 31 * mm])
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    style = [
        ("GRID", (0, 0), (-1, first_total - 1), 0.5, colors.black),
        ("BOX", (0, first_total), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    for r in range(first_total, len(rows)):
        style.append(("SPAN", (1, r), (last - 1, r)))
    table.setStyle(TableStyle(style))
    letter.flow.append(table)
    letter.space(2)
    letter.para(f"Terbilang: {terbilang_rupiah(data['total'])}", "body", bold=True)


def _signatures(letter: _Letter, blocks: list[dict]) -> None:
    """Two signature blocks side by side: heading, role, space or e-sign note, name, NIP."""
    # reportlab loads with the first letter, not in every process (about 0.3 s at start-up).
    from reportlab.lib.units import mm
    from reportlab.platypus import Table, TableStyle

    columns = []
    for block in blocks:
        cells = [letter.cell(t, "center") for t in block["heading"]]
        if block["signed_at"]:
            cells.append(letter.cell(f"Ditandatangani secara elektronik pada {block['signed_at']}", "small"))
        else:
            cells.append(letter.cell(" ", "center"))
            cells.append(letter.cell(" ", "center"))
            cells.append(letter.cell(" ", "center"))
        cells.append(letter.cell(block["name"], "center", bold=True))
        if block.get("nip"):
            cells.append(letter.cell(f"NIP. {block['nip']}", "center"))
        columns.append(cells)
    height = max(len(c) for c in columns)
    for c in columns:
        c += [""] * (height - len(c))
    table = Table([list(row) for row in zip(*columns)], colWidths=[82 * mm, 82 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 1),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    letter.flow.append(table)


def _signed(moment) -> str:
    return waktu(moment) if moment else ""


def _build(letter: _Letter, title: str, number: str) -> bytes:
    # reportlab loads with the first letter, not in every process (about 0.3 s at start-up).
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=15 * mm, bottomMargin=18 * mm,
        title=f"{title} {number}", author="Katalog Lokal", creator="Katalog Lokal", subject=title,
        invariant=1, lang="id",
    )

    def footer(canvas, doc_):
        canvas.saveState()
        canvas.setFont("Times-Roman", 8)
        canvas.drawString(20 * mm, 10 * mm, f"{title} {number} - halaman {doc_.page}")
        canvas.restoreState()

    doc.build(letter.flow, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def render(document) -> Rendered:
    """The PDF of an OrderDocument, from the record only."""
    if document.kind == "sp":
        return _render_surat_pesanan(document)
    return _render_bast(document)


def _filename(prefix: str, number: str) -> str:
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in number)
    return f"{prefix}-{safe}.pdf"


def _render_surat_pesanan(document) -> Rendered:
    data = document.data
    issued_on = date.fromisoformat(data["issued_on"])
    letter = _Letter()
    _kop(letter, data)
    letter.para("SURAT PESANAN", "title")
    letter.para(f"Nomor: {data['number']}", "center")
    letter.space(4)
    letter.para("Yang bertanda tangan di bawah ini:")
    _facts(letter, [
        ("Nama", data["ppk"]["name"]), ("NIP", data["ppk"]["nip"] or "-"),
        ("Jabatan", "Pejabat Pembuat Komitmen"), ("Satuan kerja", data["agency"]["name"]),
    ])
    letter.para("selanjutnya disebut Pejabat Pembuat Komitmen, dengan ini memesan kepada:")
    _facts(letter, [
        ("Nama penyedia", data["supplier"]["name"]), ("Nama pemilik/wakil", data["supplier"]["owner_name"]),
        ("Alamat", data["supplier"]["address"] or data["supplier"]["district"]),
        ("NIB", data["supplier"]["nib"] or "-"), ("NPWP", data["supplier"].get("npwp") or "-"),
    ])
    letter.para("selanjutnya disebut Penyedia, barang/jasa melalui katalog elektronik sebagai berikut:")
    letter.space(1)
    _items(letter, data)
    letter.space(2)
    order = data["order"]
    requested = tanggal(date.fromisoformat(order["requested_date"])) if order["requested_date"] else "-"
    _facts(letter, [
        ("Nomor pesanan", order["number"]), ("Kode RUP", order["rup_code"] or "-"),
        ("Sumber dana / kode rekening", order["funding_source"] or "-"),
        ("Tahun Anggaran", str(order["fiscal_year"])), ("Alamat pengiriman", order["delivery_address"] or "-"),
        ("Tanggal diminta tiba", requested), ("Syarat pembayaran", order["payment_terms"] or "Sekaligus setelah BAST"),
    ])
    letter.para("Penyedia wajib mengirimkan barang/jasa sesuai jumlah, spesifikasi dan waktu di atas. "
                "Pembayaran dilakukan setelah Berita Acara Serah Terima ditandatangani kedua pihak.")
    letter.space(3)
    letter.para(f"{data['city']}, {tanggal(issued_on)}", "body")
    letter.space(2)
    _signatures(letter, [
        {"heading": ["Untuk dan atas nama", data["supplier"]["name"], "Penyedia"],
         "signed_at": _signed(document.supplier_signed_at), "name": data["supplier"]["owner_name"]},
        {"heading": ["Untuk dan atas nama", data["agency"]["name"], "Pejabat Pembuat Komitmen"],
         "signed_at": _signed(document.ppk_signed_at), "name": data["ppk"]["name"], "nip": data["ppk"]["nip"]},
    ])
    pdf = _build(letter, "Surat Pesanan", data["number"])
    return Rendered(pdf=pdf, filename=_filename("surat-pesanan", data["order"]["number"]), lines=letter.text)


def _render_bast(document) -> Rendered:
    data = document.data
    issued_on = date.fromisoformat(data["issued_on"])
    letter = _Letter()
    _kop(letter, data)
    letter.para("BERITA ACARA SERAH TERIMA BARANG/JASA", "title")
    letter.para(f"Nomor: {data['number']}", "center")
    letter.space(4)
    letter.para(f"Pada hari ini {tanggal_terbilang(issued_on)} ({tanggal(issued_on)}), "
                "kami yang bertanda tangan di bawah ini:")
    _facts(letter, [
        ("1. Nama", data["supplier"]["owner_name"]), ("Jabatan", f"Penyedia, {data['supplier']['name']}"),
        ("Alamat", data["supplier"]["address"] or data["supplier"]["district"]),
    ])
    letter.para("selanjutnya disebut PIHAK PERTAMA (yang menyerahkan);")
    _facts(letter, [
        ("2. Nama", data["ppk"]["name"]), ("NIP", data["ppk"]["nip"] or "-"),
        ("Jabatan", f"Pejabat Pembuat Komitmen, {data['agency']['name']}"),
    ])
    letter.para("selanjutnya disebut PIHAK KEDUA (yang menerima).")
    sp = data.get("surat_pesanan") or {}
    # Never "berdasarkan Surat Pesanan" without its number: an order recorded without a letter (imports,
    # older records) is named by its order number only.
    if sp and sp.get("number"):
        basis = (f"Surat Pesanan Nomor {sp['number']} tanggal {tanggal(date.fromisoformat(sp['issued_on']))} "
                 f"(nomor pesanan {data['order']['number']})")
    else:
        basis = f"pesanan elektronik nomor {data['order']['number']}"
    letter.para(f"Kode RUP {data['order']['rup_code'] or '-'}, Tahun Anggaran {data['order']['fiscal_year']}.")
    letter.para(f"PIHAK PERTAMA telah menyerahkan kepada PIHAK KEDUA, dan PIHAK KEDUA telah menerima dari PIHAK "
                f"PERTAMA, barang/jasa berdasarkan {basis} dengan rincian:")
    letter.space(1)
    _items(letter, data)
    letter.space(2)
    deliveries = "; ".join(
        f"pengiriman {d['number']}: dikirim {tanggal(date.fromisoformat(d['shipped_on']))}"
        + (f", diterima {tanggal(date.fromisoformat(d['received_on']))}" if d["received_on"] else "")
        for d in data.get("deliveries", [])
    )
    if deliveries:
        letter.para(f"Riwayat pengiriman: {deliveries}.")
    letter.para(f"Hasil pemeriksaan barang oleh PIHAK KEDUA: {data.get('goods_check_note') or '-'}")
    letter.para("Dengan ditandatanganinya berita acara ini, barang/jasa tersebut menjadi tanggung jawab PIHAK KEDUA "
                "dan pembayaran dapat diproses sesuai ketentuan.")
    letter.space(3)
    letter.para(f"{data['city']}, {tanggal(issued_on)}", "body")
    letter.space(2)
    _signatures(letter, [
        {"heading": ["PIHAK PERTAMA", "Yang menyerahkan,", data["supplier"]["name"]],
         "signed_at": _signed(document.supplier_signed_at), "name": data["supplier"]["owner_name"]},
        {"heading": ["PIHAK KEDUA", "Yang menerima,", "Pejabat Pembuat Komitmen"],
         "signed_at": _signed(document.ppk_signed_at), "name": data["ppk"]["name"], "nip": data["ppk"]["nip"]},
    ])
    pdf = _build(letter, "Berita Acara Serah Terima", data["number"])
    return Rendered(pdf=pdf, filename=_filename("bast", data["order"]["number"]), lines=letter.text)
