"""The search document's row id becomes preference class + tie hash, with facet tokens and keys.

The index is derived data: the table is recreated empty and every product is
queued, so the next search (or `katalog reindex`) fills it again.
"""

import katalog.catalogue.search.models
from django.db import migrations, models


def drop_engine_structures(apps, schema_editor):
    from katalog.catalogue.search.schema import uninstall

    uninstall(schema_editor.connection)


def install_and_queue_everything(apps, schema_editor):
    from katalog.catalogue.search.schema import install

    connection = schema_editor.connection
    install(connection)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM catalogue_searchterm")
        if connection.vendor == "sqlite":
            cursor.execute("DELETE FROM catalogue_searchterm_trgm")
        cursor.execute(
            "INSERT INTO catalogue_searchqueue(product_id) SELECT id FROM catalogue_product WHERE true "
            "ON CONFLICT DO NOTHING"
        )


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0004_search_engine")]

    operations = [
        migrations.RunPython(drop_engine_structures, migrations.RunPython.noop, elidable=False),
        migrations.DeleteModel(name="SearchDocument"),
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                ("tie", katalog.catalogue.search.models.RowIdField(primary_key=True, serialize=False)),
                ("product_id", models.BigIntegerField(unique=True)),
                ("name_terms", models.TextField()),
                ("body_terms", models.TextField()),
                ("facet_terms", models.TextField()),
                ("supplier_id", models.BigIntegerField()),
                ("category_id", models.BigIntegerField()),
                ("category_l1", models.BigIntegerField(null=True)),
                ("category_l2", models.BigIntegerField(null=True)),
                ("category_l3", models.BigIntegerField(null=True)),
                ("district_code", models.CharField(max_length=8)),
                ("scale", models.CharField(max_length=10)),
                ("is_umk", models.BooleanField()),
                ("is_local", models.BooleanField()),
                ("origin", models.CharField(max_length=10)),
                ("tkdn", models.IntegerField()),
                ("tkdn_bmp", models.IntegerField()),
                ("price", models.BigIntegerField()),
                ("is_halal", models.BooleanField()),
                ("has_sni", models.BooleanField()),
                ("preference", models.FloatField()),
                ("published_at", models.DateTimeField(null=True)),
                ("category_key", models.BigIntegerField(default=0)),
                ("facet_key", models.IntegerField(default=0)),
            ],
            options={
                "db_table": "catalogue_searchdocument",
                "indexes": [
                    models.Index(fields=["-preference", "tie"], name="catalogue_search_browse"),
                    models.Index(fields=["price"], name="catalogue_search_price"),
                    models.Index(fields=["district_code"], name="catalogue_search_district"),
                    models.Index(fields=["category_l1"], name="catalogue_search_cat1"),
                    models.Index(fields=["tie", "category_key", "facet_key"], name="catalogue_search_facets"),
                ],
            },
        ),
        migrations.RunPython(install_and_queue_everything, migrations.RunPython.noop, elidable=False),
    ]
