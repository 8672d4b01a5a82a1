"""Engine-specific search structures (search/schema.py): FTS5 tables on SQLite;
pg_trgm, the generated tsvector column and GIN indexes on PostgreSQL; the
triggers that queue changed products for indexing on both."""

from django.db import migrations


def install(apps, schema_editor):
    from katalog.catalogue.search.schema import install

    install(schema_editor.connection)


def uninstall(apps, schema_editor):
    from katalog.catalogue.search.schema import uninstall

    uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0003_products_photos_references_search_tables")]
    operations = [migrations.RunPython(install, uninstall, elidable=False)]
