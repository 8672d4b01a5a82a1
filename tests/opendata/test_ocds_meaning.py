"""OCDS that means what happened: payments only with a payment record, nothing dated in the future, awards
pending until the supplier accepts, a registered ocid prefix in production, declared extensions, and the
official validator (libcoveocds, offline) finding no validation error in any file `katalog export-ocds` writes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from katalog.opendata.ocds import identifiers as ids
from katalog.opendata.ocds import packages
from katalog.purchasing.models import Delivery, Order
from katalog.purchasing.states import OrderStatus
from katalog.suppliers.models import Supplier
from tests.factories import make_order, make_supplier
from tests.opendata.ocds_helpers import build_scene

BASE = "https://katalog.example.go.id/"
# The whole standard at 1.1.5, shipped beside this test (data/README.md), so the validator runs offline.
STANDARD_ZIP = Path(os.environ.get("KATALOG_OCDS_STANDARD_ZIP") or Path(__file__).resolve().parent
                    / "data" / "standard-1__1__5.zip")
REGISTERED = {**settings.KATALOG_RULES, "ocds_ocid_prefix": "ocds-abc123-katalog-1803"}
pytestmark = pytest.mark.django_db


def _releases(order):
    package = packages.process_release_package(ids.order_ocid(order), base_url=BASE)
    return package["releases"] if package else []


@pytest.fixture
def scene():
    return build_scene()


def test_an_award_is_pending_until_the_supplier_accepts(scene):
    waiting = _releases(scene.orders["awaiting_supplier"])
    assert [r["tag"] for r in waiting] == [["award"]] and waiting[0]["awards"][0]["status"] == "pending"
    accepted = _releases(scene.orders["accepted"])
    assert accepted[0]["awards"][0]["status"] == "pending"  # the award release, as it stood then
    assert accepted[1]["tag"] == ["contract"] and accepted[1]["awards"][0]["status"] == "active"


def test_a_paid_status_without_a_payment_record_is_not_published_as_paid(scene):
    releases = _releases(scene.orders["legacy_paid"])
    assert releases and all("payment" not in r["id"] for r in releases)
    paid = _releases(scene.orders["paid"])
    assert paid[-1]["id"].endswith("-payment")
    assert paid[-1]["contracts"][0]["implementation"]["transactions"][0]["value"]["amount"] == \
        scene.orders["paid"].total


def test_no_release_is_dated_in_the_future(scene):
    world = scene.world
    later = timezone.now() + timedelta(days=30)
    # Demo-like data dated ahead: an order checked out next month, a delivery shipped next month,
    # a supplier verified next month.
    ahead = make_order(agency=world.agency, supplier=world.supplier, buyer=world.pp, lines=[(world.product, 1)],
                       status=OrderStatus.PROCESSING, created_at=later)
    Order.objects.filter(pk=ahead.pk).update(status_changed_at=later)
    shipped = scene.orders["amended_partly_delivered"]
    Delivery.objects.filter(order=shipped).update(shipped_at=later)
    future_supplier = make_supplier(name="CV Belum Terverifikasi", status=Supplier.Status.VERIFIED, verified_at=later)
    now = timezone.now()
    year = shipped.fiscal_year
    package = packages.year_release_package(year, base_url=BASE)
    assert all(ids.iso(now) >= r["date"] for r in package["releases"])
    assert package["publishedDate"] <= ids.iso(now)
    assert not _releases(ahead)  # its award is in the future: nothing yet
    kept = [r["id"].split(shipped.number + "-")[1] for r in _releases(shipped)]
    assert "delivery-1-shipped" not in kept and kept[-1] == "amendment-1"
    catalogue = packages.process_release_package(ids.catalogue_ocid(), base_url=BASE)
    assert f"penyedia-{future_supplier.pk}" not in json.dumps(catalogue)


def test_packages_declare_the_extensions_whose_fields_they_use(scene):
    year = scene.orders["paid"].fiscal_year
    for package in (packages.year_release_package(year, base_url=BASE),
                    packages.year_record_package(year, base_url=BASE),
                    packages.process_release_package(ids.catalogue_ocid(), base_url=BASE)):
        assert package["extensions"] == [ids.EXTENSION_PARTY_SCALE, ids.EXTENSION_ORGANIZATION_CLASSIFICATION]
        parties = [p for r in package.get("releases") or [x for rec in package["records"] for x in rec["releases"]]
                   for p in r["parties"]]
        assert any("scale" in (p.get("details") or {}) for p in parties)
    assert packages.extensions_used([{"parties": [{"id": "opd-1", "name": "Dinas"}]}]) == []


@override_settings(PRODUCTION=True)
def test_a_production_export_refuses_the_placeholder_ocid_prefix(tmp_path, scene):
    assert ids.ocid_prefix_is_placeholder()
    with pytest.raises(CommandError, match="Prefiks ocid masih contoh"):
        call_command("export_ocds", str(tmp_path), "--base-url", BASE, verbosity=0)
    assert list(tmp_path.iterdir()) == []
    with override_settings(KATALOG_RULES=REGISTERED):
        call_command("export_ocds", str(tmp_path), "--base-url", BASE, verbosity=0)
    assert (tmp_path / "ocds-katalog.json").exists()


def _libcoveocds(path: Path) -> dict:
    """Run the official validator's command line on one file, offline: the standard from the shipped ZIP
    (libcoveocds_offline.py serves the one schema libcoveocds would otherwise fetch for record packages), and
    every other network request sent to a closed local port (so the declared extensions cannot be fetched,
    and nothing is)."""
    closed = "http://127.0.0.1:9"
    env = {**os.environ, "HTTP_PROXY": closed, "HTTPS_PROXY": closed, "http_proxy": closed, "https_proxy": closed,
           "NO_PROXY": "", "no_proxy": ""}
    command = [sys.executable, "-m", "tests.opendata.libcoveocds_offline", "-s", "1.1", "--standard-zip",
               str(STANDARD_ZIP), str(path)]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300, check=False,
                            cwd=Path(__file__).resolve().parents[2])
    assert result.returncode == 0, (path.name, result.stderr[-600:])
    return json.loads(result.stdout)


def test_the_official_validator_finds_no_error_in_any_exported_file(tmp_path, scene):
    assert STANDARD_ZIP.exists(), f"{STANDARD_ZIP}: set KATALOG_OCDS_STANDARD_ZIP to standard-1__1__5.zip"
    with override_settings(KATALOG_RULES=REGISTERED):
        call_command("export_ocds", str(tmp_path), "--base-url", BASE, verbosity=0)
    written = sorted(p for p in tmp_path.iterdir() if p.suffix == ".json")
    year = scene.orders["paid"].fiscal_year
    assert {p.name for p in written} == {"ocds-katalog.json", "ocds-katalog-record.json",
                                         f"ocds-{year}-releases.json", f"ocds-{year}-records.json"}
    for path in written:
        report = _libcoveocds(path)
        assert report["validation_errors"] == [], (path.name, report["validation_errors"][:3])
        assert report["version_used"] == "1.1"
        # Offline, the declared extensions cannot be fetched: that, and nothing else, is what it says of them.
        declared = json.loads(path.read_text(encoding="utf-8"))["extensions"]
        assert set(report.get("extensions", {}).get("invalid_extension", {})) <= set(declared)
        assert report["additional_closed_codelist_values"] == {}, path.name
    # The same run finds a real error: a release whose date is not a date.
    broken = json.loads((tmp_path / f"ocds-{year}-releases.json").read_text(encoding="utf-8"))
    broken["releases"][0]["date"] = "kemarin"
    (tmp_path / "rusak.json").write_text(json.dumps(broken), encoding="utf-8")
    assert _libcoveocds(tmp_path / "rusak.json")["validation_errors"]


def test_demo_data_exports_nothing_dated_in_the_future_and_no_payment_without_a_record(tmp_path):
    from katalog.demo.generator import DemoGenerator
    from katalog.purchasing.models import Payment

    DemoGenerator(seed=7, products=120, suppliers=20, orders_per_year=60).run()
    with override_settings(KATALOG_RULES=REGISTERED):
        call_command("export_ocds", str(tmp_path), "--base-url", BASE, verbosity=0)
    now = ids.iso(timezone.now())
    paid_numbers = set(Payment.objects.values_list("order__number", flat=True))
    for path in tmp_path.glob("*-releases.json"):
        package = json.loads(path.read_text(encoding="utf-8"))
        assert package["publishedDate"] <= now
        for release in package["releases"]:
            assert release["date"] <= now, release["id"]
            if release["id"].endswith("-payment"):
                assert any(release["ocid"].endswith(n) for n in paid_numbers), release["id"]
