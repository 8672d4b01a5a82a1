"""The leadership brief (PDF, reportlab): a one- or two-page summary a Sekda reads in a minute (the kabupaten's
headline figures and the OPD below the UMK target, worst first, with their gaps), then an annex: the full
ranking, the TKDN tiers, the monthly trend and one page per OPD.

Built from the same `figures.dashboard()` the screen shows, with the same formatting (rupiah, one-decimal
percentages), so a Sekda can hand it out and every number matches the dashboard. reportlab runs in
invariant mode, so the same figures give the same bytes. The standard PDF fonts carry Latin-1 only, so
"≥" is written ">=".
"""

from __future__ import annotations

import io

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from katalog.core.money import format_rupiah
from katalog.regions.selectors import home_regency

from . import shortfall
from .states import MONTHS, Rag
from .templatetags.monitoring_tags import pct, points


def _latin(text) -> str:
    return str(text).replace("≥", ">=").replace("›", ">").replace("–", "-").replace("—", "-")


def _rag(value: str) -> str:
    return _latin(Rag(value).label)


def summary_rows(figures) -> list[tuple[str, str]]:
    """(label, value as printed) for one OPD or the kabupaten: the brief's summary table."""
    return [
        (_("Rencana (pagu RUP)"), format_rupiah(figures.planned) if figures.packages else _("RUP belum diimpor")),
        (_("Realisasi"), format_rupiah(figures.realised)),
        (_("DPP dan PPN dalam realisasi"), _("DPP %(dpp)s, PPN %(ppn)s") % {
            "dpp": format_rupiah(figures.dpp), "ppn": format_rupiah(figures.ppn)}),
        (_("Realisasi terhadap rencana"), pct(figures.realisation_share)),
        (_("Anggaran belanja barang/jasa"),
         format_rupiah(figures.budget) if figures.has_budget else _("belum diimpor")),
        (_("Ke UMK dan koperasi, semua kanal"), format_rupiah(figures.budget_umk if figures.has_budget
                                                              else figures.umk_all)),
        (_("Porsi UMK terhadap anggaran (target %(t)s%%)") % {"t": figures.targets.umk},
         f"{pct(figures.budget_share)} - {_rag(figures.rag_budget)}" if figures.has_budget
         else _("anggaran belum diimpor")),
        (_("Belanja di luar katalog (diimpor)"), format_rupiah(figures.outside)),
        (_("Ke usaha mikro, kecil dan koperasi (katalog)"), format_rupiah(figures.umk)),
        (_("Porsi UMK dari belanja katalog (target %(t)s%%)") % {"t": figures.targets.umk},
         f"{pct(figures.umk_share)} - {_rag(figures.rag_umk)}"),
        (_("Produk dalam negeri (nilai barang)"), format_rupiah(figures.domestic)),
        (_("Porsi PDN (target %(t)s%%)") % {"t": figures.targets.domestic},
         f"{pct(figures.domestic_share)} - {_rag(figures.rag_domestic)}"),
        (_("Ke penyedia lokal"), format_rupiah(figures.local)),
        (_("Porsi lokal (target %(t)s%%)") % {"t": figures.targets.local},
         f"{pct(figures.local_share)} - {_rag(figures.rag_local)}"),
        (_("Pesanan"), str(figures.orders)),
    ]


def render(board) -> bytes:
    # reportlab loads with the first PDF, not in every process (about 0.3 s at start-up).
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    region = home_regency().name if settings.KATALOG_REGION else ""
    buffer = io.BytesIO()
    title = _("Ringkasan pimpinan: belanja produk lokal dan UMK, tahun anggaran %(y)s") % {"y": board.year}
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                            bottomMargin=16 * mm, title=_latin(title), author="Katalog Lokal", invariant=1)
    grid = TableStyle([
        ("FONT", (0, 0), (-1, -1), "Helvetica", 9),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
    ])
    header_grid = TableStyle([*grid.getCommands(), ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
                              ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f5f7"))])

    def table(rows, widths, header=False):
        t = Table([[_latin(c) for c in row] for row in rows], colWidths=widths, repeatRows=1 if header else 0)
        t.setStyle(header_grid if header else grid)
        return t

    def tiers(figures):
        return [(_("Tingkat TKDN"), _("Nilai barang"), _("Porsi"))] + [
            (label, format_rupiah(value), pct(share)) for _k, label, value, share in figures.tier_rows]

    def headline(total):
        """The few figures of the first page: where the kabupaten stands against the UMK target."""
        rows = [(_("Realisasi belanja katalog"), format_rupiah(total.realised)),
                (_("Rencana (pagu RUP)"), format_rupiah(total.planned) if total.packages else _("RUP belum diimpor"))]
        if total.has_budget:
            rows.append((_("Porsi UMK terhadap anggaran barang/jasa (%(n)s OPD, target %(t)s%%)")
                         % {"n": total.budget_opds, "t": total.targets.umk},
                         f"{pct(total.budget_share)} - {_rag(total.rag_budget)}"))
        else:
            rows.append((_("Porsi UMK terhadap anggaran barang/jasa"), _("anggaran belum diimpor")))
        rows.append((_("Porsi UMK dari belanja katalog (target %(t)s%%)") % {"t": total.targets.umk},
                     f"{pct(total.umk_share)} - {_rag(total.rag_umk)}"))
        return rows

    gaps = shortfall.section(board.rows, board.targets.umk)

    def gap_rows():
        header = (_("OPD"), _("Porsi UMK"), _("Dasar"), _("Kurang (poin)"), _("Kurang (Rp)"))
        return [header] + [
            (s.agency.short_name or s.agency.name, pct(s.share),
             _("anggaran") if s.on_budget else _("belanja katalog"), points(s.points),
             "-" if s.rupiah is None else format_rupiah(s.rupiah)) for s in gaps["below"]]

    story = [
        Paragraph(_latin(title), styles["Title"]),
        Paragraph(_latin(_("Pemerintah %(r)s. Dicetak %(d)s.")
                         % {"r": region, "d": timezone.localdate().strftime("%d-%m-%Y")}), styles["Normal"]),
        Spacer(1, 4 * mm),
        table(headline(board.total), [110 * mm, 60 * mm]),
        Spacer(1, 4 * mm),
        Paragraph(_latin(_("%(n)s OPD di bawah target UMK %(t)s%%, yang terjauh lebih dulu")
                         % {"n": len(gaps["below"]), "t": gaps["target"]}), styles["Heading2"]),
    ]
    if gaps["below"]:
        story += [
            Paragraph(_latin(_("Kurang (Rp): yang masih harus dibelanjakan ke usaha mikro, kecil dan koperasi agar "
                               "target tercapai. Dasar anggaran: porsi terhadap anggaran belanja barang/jasa yang "
                               "diimpor (Perpres 12/2021 Pasal 65 ayat 3). Dasar belanja katalog: anggaran belum "
                               "diimpor, porsi dari belanja melalui katalog ini.")), styles["Normal"]),
            Spacer(1, 2 * mm),
            table(gap_rows(), [62 * mm, 22 * mm, 30 * mm, 24 * mm, 36 * mm], header=True),
        ]
    else:
        story.append(Paragraph(_latin(_("Semua OPD yang berbelanja atau anggarannya sudah diimpor mencapai target."))
                               if gaps["measured"] else _latin(_("Belum ada belanja dan anggaran barang/jasa belum "
                                                                 "diimpor.")), styles["Normal"]))
    if gaps["unmeasured"]:
        story.append(Paragraph(_latin(ngettext("%(n)s OPD lain belum berbelanja dan anggarannya belum diimpor.",
                                               "%(n)s OPD lain belum berbelanja dan anggarannya belum diimpor.",
                                               gaps["unmeasured"]) % {"n": gaps["unmeasured"]}), styles["Normal"]))
    story += [
        PageBreak(),
        Paragraph(_latin(_("Lampiran")), styles["Title"]),
        Paragraph(_latin(_("Angka: pesanan yang sudah berkontrak (Surat Pesanan ditandatangani, tidak dibatalkan), "
                           "senilai kontrak; kontrak yang diputus dihitung sebesar barang yang sudah diterima. Porsi "
                           "UMK terhadap anggaran (Perpres 12/2021 Pasal 65 ayat 3) memakai anggaran belanja "
                           "barang/jasa dan belanja di luar katalog yang diimpor; barang impor dari UMK tidak "
                           "dihitung sebagai belanja UMK.")), styles["Normal"]),
        Spacer(1, 5 * mm),
        Paragraph(_latin(_("Seluruh kabupaten")), styles["Heading2"]),
        table(summary_rows(board.total), [95 * mm, 75 * mm]),
        Spacer(1, 4 * mm),
        table(tiers(board.total), [85 * mm, 50 * mm, 35 * mm], header=True),
        Spacer(1, 4 * mm),
        Paragraph(_latin(_("OPD menurut porsi UMK")), styles["Heading2"]),
        table([("#", "OPD", _("Realisasi"), _("UMK/anggaran"), _("UMK/katalog"), "PDN", _("Lokal"))] + [
            (str(r.rank or "-"), r.agency.short_name or r.agency.name, format_rupiah(r.realised),
             pct(r.budget_share), pct(r.umk_share), pct(r.domestic_share), pct(r.local_share)) for r in board.rows],
            [10 * mm, 45 * mm, 35 * mm, 22 * mm, 22 * mm, 18 * mm, 18 * mm], header=True),
        Spacer(1, 4 * mm),
        Paragraph(_latin(_("Realisasi per bulan")), styles["Heading2"]),
        table([(_("Bulan"), _("Realisasi"), "UMK", _("Lokal"))] + [
            (str(MONTHS[m.month]), format_rupiah(m.realised), format_rupiah(m.umk), format_rupiah(m.local))
            for m in board.months], [35 * mm, 45 * mm, 45 * mm, 45 * mm], header=True),
    ]
    for row in board.rows:
        story += [
            PageBreak(),
            Paragraph(_latin(row.agency.name), styles["Title"]),
            Paragraph(_latin(_("Tahun anggaran %(y)s. Peringkat menurut porsi UMK: %(r)s dari %(n)s OPD yang "
                               "berbelanja.") % {"y": board.year, "r": row.rank or "-",
                                                 "n": sum(1 for r in board.rows if r.rank)}), styles["Normal"]),
            Spacer(1, 5 * mm),
            table(summary_rows(row), [95 * mm, 75 * mm]),
            Spacer(1, 4 * mm),
            table(tiers(row), [85 * mm, 50 * mm, 35 * mm], header=True),
        ]

    def footer(canvas, doc_):
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(18 * mm, 9 * mm, _latin(f"Katalog Lokal - {title} - {doc_.page}"))
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
