"""Release and record packages: what /opendata/ocds/… serves and `katalog export-ocds` writes.

A package's `uri` is its own absolute address, so `base_url` (the site's address, e.g.
"https://katalog.lampungutarakab.go.id") is needed to build one. `publishedDate` is the date of the newest
release in it, so regenerating unchanged data gives a byte-identical file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.urls import reverse

from .. import selectors
from . import identifiers as ids
from .merge import record_of
from .releases import catalogue_releases, order_releases, was_awarded
from django.utils import timezone


def absolute(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + path


def publisher(base_url: str) -> dict:
    return {"name": f"Pemerintah {selectors.regency_name()} — Katalog Lokal", "uri": absolute(base_url, "/")}


def extensions_used(releases: Iterable[dict]) -> list[str]:
    """The extensions whose fields these releases use: partyScale for `parties[].details.scale`,
    organizationClassification for `parties[].details.classifications`."""
    scale = classifications = False
    for release in releases:
        for party in release.get("parties", []):
            details = party.get("details") or {}
            scale = scale or "scale" in details
            classifications = classifications or "classifications" in details
    return ([ids.EXTENSION_PARTY_SCALE] if scale else []) + (
        [ids.EXTENSION_ORGANIZATION_CLASSIFICATION] if classifications else [])


def _metadata(base_url: str, uri: str, published: str, extensions: list[str]) -> dict:
    metadata = {
        "uri": uri,
        "version": ids.OCDS_VERSION,
        "publishedDate": published,
        "publisher": publisher(base_url),
        "license": ids.license_url(),
        "publicationPolicy": absolute(base_url, reverse("opendata:ocds_index")),
    }
    if extensions:
        metadata["extensions"] = extensions
    return metadata


def release_package(releases: list[dict], *, base_url: str, uri: str) -> dict:
    if not releases:
        raise ValueError("A release package needs at least one release.")
    published = max(r["date"] for r in releases)
    return {**_metadata(base_url, uri, published, extensions_used(releases)), "releases": releases}


def record_package(records: list[dict], *, base_url: str, uri: str) -> dict:
    if not records:
        raise ValueError("A record package needs at least one record.")
    published = max(r["compiledRelease"]["date"] for r in records)
    used = extensions_used(release for record in records for release in record.get("releases", []))
    return {**_metadata(base_url, uri, published, used), "records": records}


# --- what is published ---------------------------------------------------------------------------


def framework_uri(base_url: str) -> str:
    return absolute(base_url, reverse("opendata:ocds_process", args=[ids.catalogue_ocid()]))


def catalogue_release_list() -> list[dict]:
    started = selectors.catalogue_started_at()
    if started is None:
        started = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return catalogue_releases(suppliers=selectors.admitted_suppliers(), categories=selectors.catalogue_categories(),
                              started_at=started, regency_name=selectors.regency_name())


def releases_of_orders(orders: Iterable, *, base_url: str) -> list[list[dict]]:
    """Per order (awarded ones only), its releases."""
    regency = selectors.regency_name()
    framework = framework_uri(base_url)
    out = []
    for facts in selectors.order_facts(orders):
        if was_awarded(facts):
            releases = order_releases(facts, regency_name=regency, framework_uri=framework)
            if releases:  # an award dated in the future is not published yet
                out.append(releases)
    return out


def process_release_package(ocid: str, *, base_url: str) -> dict | None:
    """The release package of one contracting process (the catalogue, or one order), or None."""
    uri = absolute(base_url, reverse("opendata:ocds_process", args=[ocid]))
    if ocid == ids.catalogue_ocid():
        return release_package(catalogue_release_list(), base_url=base_url, uri=uri)
    lookup = ids.order_lookup(ocid)
    order = selectors.order_by_lookup(lookup) if lookup else None
    if order is None:
        return None
    found = releases_of_orders([order], base_url=base_url)
    if not found or found[0][0]["ocid"] != ocid:
        return None
    return release_package(found[0], base_url=base_url, uri=uri)


def process_record_package(ocid: str, *, base_url: str) -> dict | None:
    package = process_release_package(ocid, base_url=base_url)
    if package is None:
        return None
    uri = absolute(base_url, reverse("opendata:ocds_process_record", args=[ocid]))
    return record_package([record_of(package["releases"])], base_url=base_url, uri=uri)


def year_release_lists(year: int, *, base_url: str) -> list[list[dict]]:
    return releases_of_orders(selectors.orders_of_year(year), base_url=base_url)


def year_release_package(year: int, *, base_url: str) -> dict | None:
    per_order = year_release_lists(year, base_url=base_url)
    if not per_order:
        return None
    releases = [release for order_list in per_order for release in order_list]
    uri = absolute(base_url, reverse("opendata:ocds_year", args=[year]))
    return release_package(releases, base_url=base_url, uri=uri)


def year_record_package(year: int, *, base_url: str) -> dict | None:
    per_order = year_release_lists(year, base_url=base_url)
    if not per_order:
        return None
    uri = absolute(base_url, reverse("opendata:ocds_year_records", args=[year]))
    return record_package([record_of(releases) for releases in per_order], base_url=base_url, uri=uri)


def catalogue_record_package(*, base_url: str) -> dict:
    return process_record_package(ids.catalogue_ocid(), base_url=base_url)


def dumps(package: dict) -> bytes:
    return json.dumps(package, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
