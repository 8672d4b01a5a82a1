"""Load every Kemendagri region on install, so addresses work anywhere in Indonesia."""

from django.db import migrations


def load(apps, schema_editor):
    from katalog.regions.loader import load_regions

    load_regions(apps=apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop, elidable=False)]
