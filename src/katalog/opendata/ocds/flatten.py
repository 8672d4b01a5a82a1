"""OCDS flattened for spreadsheets: one row per contracting process (its compiled release) and one row per
awarded item. Column names are the JSON paths (`awards/0/value/amount`), as flatten-tool writes them, so a
column can always be traced back to the OCDS field. Lists of plain values are joined with ";".

Cells that a spreadsheet program would run as a formula (text starting with = + - @, a tab or a carriage
return) are neutralised by the shared writer (core/spreadsheets_write.py): the data come partly from
suppliers, and a downloaded file must not execute anything.
"""

from __future__ import annotations

import io

from katalog.core.spreadsheets_write import append_row, csv_bytes
from openpyxl import Workbook

ITEM_LISTS = ("items",)


def flatten(obj, prefix: str = "", *, skip: tuple[str, ...] = ()) -> dict:
    out: dict = {}
    for key, value in obj.items():
        path = f"{prefix}/{key}" if prefix else key
        if key in skip:
            continue
        if isinstance(value, dict):
            out.update(flatten(value, path, skip=skip))
        elif isinstance(value, list):
            if all(not isinstance(v, (dict, list)) for v in value):
                out[path] = ";".join(str(v) for v in value)
            else:
                for i, item in enumerate(value):
                    if isinstance(item, dict):
                        out.update(flatten(item, f"{path}/{i}", skip=skip))
        else:
            out[path] = value
    return out


def process_rows(compiled_releases: list[dict]) -> list[dict]:
    return [flatten(release, skip=ITEM_LISTS) for release in compiled_releases]


def item_rows(compiled_releases: list[dict]) -> list[dict]:
    rows = []
    for release in compiled_releases:
        for a, award in enumerate(release.get("awards") or []):
            for item in award.get("items") or []:
                rows.append({"ocid": release["ocid"], "awards/id": award["id"], **flatten(item)})
    return rows


def columns_of(rows: list[dict]) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows:
        for key in row:
            seen.setdefault(key, None)
    return list(seen)


def to_csv(rows: list[dict]) -> bytes:
    columns = columns_of(rows)
    return csv_bytes([columns, *([row.get(c) for c in columns] for row in rows)])


def to_xlsx(sheets: list[tuple[str, list[dict]]]) -> bytes:
    workbook = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        columns = columns_of(rows)
        append_row(sheet, columns)
        for row in rows:
            append_row(sheet, [row.get(c) for c in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
