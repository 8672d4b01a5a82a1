"""Reading what a page, a workbook or a PDF shows, for tests that compare them."""

import base64
import io
import re
import zlib
from html import unescape

from openpyxl import load_workbook


def text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def figure(html: str, name: str) -> str:
    """The visible text of the <dd data-figure="name"> on a page."""
    match = re.search(rf'data-figure="{name}"[^>]*>(.*?)</dd>', html, re.S)
    assert match, name
    return text(match.group(1))


def cells(html: str, row_attr: str, value: str) -> list[str]:
    """The visible text of each cell of the table row marked row_attr="value"."""
    match = re.search(rf'<tr[^>]*{row_attr}="{value}"[^>]*>(.*?)</tr>', html, re.S)
    assert match, (row_attr, value)
    return [text(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", match.group(1), re.S)]


def sheet_rows(content: bytes, sheet: str) -> list[list]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return [list(row) for row in book[sheet].iter_rows(values_only=True)]


def pdf_strings(content: bytes) -> list[str]:
    """Every string a PDF draws (Tj / TJ operands), page streams decompressed."""
    found = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", content, re.S):
        stream = stream.strip()
        try:
            data = zlib.decompress(base64.a85decode(stream, adobe=True) if stream.endswith(b"~>") else stream)
        except (ValueError, zlib.error):
            data = stream
        for raw in re.findall(rb"\(((?:\\.|[^\\)])*)\)\s*Tj", data):
            found.append(re.sub(rb"\\(.)", rb"\1", raw).decode("latin-1"))
    return found


def pdf_pages(content: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b", content))
