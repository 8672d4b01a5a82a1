"""SQLite only: an index on the order's local month (figures.LocalMonth), so the monthly trend is read in
month order without sorting every order of the year. PostgreSQL groups by hashing and needs none.

The month expression carries the UTC offset of settings.TIME_ZONE at migration time (Indonesian zones
have no daylight saving). Should TIME_ZONE change, the query's expression no longer matches and SQLite
simply stops using this index: slower, never wrong.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations

NAME = "monitoring_order_year_local_month"


def _minutes() -> int:
    return int(ZoneInfo(settings.TIME_ZONE).utcoffset(datetime.datetime(2000, 1, 1)).total_seconds() // 60)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {NAME} ON purchasing_order (fiscal_year, "
        f"CAST(strftime('%m', created_at, '{_minutes():+d} minutes') AS INTEGER), "
        "status, supplier_is_umk, supplier_is_local, total)"
    )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0004_line_cell_triggers")]

    operations = [migrations.RunPython(forward, backward)]
