"""Offline validation of what we publish against the vendored OCDS 1.1.5 schemas.

The package schemas point at the release schema by its canonical URL
(https://standard.open-contracting.org/schema/1__1__5/release-schema.json). A `referencing.Registry` maps
every canonical URL to the file under opendata/schema/ocds-1.1.5, so validation never opens a network
connection; an unknown URL raises instead of being fetched.

`format` is checked too: jsonschema only checks "date-time" and "uri" when optional packages are installed,
so the two checkers here use the standard library (RFC 3339 date-times, absolute URIs).

On top of the standard, `katalog-profile.json` pins the choices this catalogue makes (currency IDR, the
party scale codes, the local classification schemes): see katalog/opendata/README.md.
"""

from __future__ import annotations

import datetime
import json
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"
OCDS_DIR = SCHEMA_DIR / "ocds-1.1.5"
CANONICAL_BASE = "https://standard.open-contracting.org/schema/1__1__5/"
SCHEMA_FILES = (
    "release-schema.json",
    "release-package-schema.json",
    "record-package-schema.json",
    "versioned-release-validation-schema.json",
)
PROFILE_FILE = SCHEMA_DIR / "katalog-profile.json"

_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


class OcdsInvalid(ValueError):
    """A package that does not validate; `errors` lists "path: message" strings."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors[:5]) + (f" (+{len(errors) - 5} more)" if len(errors) > 5 else ""))


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _retrieve_nothing(uri: str):
    # Any $ref not vendored here is a mistake, never a reason to go online.
    raise LookupError(f"OCDS schema not vendored (no network fetch): {uri}")


@lru_cache(maxsize=1)
def registry() -> Registry:
    resources = []
    for name in SCHEMA_FILES:
        contents = _load(OCDS_DIR / name)
        resources.append((CANONICAL_BASE + name, Resource(contents=contents, specification=DRAFT4)))
    return Registry(retrieve=_retrieve_nothing).with_resources(resources)


def format_checker() -> FormatChecker:
    checker = FormatChecker(formats=())

    @checker.checks("date-time", raises=ValueError)
    def is_date_time(value) -> bool:
        if not isinstance(value, str):
            return True
        if not _DATE_TIME.match(value):
            return False
        datetime.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
        return True

    @checker.checks("uri")
    def is_uri(value) -> bool:
        if not isinstance(value, str):
            return True
        if any(ch.isspace() for ch in value):
            return False
        parts = urlsplit(value)
        return bool(parts.scheme) and (bool(parts.netloc) or parts.scheme in {"urn", "mailto"})

    return checker


@lru_cache(maxsize=None)
def _validator(name: str) -> Draft4Validator:
    schema = _load(OCDS_DIR / name) if name in SCHEMA_FILES else _load(SCHEMA_DIR / name)
    return Draft4Validator(schema, registry=registry(), format_checker=format_checker())


def _messages(validator: Draft4Validator, instance) -> list[str]:
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    out = []
    for error in errors:
        path = "/".join(str(p) for p in error.absolute_path) or "(root)"
        out.append(f"{path}: {error.message[:300]}")
    return out


def release_package_errors(package: dict) -> list[str]:
    """Problems against the official release-package schema, then against our profile."""
    errors = _messages(_validator("release-package-schema.json"), package)
    for i, release in enumerate(package.get("releases") or []):
        errors += [f"releases/{i}/{e}" for e in _messages(_validator(PROFILE_FILE.name), release)]
    return errors


def record_package_errors(package: dict) -> list[str]:
    errors = _messages(_validator("record-package-schema.json"), package)
    for i, record in enumerate(package.get("records") or []):
        if isinstance(record, dict):
            releases = [r for r in record.get("releases") or [] if isinstance(r, dict) and "ocid" in r]
            if isinstance(record.get("compiledRelease"), dict):
                releases.append(record["compiledRelease"])
            for release in releases:
                errors += [f"records/{i}/{e}" for e in _messages(_validator(PROFILE_FILE.name), release)]
    return errors


def release_errors(release: dict) -> list[str]:
    return _messages(_validator("release-schema.json"), release) + _messages(_validator(PROFILE_FILE.name), release)


def check_release_package(package: dict) -> dict:
    errors = release_package_errors(package)
    if errors:
        raise OcdsInvalid(errors)
    return package


def check_record_package(package: dict) -> dict:
    errors = record_package_errors(package)
    if errors:
        raise OcdsInvalid(errors)
    return package
