from django.db import migrations, models

from katalog.core.migration_triggers import triggers_set_aside


# SQLite adds these columns by rebuilding the table (new table, copy, drop, rename). Triggers on the table
# would be dropped with it and triggers elsewhere that name it break the rename, so every trigger that
# mentions the table is set aside and put back exactly as it was. PostgreSQL adds columns in place.
TABLES = ("purchasing_competition", "purchasing_orderline", "purchasing_quoteline")
BEFORE, AFTER = triggers_set_aside(*TABLES)  # SQLite rebuilds these tables: triggers set aside, put back


def competition_year_from_created_at(apps, schema_editor):
    """Competitions opened before the field existed were charged, like their orders, to the year they opened."""
    Competition = apps.get_model("purchasing", "Competition")
    for competition in Competition.objects.only("pk", "created_at").iterator():
        Competition.objects.filter(pk=competition.pk).update(fiscal_year=competition.created_at.year)


class Migration(migrations.Migration):

    dependencies = [
        ("purchasing", "0005_tkdn_unknown_is_not_zero"),
    ]

    operations = [
        BEFORE,
        migrations.AddField(
            model_name="competition", name="fiscal_year",
            field=models.PositiveSmallIntegerField(null=True, verbose_name="tahun anggaran"),
        ),
        migrations.RunPython(competition_year_from_created_at, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="competition", name="fiscal_year",
            field=models.PositiveSmallIntegerField(verbose_name="tahun anggaran"),
        ),
        migrations.AddField(
            model_name="orderline", name="siinas_registered", field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="quoteline", name="siinas_registered", field=models.BooleanField(default=False),
        ),
        AFTER,
    ]
