"""Triggers on purchasing_order / purchasing_orderline that keep monitoring_linecell exact, and the
first fill of the table from the lines already there (see monitoring/summary.py)."""

from django.db import migrations


def forward(apps, schema_editor):
    from katalog.monitoring import summary

    summary.rebuild(schema_editor.connection)


def backward(apps, schema_editor):
    from katalog.monitoring import summary

    summary.drop_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0003_line_cells"),
        ("purchasing", "0002_e_purchasing_flow"),
    ]

    operations = [migrations.RunPython(forward, backward)]
