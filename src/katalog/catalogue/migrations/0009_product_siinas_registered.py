from django.db import migrations, models

from katalog.core.migration_triggers import triggers_set_aside


# SQLite adds these columns by rebuilding the table (new table, copy, drop, rename). Triggers on the table
# would be dropped with it and triggers elsewhere that name it break the rename, so every trigger that
# mentions the table is set aside and put back exactly as it was. PostgreSQL adds columns in place.
TABLES = ("catalogue_product",)
BEFORE, AFTER = triggers_set_aside(*TABLES)  # SQLite rebuilds these tables: triggers set aside, put back


class Migration(migrations.Migration):

    dependencies = [
        ("catalogue", "0008_tkdn_unknown_is_not_zero"),
    ]

    operations = [
        BEFORE,
        migrations.AddField(
            model_name="product",
            name="siinas_registered",
            field=models.BooleanField(default=False, verbose_name="tercatat di SIINas"),
        ),
        AFTER,
    ]
