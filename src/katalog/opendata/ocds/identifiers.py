"""Identifiers and code mappings for the OCDS publication (one place; katalog/opendata/README.md explains them)."""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.utils import timezone

OCDS_VERSION = "1.1"
CURRENCY = "IDR"
LANGUAGE = "id"
LICENSE_DEFAULT = "https://creativecommons.org/licenses/by/4.0/"

# partyScale codes (the partyScale extension's codelist: micro, sme, large). Indonesian scale (PP 7/2021)
# → OCDS: usaha mikro is "micro"; usaha kecil and usaha menengah are both "sme" (small or medium-sized
# enterprise); usaha besar is "large". The finer Indonesian scale stays visible through KATALOG-UMK.
PARTY_SCALE = {"mikro": "micro", "kecil": "sme", "menengah": "sme", "besar": "large"}

# Local organisation classification schemes (parties[].details.classifications).
SCHEME_LOCAL = "KATALOG-LOKAL"  # "lokal": located in this kabupaten (derived from the address); else "luar-daerah"
SCHEME_UMK = "KATALOG-UMK"  # "umk": micro, small or koperasi (Perpres 12/2021 Pasal 65); else "non-umk"

ITEM_SCHEME = "KBKI"  # Klasifikasi Baku Komoditas Indonesia (BPS)

_SAFE = re.compile(r"^[A-Za-z0-9-]+$")


def rules() -> dict:
    return getattr(settings, "KATALOG_RULES", {})


PLACEHOLDER_PREFIX = "ocds-xxxxxx"  # the shape of a prefix, not one registered with the Open Contracting Partnership

# Extensions whose fields the releases use (declared in every package that uses them). The fields are written
# as these extensions define them; the extension files are not vendored, so offline validation checks the
# core schema and katalog-profile.json, and libcoveocds reports the extensions it could not fetch.
EXTENSION_PARTY_SCALE = ("https://raw.githubusercontent.com/open-contracting-extensions/ocds_partyScale_extension/"
                         "master/extension.json")
EXTENSION_ORGANIZATION_CLASSIFICATION = (
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_organizationClassification_extension/"
    "master/extension.json")


def ocid_prefix_is_placeholder() -> bool:
    """True while the ocid prefix is still the placeholder: no production export may run with it."""
    return ocid_prefix().startswith(PLACEHOLDER_PREFIX)


def ocid_prefix() -> str:
    """Configurable: KATALOG_RULES["ocds_ocid_prefix"] (a registered prefix plus this installation's part)."""
    default = f"ocds-xxxxxx-katalog-{settings.KATALOG_REGION.replace('.', '')}"
    return str(rules().get("ocds_ocid_prefix") or default).rstrip("-")


def catalogue_ocid() -> str:
    """The catalogue as one contracting process (the framework agreement's first stage)."""
    return f"{ocid_prefix()}-katalog"


def order_ocid(order) -> str:
    """One ocid per order: the order number when it is URL-safe (the default schemes are), else its id."""
    if _SAFE.match(order.number or ""):
        return f"{ocid_prefix()}-{order.number}"
    return f"{ocid_prefix()}-id{order.pk}"


def order_lookup(ocid: str) -> dict | None:
    """The filter that finds the order of an ocid (or None when the ocid is not one of ours)."""
    prefix = ocid_prefix() + "-"
    if not ocid.startswith(prefix):
        return None
    rest = ocid[len(prefix):]
    if not rest or rest == "katalog" or not _SAFE.match(rest):
        return None
    if rest.startswith("id") and rest[2:].isdigit():
        return {"pk": int(rest[2:])}
    return {"number": rest}


def party_id_kabupaten() -> str:
    return f"pemda-{settings.KATALOG_REGION}"


def party_id_agency(agency) -> str:
    return f"opd-{agency.code}"


def party_id_supplier(supplier_id: int) -> str:
    return f"penyedia-{supplier_id}"


def license_url() -> str:
    return str(rules().get("opendata_license") or LICENSE_DEFAULT)


def iso(moment) -> str | None:
    """RFC 3339 in the installation's time zone, whole seconds (dates become local midnight)."""
    if moment is None:
        return None
    if isinstance(moment, datetime.datetime):
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return timezone.localtime(moment).replace(microsecond=0).isoformat()
    return timezone.make_aware(datetime.datetime.combine(moment, datetime.time())).isoformat()


def value(amount: int) -> dict:
    return {"amount": int(amount), "currency": CURRENCY}
