"""The index follows every change to the catalogue, whoever makes it."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F

from katalog.catalogue.models import Product, SearchDocument, SearchQueue, SearchTerm
from katalog.catalogue.search import indexer, search_products
from tests.factories import make_category, make_product, make_supplier


def names(query, **kwargs):
    return [h.product.name for h in search_products(query=query, **kwargs).hits]


@pytest.mark.django_db
def test_renamed_product_is_found_by_its_new_name_only():
    product = make_product(name="Gula Aren Cetak")
    assert names("gula aren") == ["Gula Aren Cetak"]
    product.name = "Madu Hutan Asli"
    product.save()
    assert names("madu hutan") == ["Madu Hutan Asli"]
    assert names("gula aren") == []


@pytest.mark.django_db
def test_product_taken_off_display_leaves_the_index():
    product = make_product(name="Lada Hitam Bubuk")
    assert names("lada") == ["Lada Hitam Bubuk"]
    Product.objects.filter(pk=product.pk).update(status=Product.Status.INACTIVE)
    assert names("lada") == []
    assert not SearchDocument.objects.filter(product_id=product.pk).exists()


@pytest.mark.django_db
def test_draft_products_are_never_indexed():
    make_product(name="Sulam Usus Taplak", status=Product.Status.DRAFT)
    assert names("sulam usus") == []


@pytest.mark.django_db
def test_bulk_created_products_are_indexed_without_any_service_call():
    supplier, category = make_supplier(), make_category("Kerajinan")
    Product.objects.bulk_create([
        Product(supplier=supplier, category=category, name=f"Kain Tapis Motif {i}", unit="lembar", price=500_000,
                status=Product.Status.ACTIVE)
        for i in range(30)
    ])
    assert search_products(query="kain tapis").total == 30


@pytest.mark.django_db
def test_deleted_product_leaves_the_index():
    product = make_product(name="Batik Lampung Sembagi")
    assert names("batik") == ["Batik Lampung Sembagi"]
    product.delete()
    assert names("batik") == []


@pytest.mark.django_db
def test_supplier_and_category_changes_reach_their_products():
    supplier = make_supplier(name="UD Lama")
    category = make_category("Olahan Kopi")
    make_product(supplier, category, name="Bubuk Robusta")
    supplier.name = "Koperasi Kopi Sumber Jaya"
    supplier.save()
    assert names("sumber jaya") == ["Bubuk Robusta"]
    category.name = "Oleh-oleh Khas Lampung"
    category.save()
    assert names("oleh") == ["Bubuk Robusta"]
    # Scale drives the preference for UMK: it is re-read too.
    supplier.scale = "besar"
    supplier.save()
    hit = search_products(query="robusta").hits[0]
    assert not any("mikro/kecil" in line for line in hit.why)


@pytest.mark.django_db
def test_sync_pending_empties_the_queue():
    make_product(name="Gula Aren")
    assert SearchQueue.objects.exists()
    indexer.sync_pending()
    assert not SearchQueue.objects.exists()
    assert SearchDocument.objects.count() == 1


@pytest.mark.django_db
def test_a_stock_change_queues_nothing_and_a_change_the_document_reads_queues_the_product():
    product = make_product(name="Gula Aren Cetak", stock=40)
    indexer.sync_pending()
    Product.objects.filter(pk=product.pk).update(stock=F("stock") - 3)  # what a checkout writes
    product.refresh_from_db()
    product.stock = 30
    product.save()  # a form's save writes every column; only the stock's value differs
    assert not SearchQueue.objects.exists()
    for field, value in (("price", product.price + 1_000), ("name", "Gula Aren Cetak 1 kg"),
                         ("status", Product.Status.INACTIVE)):
        Product.objects.filter(pk=product.pk).update(**{field: value})
        assert list(SearchQueue.objects.values_list("product_id", flat=True)) == [product.pk], field
        indexer.sync_pending()
    assert names("gula aren") == []  # taken off display through the queue


@pytest.mark.django_db
def test_a_suppliers_contact_change_queues_nothing_and_its_name_queues_its_products():
    supplier = make_supplier(name="UD Lama")
    products = [make_product(supplier, name="Bubuk Robusta"), make_product(supplier, name="Gula Aren")]
    make_product(make_supplier(name="UD Lain"), name="Madu Hutan")
    indexer.sync_pending()
    supplier.email = "baru@contoh.id"
    supplier.bank_account_number = "1234567890"
    supplier.save()
    assert not SearchQueue.objects.exists()
    type(supplier).objects.filter(pk=supplier.pk).update(name="Koperasi Kopi Sumber Jaya")
    assert sorted(SearchQueue.objects.values_list("product_id", flat=True)) == sorted(p.pk for p in products)
    assert sorted(names("sumber jaya")) == ["Bubuk Robusta", "Gula Aren"]


@pytest.mark.django_db
def test_an_older_update_trigger_that_queued_every_update_is_replaced():
    from django.db import connection

    from katalog.catalogue.search import schema

    product = make_product(name="Kopi Robusta Lampung", stock=10)
    with connection.cursor() as cursor:  # the definition installs had before: every update queued the product
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER catalogue_search_q_product_upd")
            cursor.execute("CREATE TRIGGER catalogue_search_q_product_upd AFTER UPDATE ON catalogue_product BEGIN "
                           "INSERT OR IGNORE INTO catalogue_searchqueue(product_id) VALUES (new.id); END")
        else:
            cursor.execute("CREATE OR REPLACE TRIGGER catalogue_search_q_product_upd AFTER UPDATE ON catalogue_product "
                           "REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT "
                           "EXECUTE FUNCTION catalogue_search_q_products()")
    indexer.sync_pending()
    Product.objects.filter(pk=product.pk).update(stock=9)
    assert SearchQueue.objects.count() == 1  # the older trigger is in place
    indexer.sync_pending()
    assert schema.install(connection) is False  # replaced, not missing: the catalogue is not queued again
    Product.objects.filter(pk=product.pk).update(stock=8)
    assert not SearchQueue.objects.exists()


@pytest.mark.django_db
def test_term_counts_follow_the_catalogue_so_corrections_do_too():
    product = make_product(name="Keripik Pisang")
    indexer.sync_pending()
    assert SearchTerm.objects.get(term="pisang").df == 1
    assert any("pisang" in n for n in search_products(query="keripik pisng").notes)
    Product.objects.filter(pk=product.pk).update(status=Product.Status.INACTIVE)
    indexer.sync_pending()
    assert SearchTerm.objects.get(term="pisang").df == 0
    assert search_products(query="pisng").total == 0


@pytest.mark.django_db
def test_reindex_command_rebuilds_the_same_index():
    for name in ("Keripik Pisang", "Kopi Robusta", "Kertas HVS"):
        make_product(name=name)
    before = [(h.product_id, h.score) for h in search_products(query="keripik kopi kertas").hits]
    SearchDocument.objects.all().delete()  # a damaged index
    out = StringIO()
    call_command("reindex", stdout=out, stderr=StringIO())
    assert "3 produk diindeks" in out.getvalue()
    assert [(h.product_id, h.score) for h in search_products(query="keripik kopi kertas").hits] == before


def index_rows():
    """Everything the index holds of the catalogue: every document column, and the term counts."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(indexer.DOC_COLUMNS)} FROM catalogue_searchdocument ORDER BY product_id")
        documents = cursor.fetchall()
        cursor.execute("SELECT term, df FROM catalogue_searchterm WHERE df > 0 ORDER BY term")
        return documents, cursor.fetchall()


@pytest.mark.parametrize("workers", [1, 2], ids=["in-process", "worker-processes"])
def test_full_reindex_writes_exactly_the_rows_the_incremental_indexer_writes(catalogue, monkeypatch, settings,
                                                                            workers):
    # Texts the analyser treats specially (accents, a hyphenated word, a synonym phrase, quantities, a long
    # description), products the public may not see between public ones, and batches smaller than the catalogue;
    # with worker processes, batches cut into pieces (a large catalogue's rebuild, indexer._built_batches).
    supplier, category = catalogue["suppliers"]["local_umk"], catalogue["categories"]["chips"]
    make_product(supplier, category, name="Oleh-oleh Kopi Café Lampung 1,5 kg", brand="Kopi Ñusantara",
                 description="Alat tulis kantor. " * 80, tkdn=25, bmp=15)
    make_product(supplier, category, name="Keripik Tempe Draf", status=Product.Status.DRAFT)
    make_product(supplier, category, name="T-shirt Batik 2 pcs", description="", tkdn=39.99, bmp=0.01)
    indexer.sync_pending()  # the incremental indexer, as services and searches run it
    incremental = index_rows()
    assert len(incremental[0]) == 18 and incremental[1]

    monkeypatch.setattr(indexer, "REBUILD_BATCH", 4)
    monkeypatch.setattr(indexer, "REBUILD_PIECE", 3)
    monkeypatch.setattr(indexer, "REBUILD_IN_WORKERS_FROM", 0)
    settings.KATALOG_REINDEX_WORKERS = workers
    assert indexer.rebuild() == 18
    assert index_rows() == incremental


@pytest.mark.django_db
def test_search_command_prints_ranked_json_for_scripts():
    supplier = make_supplier(name="UD Pisang Manis")
    make_product(supplier, name="Keripik Pisang Coklat", price=18_000)
    make_product(supplier, name="Keripik Pisang Keju", price=19_000)
    make_product(supplier, name="Kopi Bubuk")
    out = StringIO()
    call_command("search", "kripik pisng", "--json", "--limit", "1", stdout=out)
    payload = json.loads(out.getvalue())
    assert payload["total"] == 2
    assert len(payload["results"]) == 1
    first = payload["results"][0]
    assert set(first) >= {"id", "name", "supplier", "price", "score", "why"}
    assert first["supplier"] == "UD Pisang Manis"
    assert first["name"].startswith("Keripik Pisang")
    assert any("pisang" in line for line in first["why"])


@pytest.mark.django_db
def test_engine_objects_dropped_are_put_back_and_the_catalogue_queued():
    # What a SQLite table rebuild does to the triggers, and more: every engine object gone (schema.uninstall).
    from django.db import connection

    from katalog.catalogue.search import schema

    make_product(name="Kopi Robusta Lampung")
    schema.uninstall(connection)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM catalogue_searchqueue")
    schema.ensure_schema()  # the post_migrate receiver
    assert SearchQueue.objects.count() == Product.objects.filter(status=Product.Status.ACTIVE).count() == 1
    call_command("reindex", stdout=StringIO(), stderr=StringIO())
    assert names("kopi robusta") == ["Kopi Robusta Lampung"]
    assert schema.install(connection) is False  # nothing missing any more
