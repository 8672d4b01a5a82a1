"""Reading the spreadsheets people already keep: .xlsx (openpyxl) or CSV, messy headers and all.

Headers are matched after folding (case, spaces, underscores, punctuation,
"(Rp)"-style notes): "Harga (Rp)", " HARGA ", "harga_satuan" all mean `harga`.
Columns nobody asked for are ignored; blank rows are skipped; row numbers are
the ones the spreadsheet program shows, so an error list points at the right
line.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

# Most row errors one import keeps on its batch or lists on the page (a file can fail on every row).
ERROR_LIMIT = 2000

_NOTE = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_SEPARATORS = re.compile(r"[^a-z0-9]+")


class SpreadsheetError(ValueError):
    """The file as a whole cannot be read (wrong type, no header, too big)."""


def header_key(text) -> str:
    """Fold a header cell: "Harga Satuan (Rp)" → "harga_satuan"."""
    text = unicodedata.normalize("NFKD", str(text or ""))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = _NOTE.sub(" ", text)
    return _SEPARATORS.sub("_", text).strip("_")


@dataclass(frozen=True)
class Table:
    columns: dict[str, int]  # canonical column name → position in the row
    header_row: int
    unknown: list[str]  # headers that matched nothing (reported, then ignored)
    rows: list[tuple[int, list]]  # (spreadsheet row number, cells)

    def value(self, cells: list, column: str):
        index = self.columns.get(column)
        if index is None or index >= len(cells):
            return None
        value = cells[index]
        if isinstance(value, str):
            value = value.strip()
            return value or None
        return value


def read_table(data: bytes, filename: str, *, aliases: dict[str, str], required: tuple[str, ...],
               max_rows: int) -> Table:
    """Read the first sheet (or the CSV); find the header row among the first 10 rows."""
    name = (filename or "").lower()
    if name.endswith((".xlsx", ".xlsm")) or data[:2] == b"PK":
        raw_rows = _xlsx_rows(data)
    elif name.endswith((".csv", ".txt")):
        raw_rows = _csv_rows(data)
    else:
        raise SpreadsheetError(_("Jenis berkas tidak dikenal. Gunakan Excel (.xlsx) atau CSV."))
    header_row, columns, unknown = None, {}, []
    buffered: list[tuple[int, list]] = []
    for number, cells in raw_rows:
        if header_row is None:
            found = {aliases.get(header_key(c)) for c in cells} - {None}
            if len(found) >= min(2, len(required)):
                header_row = number
                for i, cell in enumerate(cells):
                    key = aliases.get(header_key(cell))
                    if key and key not in columns:
                        columns[key] = i
                    elif str(cell or "").strip():
                        unknown.append(str(cell).strip())
            elif number >= 10:
                break
            continue
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue
        buffered.append((number, list(cells)))
        if len(buffered) > max_rows:
            raise SpreadsheetError(_("Berkas memuat lebih dari %(n)s baris; pecah menjadi beberapa berkas.")
                                   % {"n": f"{max_rows:,}".replace(",", ".")})
    if header_row is None:
        raise SpreadsheetError(
            _("Baris judul kolom tidak ditemukan. Kolom wajib: %(cols)s (lihat templat).")
            % {"cols": ", ".join(required)})
    missing = [column for column in required if column not in columns]
    if missing:
        raise SpreadsheetError(_("Kolom wajib tidak ada di baris judul (baris %(row)s): %(cols)s.")
                               % {"row": header_row, "cols": ", ".join(missing)})
    return Table(columns=columns, header_row=header_row, unknown=unknown, rows=buffered)


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise SpreadsheetError(_("Berkas Excel tidak dapat dibuka. Simpan ulang sebagai .xlsx lalu coba lagi.")) from None
    try:
        sheet = workbook.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(row)
    finally:
        workbook.close()


def _csv_rows(data: bytes) -> Iterator[tuple[int, list]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything
        raise SpreadsheetError(_("Teks berkas CSV tidak dapat dibaca (gunakan UTF-8)."))
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    for number, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
        yield number, row
