"""Run the official OCDS validator's command line (libcoveocds) with no network at all.

`--standard-zip` gives libcoveocds the standard's schemas, but for a record package it still dereferences
`versioned-release-validation-schema.json` by its canonical URL through jsonref, which fetches it over HTTP
(libcoveocds 0.17.0). This wrapper answers exactly those canonical standard URLs from the same ZIP and refuses
every other request, then hands over to libcoveocds' own `main`. The validation itself is libcoveocds'.

Usage: python -m tests.opendata.libcoveocds_offline --standard-zip ZIP [libcoveocds options] FILE
"""

from __future__ import annotations

import json
import sys
import zipfile

CANONICAL = "https://standard.open-contracting.org/schema/1__1__5/"


class _Offline:
    """Stands in for `requests` inside jsonref only: the standard's files from the ZIP, nothing else."""

    def __init__(self, archive: str):
        self.archive = archive

    def get(self, uri, *args, **kwargs):
        if not uri.startswith(CANONICAL):
            raise ConnectionError(f"offline: {uri} is not fetched")
        name = uri[len(CANONICAL):]
        with zipfile.ZipFile(self.archive) as archive:
            member = next(n for n in archive.namelist() if n.endswith(f"/schema/{name}"))
            body = archive.read(member)
        return _Response(body)


class _Response:
    def __init__(self, body: bytes):
        self.body = body

    def raise_for_status(self):
        return None

    def json(self, **kwargs):
        return json.loads(self.body.decode("utf-8"), **kwargs)


def main(argv: list[str]) -> None:
    import jsonref
    from libcoveocds.__main__ import main as libcoveocds_main

    archive = argv[argv.index("--standard-zip") + 1]
    jsonref.requests = _Offline(archive)
    libcoveocds_main(argv, standalone_mode=True)


if __name__ == "__main__":
    main(sys.argv[1:])
