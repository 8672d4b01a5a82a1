"""Read the text back out of a reportlab PDF (no PDF library is installed): inflate each page stream
(ASCII85 + Flate, reportlab's default) and collect the strings shown with Tj."""

import base64
import re
import zlib

_STREAM = re.compile(rb"/Filter \[ /ASCII85Decode /FlateDecode \] /Length (\d+)\s*>>\s*stream\r?\n")
_SHOW = re.compile(rb"\(((?:\\.|[^\\)])*)\)\s*Tj")


def pdf_strings(pdf: bytes) -> list[str]:
    strings = []
    for match in _STREAM.finditer(pdf):
        raw = pdf[match.end():match.end() + int(match.group(1))].strip()
        if raw.endswith(b"~>"):
            raw = raw[:-2]
        content = zlib.decompress(base64.a85decode(raw, adobe=False))
        for shown in _SHOW.findall(content):
            strings.append(re.sub(rb"\\([()\\])", rb"\1", shown).decode("cp1252"))
    return strings


def pdf_text(pdf: bytes) -> str:
    """All shown text joined by single spaces (line breaks inside paragraphs become spaces)."""
    return " ".join(" ".join(pdf_strings(pdf)).split())
