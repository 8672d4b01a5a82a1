"""Reading the spreadsheets people already keep, .xlsx (openpyxl) or CSV, safely: limits first, parsing after.

Every import (products, supplier lists, RUP, price references) reads its file here, so one set of limits
holds for all of them. An .xlsx is a zip archive: before openpyxl sees it, each member's declared
uncompressed size and its compression ratio are checked against `import_max_unpacked_bytes` and
`import_max_ratio` (the declared sizes bind: Python's zipfile stops at the declared size and fails the CRC
check if a member inflates further). Apache POI's ZipSecureFile uses the same two checks, with the same
1:100 minimum ratio. Then the first sheet's rows are counted from its raw XML, so a file with a million rows
is refused after reading only as many as the cap allows, without building a single cell.

Blank rows count toward the row cap: a sheet of two billion empty `<row/>` elements costs as much to
walk as a full one. Headers are matched after folding (case, spaces, underscores, punctuation,
"(Rp)"-style notes): "Harga (Rp)", " HARGA ", "harga_satuan" all mean `harga`. Columns nobody asked for
are ignored; blank rows are skipped; row numbers are the ones the spreadsheet program shows, so an error
list points at the right line.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _
from katalog.core.rules import rule
from .errors import DomainError
from openpyxl import load_workbook

# Most row errors one import keeps on its batch or lists on the page (a file can fail on every row).
ERROR_LIMIT = 2000
# The header row is looked for among the first rows of the sheet.
HEADER_SEARCH_ROWS = 10
# Columns read from each row; the widest layout we read or write (the e-Katalog v6 upload) has 41.
MAX_COLUMNS = 64
# Members of one .xlsx archive (a workbook from a spreadsheet program has a dozen or so).
MAX_MEMBERS = 500

_NOTE = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_SEPARATORS = re.compile(r"[^a-z0-9]+")
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row(?=[\s/>])([^>]*)>")
_ROW_NUMBER = re.compile(rb"""\sr\s*=\s*["'](\d{1,20})["']""")
_SCAN_CHUNK = 256 * 1024


class SpreadsheetError(DomainError, ValueError):
    """The file as a whole cannot be read (wrong type, no header, over a limit); `row` when one row is to blame."""

    def __init__(self, message: str, *, row: int | None = None):
        super().__init__(message)
        self.row = row


def _rule(name: str) -> int:
    return int(rule(name))


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


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


def _too_many_rows(max_rows: int, row: int) -> SpreadsheetError:
    return SpreadsheetError(
        _("Berkas memuat lebih dari %(n)s baris data (baris kosong ikut dihitung); pembacaan berhenti di baris "
          "%(row)s. Hapus baris kosong di bagian bawah atau pecah menjadi beberapa berkas.")
        % {"n": _thousands(max_rows), "row": _thousands(row)}, row=row)


def read_table(data: bytes, filename: str, *, aliases: dict[str, str], required: tuple[str, ...],
               max_rows: int) -> Table:
    """Read the first sheet (or the CSV); find the header row among the first 10 rows.

    At most `max_rows` rows after the header, blank ones included; the first row past the cap stops the
    reading and is named in the refusal.
    """
    limit = _rule("import_max_bytes")
    if len(data) > limit:
        raise SpreadsheetError(_("Berkas terlalu besar (%(size)s MB); batasnya %(limit)s MB. Pecah menjadi beberapa "
                                 "berkas.") % {"size": _mb(len(data)), "limit": _mb(limit)})
    name = (filename or "").lower()
    # The last row a file may hold: the header can be as low as row 10.
    last_row = HEADER_SEARCH_ROWS + max_rows
    if name.endswith((".xlsx", ".xlsm")) or data[:2] == b"PK":
        raw_rows = _xlsx_rows(data, last_row=last_row, max_rows=max_rows)
    elif name.endswith((".csv", ".txt")):
        raw_rows = _csv_rows(data, last_row=last_row)
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
            elif number >= HEADER_SEARCH_ROWS:
                break
            continue
        if number - header_row > max_rows:
            raise _too_many_rows(max_rows, number)
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue
        buffered.append((number, cells))
    if header_row is None:
        raise SpreadsheetError(
            _("Baris judul kolom tidak ditemukan. Kolom wajib: %(cols)s (lihat templat).")
            % {"cols": ", ".join(required)})
    missing = [column for column in required if column not in columns]
    if missing:
        raise SpreadsheetError(_("Kolom wajib tidak ada di baris judul (baris %(row)s): %(cols)s.")
                               % {"row": header_row, "cols": ", ".join(missing)})
    return Table(columns=columns, header_row=header_row, unknown=unknown, rows=buffered)


def _trimmed(row) -> list:
    cells = list(row[:MAX_COLUMNS])
    while cells and cells[-1] is None:
        cells.pop()
    return cells


# --- .xlsx -------------------------------------------------------------------------------------------


def check_archive(archive: zipfile.ZipFile) -> None:
    """Refuse an archive whose members would inflate past the limits, before anything is decompressed."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise SpreadsheetError(_("Berkas Excel memuat terlalu banyak bagian (%(n)s; batasnya %(limit)s). Simpan ulang "
                                 "sebagai .xlsx biasa.") % {"n": _thousands(len(members)), "limit": MAX_MEMBERS})
    member_limit, ratio_limit = _rule("import_max_unpacked_bytes"), _rule("import_max_ratio")
    total = 0
    for info in members:
        # Tiny members (a few hundred bytes) compress unevenly; the ratio only means something past 1 MB.
        if info.file_size > 1024 * 1024 and info.file_size > ratio_limit * max(info.compress_size, 1):
            raise SpreadsheetError(
                _("Berkas Excel ini ditolak: bagian %(member)s mengembang %(ratio)s kali saat dibuka (batasnya "
                  "%(limit)s kali). Biasanya karena sangat banyak baris kosong; salin datanya ke berkas baru lalu "
                  "unggah lagi.")
                % {"member": info.filename[:80], "ratio": _thousands(info.file_size // max(info.compress_size, 1)),
                   "limit": ratio_limit})
        if info.file_size > member_limit:
            raise SpreadsheetError(
                _("Bagian %(member)s berkas Excel ini berukuran %(size)s MB setelah dibuka; batasnya %(limit)s MB. "
                  "Hapus baris dan kolom kosong atau pecah menjadi beberapa berkas.")
                % {"member": info.filename[:80], "size": _mb(info.file_size), "limit": _mb(member_limit)})
        total += info.file_size
    if total > 2 * member_limit:
        raise SpreadsheetError(_("Berkas Excel ini berukuran %(size)s MB setelah dibuka; batasnya %(limit)s MB. Pecah "
                                 "menjadi beberapa berkas.") % {"size": _mb(total), "limit": _mb(2 * member_limit)})


def _attributes(tag: bytes) -> dict[str, str]:
    return {k.decode().split(":")[-1]: v.decode(errors="replace")
            for k, v in re.findall(rb"""([\w:.-]+)\s*=\s*["']([^"']*)["']""", tag)}


def first_sheet_member(archive: zipfile.ZipFile) -> str | None:
    """The archive path of the workbook's first sheet (the one openpyxl calls worksheets[0])."""
    names = set(archive.namelist())
    try:
        workbook = archive.read("xl/workbook.xml")
        relations = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return "xl/worksheets/sheet1.xml" if "xl/worksheets/sheet1.xml" in names else None
    sheet = re.search(rb"<(?:[\w.-]+:)?sheet\s[^>]*>", workbook)
    if sheet is None:
        return None
    relation_id = next((v for k, v in _attributes(sheet.group(0)).items() if k == "id"), None)
    for tag in re.findall(rb"<(?:[\w.-]+:)?Relationship\s[^>]*>", relations):
        attributes = _attributes(tag)
        if attributes.get("Id") == relation_id:
            target = attributes.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else "xl/" + target
            return path if path in names else None
    return None


def _precise_rows(buffer: bytes, end: int, number: int, last_row: int) -> int:
    for match in _ROW_TAG.finditer(buffer, 0, end):
        explicit = _ROW_NUMBER.search(match.group(1))
        number = int(explicit.group(1)) if explicit else number + 1
        if number > last_row:
            break
    return number


def count_sheet_rows(archive: zipfile.ZipFile, member: str, *, last_row: int) -> int:
    """Walk a sheet's XML for its `<row>` tags only; stop at the first row numbered past `last_row`.

    A row without `r` follows the one before it; a row with `r` jumps there (the rows in between are
    blank and count too). Rows come in ascending order (ECMA-376 Part 1, 18.3.1.73), so a chunk is
    counted in C (`bytes.count`) and only its last row tag is parsed; the one chunk that crosses the
    cap is walked tag by tag to name the exact row. Returns the last row number seen.
    """
    number, carry, tags = 0, b"", None
    with archive.open(member) as stream:
        while True:
            chunk = stream.read(_SCAN_CHUNK)
            if not chunk:
                break
            buffer = carry + chunk
            cut = buffer.rfind(b"<")
            cut = len(buffer) if cut < 0 else cut
            if tags is None:
                first = _ROW_TAG.search(buffer, 0, cut)
                if first is None:
                    carry = buffer[cut:]
                    if len(carry) > _SCAN_CHUNK:  # one tag a megabyte long is not a spreadsheet
                        raise SpreadsheetError(
                            _("Berkas Excel tidak dapat dibuka. Simpan ulang sebagai .xlsx lalu coba lagi."))
                    continue
                opening = first.group(0)[:first.group(0).index(b"row") + 3]  # "<row" or "<x:row"
                tags = tuple(opening + end for end in (b" ", b">", b"/", b"\t", b"\n", b"\r"))
            body = buffer[:cut]
            count = sum(body.count(tag) for tag in tags)
            if count:
                last = _ROW_TAG.search(body, max(body.rfind(t) for t in tags))
                explicit = _ROW_NUMBER.search(last.group(1)) if last else None
                estimate = int(explicit.group(1)) if explicit else number + count
                if estimate > last_row:
                    return _precise_rows(buffer, cut, number, last_row)
                number = estimate
            carry = buffer[cut:]
            if len(carry) > _SCAN_CHUNK:
                raise SpreadsheetError(_("Berkas Excel tidak dapat dibuka. Simpan ulang sebagai .xlsx lalu coba lagi."))
    return number


def _xlsx_rows(data: bytes, *, last_row: int, max_rows: int) -> Iterator[tuple[int, list]]:
    unreadable = _("Berkas Excel tidak dapat dibuka. Simpan ulang sebagai .xlsx lalu coba lagi.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_archive(archive)
            member = first_sheet_member(archive)
            if member is not None:
                seen = count_sheet_rows(archive, member, last_row=last_row)
                if seen > last_row:
                    raise _too_many_rows(max_rows, seen)
    except SpreadsheetError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError):
        raise SpreadsheetError(unreadable) from None
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise SpreadsheetError(unreadable) from None
    try:
        if not workbook.worksheets:
            raise SpreadsheetError(unreadable)
        sheet = workbook.worksheets[0]
        # The <dimension> a file declares is not trusted: it could claim 16,384 columns or hide rows.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(min_row=1, max_row=last_row + 1, max_col=MAX_COLUMNS, values_only=True)
        for number, row in enumerate(rows, start=1):
            yield number, _trimmed(row)
    except SpreadsheetError:
        raise
    except Exception:  # a broken sheet inside a valid archive
        raise SpreadsheetError(unreadable) from None
    finally:
        workbook.close()


# --- CSV ---------------------------------------------------------------------------------------------


def _csv_lines_over(data: bytes, last_row: int) -> bool:
    """True when the file certainly holds more than `last_row` records: that many line feeds, something after
    them, and no quote before them (without quotes a record is a line). Found in C, without decoding."""
    position = -1
    for _ in range(last_row):
        position = data.find(b"\n", position + 1)
        if position < 0:
            return False
    return position + 1 < len(data) and data.find(b'"', 0, position) < 0


def _csv_rows(data: bytes, *, last_row: int) -> Iterator[tuple[int, list]]:
    if _csv_lines_over(data, last_row):
        raise _too_many_rows(last_row - HEADER_SEARCH_ROWS, last_row + 1)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            yield from _csv_decoded(data, encoding, last_row=last_row)
            return
        except UnicodeDecodeError:
            continue
    raise SpreadsheetError(_("Teks berkas CSV tidak dapat dibaca (gunakan UTF-8)."))  # pragma: no cover


def _csv_decoded(data: bytes, encoding: str, *, last_row: int) -> Iterator[tuple[int, list]]:
    """Rows decoded as they are read (a whole-file str, and a StringIO of it, would cost several times the
    file). All rows up to the cap are read before the first is handed on, so that a byte that is not UTF-8
    switches the whole file to cp1252 before any row was used."""
    sample = data[:4096].decode(encoding, errors="ignore")
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    text = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")
    reader = csv.reader(text, dialect)
    rows: list[tuple[int, list]] = []
    number = 0
    while number <= last_row:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error:
            raise SpreadsheetError(
                _("Baris %(row)s: sel terlalu panjang atau tanda kutip tidak ditutup. Periksa baris itu lalu simpan "
                  "ulang berkasnya.") % {"row": _thousands(reader.line_num)}, row=reader.line_num) from None
        number += 1
        rows.append((number, row[:MAX_COLUMNS]))
    yield from rows
