"""OCDS publication: every file the project can produce validates against the vendored OCDS 1.1.5 schemas."""

import hashlib
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from katalog.opendata.ocds import identifiers as ids
from katalog.opendata.ocds import packages, validation
from katalog.opendata.ocds.merge import compile_releases
from katalog.purchasing.states import OrderStatus
from tests.opendata.ocds_helpers import build_scene

BASE = "https://katalog.example.go.id/"
pytestmark = pytest.mark.django_db


def _releases(order):
    package = packages.process_release_package(ids.order_ocid(order), base_url=BASE)
    return package["releases"] if package else []


@pytest.fixture
def scene():
    return build_scene()


def test_vendored_schemas_are_the_official_files_unchanged():
    expected = {
        "release-schema.json": "fac192e1ccfb061f5164bdb2d64c29e517c0f81661996b97de40cebc55a2c1bc",
        "release-package-schema.json": "06577cec73cc16eca0cac331a7ea9ee9cd684b21c55f5f0711f7442623153698",
        "record-package-schema.json": "ba7bc9acfc307b6f311a54a62f686f1d9e199e61712314f995a090b660168da1",
        "versioned-release-validation-schema.json": "7b0271756c954eba16fdd1b364811aaf5381d23d057400b906a2aa978dc5cf84",
    }
    for name, digest in expected.items():
        assert hashlib.sha256((validation.OCDS_DIR / name).read_bytes()).hexdigest() == digest, name
    assert "Apache License" in (validation.OCDS_DIR / "LICENSE").read_text()


def test_validation_resolves_the_canonical_urls_locally_and_never_fetches():
    resolver = validation.registry().resolver()
    resolved = resolver.lookup("https://standard.open-contracting.org/schema/1__1__5/release-schema.json")
    assert resolved.contents["title"] == "Schema for an Open Contracting Release"
    with pytest.raises(Exception):
        resolver.lookup("https://standard.open-contracting.org/schema/1__1__5/no-such-schema.json")


def test_validation_catches_a_broken_release():
    broken = {"uri": "not a uri", "version": "1.1", "publishedDate": "yesterday", "publisher": {"name": "x"},
              "releases": [{"ocid": "ocds-xxxxxx-1", "id": "1", "date": "2026-01-01", "tag": ["bid"],
                            "initiationType": "tender"}]}
    errors = validation.release_package_errors(broken)
    joined = " ".join(errors)
    assert "uri" in joined and "publishedDate" in joined and "'bid' is not one of" in joined
    assert any("language" in e for e in errors)  # our profile: releases are in Indonesian


def test_every_ocds_file_the_project_produces_validates(scene):
    year = scene.orders["paid"].fiscal_year
    release_packages = [
        packages.process_release_package(ids.catalogue_ocid(), base_url=BASE),
        packages.year_release_package(year, base_url=BASE),
    ]
    record_packages = [
        packages.process_record_package(ids.catalogue_ocid(), base_url=BASE),
        packages.year_record_package(year, base_url=BASE),
    ]
    for order in scene.orders.values():
        ocid = ids.order_ocid(order)
        if packages.process_release_package(ocid, base_url=BASE) is not None:
            release_packages.append(packages.process_release_package(ocid, base_url=BASE))
            record_packages.append(packages.process_record_package(ocid, base_url=BASE))
    assert len(release_packages) == 2 + 9  # twelve orders, three never awarded
    for package in release_packages:
        assert validation.release_package_errors(package) == [], package["uri"]
    for package in record_packages:
        assert validation.record_package_errors(package) == [], package["uri"]


def test_orders_never_awarded_are_not_published(scene):
    for name in ("in_negotiation", "cancelled_in_negotiation", "legacy_cancelled_by_request"):
        assert _releases(scene.orders[name]) == [], name


def test_a_paid_order_has_one_release_per_event_with_stable_ids_and_dates_in_order(scene):
    order = scene.orders["paid"]
    releases = _releases(order)
    ocid = ids.order_ocid(order)
    assert ocid == f"{ids.ocid_prefix()}-{order.number}"
    assert [r["id"] for r in releases] == [f"{ocid}-{key}" for key in (
        "award", "contract", "contract-signed", "delivery-1-shipped", "delivery-1-received", "bast", "payment")]
    assert [r["tag"] for r in releases] == [["award"], ["contract"], ["contractUpdate"], ["implementation"],
                                            ["implementationUpdate"], ["implementation"],
                                            ["implementation", "contractTermination"]]
    dates = [r["date"] for r in releases]
    assert dates == sorted(dates)
    assert _releases(order) == releases  # regenerated: identical


def test_a_paid_order_carries_parties_items_contract_and_payment(scene):
    world, order = scene.world, scene.orders["paid"]
    last = _releases(order)[-1]
    parties = {p["id"]: p for p in last["parties"]}
    buyer = parties[f"opd-{world.agency.code}"]
    supplier = parties[f"penyedia-{world.supplier.pk}"]
    assert buyer["roles"] == ["buyer", "procuringEntity", "payer"]
    assert supplier["roles"] == ["supplier", "payee"]
    assert supplier["details"]["scale"] == "micro"
    assert {(c["scheme"], c["id"]) for c in supplier["details"]["classifications"]} == {
        ("KATALOG-LOKAL", "lokal"), ("KATALOG-UMK", "umk")}
    assert last["relatedProcesses"][0]["relationship"] == ["framework"]
    assert last["relatedProcesses"][0]["identifier"] == ids.catalogue_ocid()
    item = last["awards"][0]["items"][0]
    assert item["classification"] == {"scheme": "KBKI", "id": world.category.kbki.code,
                                      "description": world.category.kbki.title}
    assert item["unit"]["value"] == {"amount": 50_000, "currency": "IDR"}
    assert last["awards"][0]["value"] == {"amount": order.total, "currency": "IDR"}
    contract = last["contracts"][0]
    assert contract["status"] == "terminated" and "dateSigned" in contract
    transaction = contract["implementation"]["transactions"][0]
    assert transaction["value"] == {"amount": order.total, "currency": "IDR"}
    assert transaction["payer"]["id"] == buyer["id"] and transaction["payee"]["id"] == supplier["id"]
    milestones = {m["id"]: m["status"] for m in contract["implementation"]["milestones"]}
    assert milestones == {"delivery-1": "met", "bast": "met"}
    assert last["planning"]["budget"]["projectID"] == order.rup_code


def test_award_release_keeps_the_value_agreed_before_a_later_adendum(scene):
    order = scene.orders["amended_partly_delivered"]
    releases = {r["id"].rsplit("-", 1)[-1] if "amendment" in r["id"] else r["id"].split(order.number + "-")[1]: r
                for r in _releases(order)}
    assert releases["award"]["awards"][0]["items"][0]["quantity"] == 10
    assert releases["award"]["awards"][0]["value"]["amount"] == 10 * 50_000
    assert releases["1"]["tag"] == ["contractAmendment"]
    assert releases["1"]["contracts"][0]["items"][0]["quantity"] == 11
    shipped = releases["delivery-1-shipped"]["contracts"][0]["implementation"]["milestones"][0]
    assert shipped["status"] == "scheduled"


def test_cancellations_after_the_award_are_published_as_such(scene):
    rejected = _releases(scene.orders["rejected_by_supplier"])
    assert [r["tag"] for r in rejected] == [["award"], ["awardCancellation"]]
    assert rejected[-1]["awards"][0]["status"] == "cancelled"
    halted = _releases(scene.orders["halted"])[-1]
    assert halted["tag"] == ["contractTermination"]
    assert halted["contracts"][0]["status"] == "terminated"
    assert "Banjir" not in json.dumps(halted)  # the free-text reason stays inside the system


def test_status_only_orders_get_their_events_dated_from_the_order_and_are_never_paid_without_a_payment(scene):
    order = scene.orders["legacy_paid"]
    releases = _releases(order)
    # Status PAID but no payment record: published up to the handover, never as paid.
    assert [r["id"].split(order.number + "-")[1] for r in releases] == [
        "award", "contract", "contract-signed", "bast"]
    assert releases[-1]["date"] == ids.iso(order.status_changed_at)
    text = json.dumps(releases)
    assert '"payment"' not in text and "transactions" not in text and '"payee"' not in text
    assert releases[-1]["contracts"][0]["status"] == "active"


def test_nothing_personal_is_published(scene):
    world = scene.world
    text = json.dumps([
        packages.year_release_package(scene.orders["paid"].fiscal_year, base_url=BASE),
        packages.process_release_package(ids.catalogue_ocid(), base_url=BASE),
    ], ensure_ascii=False)
    supplier = world.supplier
    secrets = [supplier.owner_name, supplier.nib, supplier.npwp, supplier.address,
               world.pp.full_name, world.ppk.full_name, world.pp.nip, world.ppk.nip, world.treasurer.full_name,
               world.seller.full_name, "Dibayar tunai oleh bendahara pembantu", "Stok habis", "Anggaran digeser"]
    for secret in secrets:
        assert secret and secret not in text, secret


def test_compiled_release_is_the_latest_state(scene):
    releases = _releases(scene.orders["paid"])
    compiled = compile_releases(releases)
    assert compiled["tag"] == ["compiled"]
    assert compiled["date"] == releases[-1]["date"]
    assert compiled["contracts"][0]["status"] == "terminated"
    assert validation.release_errors(compiled) == []


def test_catalogue_record_lists_verified_suppliers_as_framework_awards(scene):
    package = packages.process_record_package(ids.catalogue_ocid(), base_url=BASE)
    compiled = package["records"][0]["compiledRelease"]
    assert compiled["tender"]["procurementMethod"] == "open"
    assert f"penyedia-{scene.world.supplier.pk}" in {a["id"] for a in compiled["awards"]}
    assert package["records"][0]["releases"][0]["tag"] == ["tender"]


def test_download_pages_serve_each_format(client, scene):
    year = scene.orders["paid"].fiscal_year
    order = scene.orders["paid"]
    for name, args, content_type in [
        ("opendata:ocds_index", [], "text/html"),
        ("opendata:ocds_catalogue", [], "application/json"),
        ("opendata:ocds_year", [year], "application/json"),
        ("opendata:ocds_year_records", [year], "application/json"),
        ("opendata:ocds_year_csv", [year], "text/csv"),
        ("opendata:ocds_year_items_csv", [year], "text/csv"),
        ("opendata:ocds_year_xlsx", [year], "application/vnd.openxmlformats"),
        ("opendata:ocds_process", [ids.order_ocid(order)], "application/json"),
        ("opendata:ocds_process_record", [ids.order_ocid(order)], "application/json"),
    ]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, name
        assert response["Content-Type"].startswith(content_type), name
    package = client.get(reverse("opendata:ocds_year", args=[year])).json()
    assert package["uri"] == "http://testserver" + reverse("opendata:ocds_year", args=[year])
    assert validation.release_package_errors(package) == []
    csv_text = client.get(reverse("opendata:ocds_year_csv", args=[year])).content.decode("utf-8-sig")
    header = csv_text.splitlines()[0].split(",")
    assert header[:2] == ["ocid", "initiationType"] or "ocid" in header
    assert order.number in csv_text


def test_unknown_processes_and_empty_years_are_404(client, scene):
    assert client.get(reverse("opendata:ocds_process", args=["ocds-xxxxxx-nope"])).status_code == 404
    never_awarded = ids.order_ocid(scene.orders["in_negotiation"])
    assert client.get(reverse("opendata:ocds_process", args=[never_awarded])).status_code == 404
    assert client.get(reverse("opendata:ocds_year", args=[1999])).status_code == 404
    assert client.get(reverse("opendata:ocds_year_csv", args=[2001])).status_code == 404


def test_export_command_writes_valid_files(tmp_path, scene):
    call_command("export_ocds", str(tmp_path), "--base-url", BASE, verbosity=0)
    year = scene.orders["paid"].fiscal_year
    names = {p.name for p in tmp_path.iterdir()}
    assert {"ocds-katalog.json", "ocds-katalog-record.json", f"ocds-{year}-releases.json",
            f"ocds-{year}-records.json", f"ocds-{year}-proses.csv", f"ocds-{year}-barang.csv"} <= names
    for name in names:
        if name.endswith(".json"):
            package = json.loads((tmp_path / name).read_text(encoding="utf-8"))
            errors = (validation.record_package_errors(package) if "records" in package
                      else validation.release_package_errors(package))
            assert errors == [], name


def test_ocid_of_an_order_with_an_unsafe_number_uses_its_id(scene):
    order = scene.orders["legacy_processing"]
    order.number = "027/001/EP/2026"
    order.save(update_fields=["number"])
    ocid = ids.order_ocid(order)
    assert ocid == f"{ids.ocid_prefix()}-id{order.pk}"
    assert _releases(order)[0]["ocid"] == ocid
    assert order.status == OrderStatus.PROCESSING


def test_bulk_files_are_built_once_per_state_of_the_data(client, scene, django_assert_max_num_queries):
    world = scene.world
    year = scene.orders["paid"].fiscal_year
    url = reverse("opendata:ocds_year", args=[year])
    first = client.get(url).content
    with django_assert_max_num_queries(8):  # the fingerprint only: the package comes from the cache
        assert client.get(url).content == first
    from tests.purchasing.helpers import accepted

    newer = accepted(world)
    changed = client.get(url).content
    assert changed != first and newer.number.encode() in changed
