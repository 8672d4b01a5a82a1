"""Tables of the search index: a derived copy of the catalogue, rebuilt by `katalog reindex`.

* `SearchDocument`: one row per product that the public may see, with its
  analysed text and the facts the facets and the ranking need, so a search
  never joins the catalogue tables. SQLite indexes it with an FTS5 table
  (`catalogue_search_fts`, external content); PostgreSQL with a generated
  `search_vector` tsvector column and a GIN index (migration 0004).
* `SearchTerm`: every index term with its document frequency, for spelling
  correction (FTS5 trigram table on SQLite, pg_trgm on PostgreSQL) and
  prefix completion.
* `SearchQueue`: product ids whose document is stale. Database triggers on
  the product, supplier and category tables add to it, so a change made by any
  code (services, seed data, bulk loads, the admin) is picked up; services
  drain it in their own transaction, and a search drains what is left.
"""

from django.db import models


class RowIdField(models.BigIntegerField):
    """A big integer that SQLite stores as its rowid (`integer primary key`), for FTS5 external content."""

    def db_type(self, connection):
        if connection.vendor == "sqlite":
            return "integer"
        return super().db_type(connection)


class SearchDocument(models.Model):
    # The row id is not the product id but (preference rank << 58) | tie hash (ranking.document_rowid):
    # the engine returns documents in row-id order, so the preference class of a match and the tie-break
    # among equals are known from the row id alone, without reading the row.
    tie = RowIdField(primary_key=True)
    product_id = models.BigIntegerField(unique=True)
    name_terms = models.TextField()
    body_terms = models.TextField()
    facet_terms = models.TextField()  # facets.py: one token per facet value, bm25 weight 0
    supplier_id = models.BigIntegerField()
    category_id = models.BigIntegerField()
    # The category's ancestors by level (level 1 = top), for filtering a whole branch.
    category_l1 = models.BigIntegerField(null=True)
    category_l2 = models.BigIntegerField(null=True)
    category_l3 = models.BigIntegerField(null=True)
    district_code = models.CharField(max_length=8)  # the supplier's kecamatan
    scale = models.CharField(max_length=10)
    is_umk = models.BooleanField()
    is_local = models.BooleanField()  # supplier in this installation's kabupaten
    origin = models.CharField(max_length=10)
    tkdn = models.IntegerField()  # hundredths of a percent: 25.50% → 2550
    tkdn_bmp = models.IntegerField()
    price = models.BigIntegerField()
    is_halal = models.BooleanField()
    has_sni = models.BooleanField()
    # The preference for local, UMK and high-TKDN offers (search/ranking.py), computed when indexed.
    preference = models.FloatField()
    published_at = models.DateTimeField(null=True)
    # Every facet value packed into two integers (facets.pack_*): a facet count groups by these two
    # columns, read from the covering index catalogue_search_facets.
    category_key = models.BigIntegerField(default=0)
    facet_key = models.IntegerField(default=0)

    class Meta:
        db_table = "catalogue_searchdocument"
        indexes = [
            models.Index(fields=["-preference", "tie"], name="catalogue_search_browse"),
            models.Index(fields=["price"], name="catalogue_search_price"),
            models.Index(fields=["district_code"], name="catalogue_search_district"),
            models.Index(fields=["category_l1"], name="catalogue_search_cat1"),
            models.Index(fields=["tie", "category_key", "facet_key"], name="catalogue_search_facets"),
        ]


class SearchTerm(models.Model):
    term = models.CharField(max_length=100, unique=True)
    df = models.IntegerField(default=0)  # number of documents holding the term

    class Meta:
        db_table = "catalogue_searchterm"


class SearchQueue(models.Model):
    product_id = models.BigIntegerField(primary_key=True)

    class Meta:
        db_table = "catalogue_searchqueue"
