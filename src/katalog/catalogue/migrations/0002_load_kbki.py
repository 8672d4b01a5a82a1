"""Load the shipped KBKI code list on install."""

from django.db import migrations


def load(apps, schema_editor):
    from katalog.catalogue.kbki_loader import load_kbki

    load_kbki(apps.get_model("catalogue", "Kbki"), using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop, elidable=False)]
