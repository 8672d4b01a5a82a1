"""Covering indexes on the purchasing tables for the monitoring dashboard (issue #6).

They belong by rights to the purchasing app; they are created here, with IF NOT EXISTS, so that the
dashboard is fast today without editing another app's migrations. If purchasing adds the same
indexes itself, drop this migration's operations (the names are prefixed `monitoring_`).

- orders of a fiscal year in OPD order (so the per-OPD sums need no sort), with the status and everything
  the per-OPD and per-month sums read, so those queries never touch the table itself;
- order lines by order, with origin/TKDN/BMP/subtotal for the domestic-product tiers.
"""

from django.db import migrations

ORDER_INDEX = (
    "CREATE INDEX IF NOT EXISTS monitoring_order_year_status_cover ON purchasing_order "
    "(fiscal_year, agency_id, status, supplier_is_umk, supplier_is_local, total, created_at)"
)
LINE_INDEX = (
    "CREATE INDEX IF NOT EXISTS monitoring_orderline_order_cover ON purchasing_orderline "
    "(order_id, origin, tkdn, bmp, subtotal)"
)


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0001_initial"),
        ("purchasing", "0002_e_purchasing_flow"),
    ]

    operations = [
        migrations.RunSQL(ORDER_INDEX, "DROP INDEX IF EXISTS monitoring_order_year_status_cover"),
        migrations.RunSQL(LINE_INDEX, "DROP INDEX IF EXISTS monitoring_orderline_order_cover"),
    ]
