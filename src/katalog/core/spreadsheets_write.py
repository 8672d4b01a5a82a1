"""Writing spreadsheets and CSV files that people will open: no cell may run as a formula.

Names, descriptions and notes come partly from suppliers. Text that starts with `=`, `+`, `-`, `@`, a tab or
a carriage return is read as a formula by Excel and LibreOffice (OWASP, "CSV Injection"), so a supplier
named `=HYPERLINK("http://…","Klik")` would put a live link or command in an officer's export. Every export
writes through this module:

- in an .xlsx, such text is stored as a text cell with Excel's "quote prefix" flag (what typing `'=…`
  produces), so it shows and reads back exactly as written and is never evaluated;
- in a CSV, which has no cell types, it gets a leading apostrophe, the OWASP recommendation.

Characters XML cannot hold (control characters other than tab, line feed and carriage return) are removed
instead of failing the whole export.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.cell.cell import Cell

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _clean(text: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def csv_cell(value):
    """A value for a CSV cell: None → "", text a spreadsheet would evaluate → prefixed with an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, str):
        value = _clean(value)
        return "'" + value if value.startswith(FORMULA_START) else value
    return value


def csv_bytes(rows: Iterable[Sequence], *, delimiter: str = ",", bom: bool = True) -> bytes:
    """Rows (the header first) as UTF-8 CSV; with a byte-order mark so that Excel reads it as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def xlsx_cells(sheet, values: Iterable) -> list:
    """Values for `sheet.append`, with every formula-like text turned into a quoted text cell."""
    out = []
    for value in values:
        if isinstance(value, str):
            value = _clean(value)
            if value.startswith(FORMULA_START):
                cell = Cell(sheet, row=1, column=1)
                cell._value, cell.data_type = value, "s"  # the value setter would make it a formula
                cell.quotePrefix = True
                value = cell
        out.append(value)
    return out


def append_row(sheet, values: Iterable) -> None:
    """`sheet.append(values)` for normal and write-only sheets, formula-safe."""
    sheet.append(xlsx_cells(sheet, values))
