"""Spreadsheets an attacker would send, built in the test rather than shipped: a minimal .xlsx writer that
can hold a member of gigabytes of `<row/>` without ever building it, a million-row sheet, and a plain one."""

from __future__ import annotations

import io
import struct
import zlib

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b"</Types>")
ROOT_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    b'officeDocument" Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    b'<sheets><sheet name="Produk" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    b'worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
SHEET_HEAD = (b'<?xml version="1.0" encoding="UTF-8"?>'
              b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
SHEET_TAIL = b"</sheetData></worksheet>"


def inline_row(cells) -> bytes:
    out = []
    for value in cells:
        if isinstance(value, int):
            out.append(b'<c t="n"><v>%d</v></c>' % value)
        else:
            text = str(value).replace("&", "&amp;").replace("<", "&lt;").encode()
            out.append(b'<c t="inlineStr"><is><t>' + text + b"</t></is></c>")
    return b"<row>" + b"".join(out) + b"</row>"


class _Member:
    """A member's deflated bytes, CRC and sizes; `repeat` copies of one block cost one compression."""

    def __init__(self, name: str, head: bytes, block: bytes = b"", repeat: int = 0, tail: bytes = b"",
                 level: int = 9):
        compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
        parts = [compressor.compress(head), compressor.flush(zlib.Z_FULL_FLUSH)]
        crc = zlib.crc32(head)
        if repeat:
            # After a full flush the compressor starts afresh, so the same block deflates to the same bytes.
            first = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
            second = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
            assert first == second
            parts.append(first * repeat)
            for _ in range(repeat):
                crc = zlib.crc32(block, crc)
        parts.append(compressor.compress(tail) + compressor.flush())
        self.crc = zlib.crc32(tail, crc)
        self.name = name.encode()
        self.data = b"".join(parts)
        self.size = len(head) + len(block) * repeat + len(tail)


def xlsx(sheet: _Member) -> bytes:
    """A workbook of one sheet: the smallest file openpyxl opens (no styles, inline strings)."""
    members = [_Member("[Content_Types].xml", CONTENT_TYPES), _Member("_rels/.rels", ROOT_RELS),
               _Member("xl/workbook.xml", WORKBOOK), _Member("xl/_rels/workbook.xml.rels", WORKBOOK_RELS), sheet]
    out, central = io.BytesIO(), []
    for m in members:
        offset = out.tell()
        header = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, m.crc, len(m.data), m.size,
                             len(m.name), 0)
        out.write(header + m.name + m.data)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, m.crc, len(m.data),
                                   m.size, len(m.name), 0, 0, 0, 0, 0, offset) + m.name)
    start = out.tell()
    directory = b"".join(central)
    out.write(directory)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory), start, 0))
    return out.getvalue()


def sheet(rows: list[bytes], *, block: bytes = b"", repeat: int = 0) -> _Member:
    return _Member("xl/worksheets/sheet1.xml", SHEET_HEAD + b"".join(rows), block, repeat, SHEET_TAIL)


def empty_row_bomb(header: list[str], *, gigabytes: float = 2.0) -> bytes:
    """A header row, then `gigabytes` of `<row/>`: a few megabytes on the wire."""
    block = b"<row/>" * (1 << 20)
    return xlsx(sheet([inline_row(header)], block=block, repeat=int(gigabytes * (1 << 30) // len(block))))


def many_rows(header: list[str], *, count: int = 1_048_576) -> bytes:
    """Excel's largest sheet: a header, then `count - 1` rows of numbers that differ from row to row (so the
    file compresses like a real one: about 1:20, within the ratio limit)."""
    template = b"<row><c t=\"n\"><v>%d</v></c><c t=\"n\"><v>%d</v></c></row>"
    body = b"".join(template % (n, n) for n in range(2, count + 1))
    return xlsx(_Member("xl/worksheets/sheet1.xml", SHEET_HEAD + inline_row(header) + body + SHEET_TAIL, level=1))
