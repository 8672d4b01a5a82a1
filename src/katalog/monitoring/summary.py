"""The line-cell summary (models.LineCell): database triggers that keep it exact, and a rebuild.

Triggers, not application code, maintain it, so that it holds whatever writes the orders (purchasing
services, bulk inserts, data fixes in SQL). Each trigger adds signed amounts with an UPSERT: a new line
adds its subtotal to the cell of (its order's year, OPD, status, its TKDN tier); a deleted line
subtracts it; an updated line does both; an order whose year, OPD or status changes moves its lines
from the old cells to the new ones. On PostgreSQL one UPSERT takes its rows in key order, so two
transactions never lock two cells in opposite orders.

The tier (Perpres 46/2025 Pasal 66, states.tier_of) is computed inside the trigger with the
KATALOG_RULES thresholds of the day the triggers were made; every cell records them (tkdn_min,
tkdn_bmp_min), and figures.py only trusts cells made with the current thresholds.

The triggers live on the purchasing tables but belong to this app; their names start with `monitoring_`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

KEY = "fiscal_year, agency_id, status, tier, tkdn_min, tkdn_bmp_min"
UPSERT = (f"ON CONFLICT ({KEY}) DO UPDATE SET goods = monitoring_linecell.goods + excluded.goods, "
          "lines = monitoring_linecell.lines + excluded.lines")
INSERT = f"INSERT INTO monitoring_linecell ({KEY}, goods, lines)"
TRIGGER_NAMES = ("line_insert", "line_delete", "line_update", "order_update", "order_delete")


def thresholds() -> tuple[int, int]:
    rules = settings.KATALOG_RULES
    return int(rules["tkdn_minimum_percent"]), int(rules["tkdn_bmp_minimum_percent"])


def tier_sql(row: str) -> str:
    """The tier of a line as SQL (row: "NEW.", "OLD." or "l."); mirrors states.tier_of."""
    minimum, with_bmp = thresholds()
    return (f"CASE WHEN {row}origin = 'impor' THEN 'import' "
            f"WHEN {row}tkdn >= {minimum} AND {row}bmp >= {with_bmp} - {row}tkdn THEN 'tkdn_bmp' "
            f"WHEN {row}tkdn >= {minimum} THEN 'tkdn' ELSE 'low_tkdn' END")


def _marks() -> str:
    minimum, with_bmp = thresholds()
    return f"{minimum}, {with_bmp}"


def _sqlite_create() -> list[str]:
    marks = _marks()

    def one_line(row, sign):
        return (f"{INSERT} SELECT o.fiscal_year, o.agency_id, o.status, {tier_sql(row)}, {marks}, "
                f"{sign}{row}subtotal, {sign}1 FROM purchasing_order o WHERE o.id = {row}order_id {UPSERT};")

    def order_lines(row, sign):
        return (f"{INSERT} SELECT {row}fiscal_year, {row}agency_id, {row}status, {tier_sql('l.')} AS tier, {marks}, "
                f"{sign}SUM(l.subtotal), {sign}COUNT(*) FROM purchasing_orderline l WHERE l.order_id = {row}id "
                f"GROUP BY tier {UPSERT};")

    return [
        f"CREATE TRIGGER monitoring_linecell_line_insert AFTER INSERT ON purchasing_orderline BEGIN "
        f"{one_line('NEW.', '')} END",
        f"CREATE TRIGGER monitoring_linecell_line_delete AFTER DELETE ON purchasing_orderline BEGIN "
        f"{one_line('OLD.', '-')} END",
        f"CREATE TRIGGER monitoring_linecell_line_update AFTER UPDATE OF order_id, subtotal, origin, tkdn, bmp "
        f"ON purchasing_orderline BEGIN {one_line('OLD.', '-')} {one_line('NEW.', '')} END",
        "CREATE TRIGGER monitoring_linecell_order_update AFTER UPDATE OF fiscal_year, agency_id, status "
        "ON purchasing_order WHEN OLD.fiscal_year IS NOT NEW.fiscal_year OR OLD.agency_id IS NOT NEW.agency_id "
        f"OR OLD.status IS NOT NEW.status BEGIN {order_lines('OLD.', '-')} {order_lines('NEW.', '')} END",
        f"CREATE TRIGGER monitoring_linecell_order_delete AFTER DELETE ON purchasing_order BEGIN "
        f"{order_lines('OLD.', '-')} END",
    ]


def _postgres_create() -> list[str]:
    marks = _marks()
    return [
        f"""CREATE OR REPLACE FUNCTION monitoring_linecell_line() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' AND OLD.order_id = NEW.order_id AND OLD.subtotal = NEW.subtotal
               AND OLD.origin = NEW.origin AND OLD.tkdn = NEW.tkdn AND OLD.bmp = NEW.bmp THEN
                RETURN NULL;
            END IF;
            {INSERT}
            SELECT o.fiscal_year, o.agency_id, o.status, c.tier, {marks}, SUM(c.goods), SUM(c.lines)
            FROM (SELECT OLD.order_id AS order_id, {tier_sql('OLD.')} AS tier, -OLD.subtotal AS goods, -1 AS lines
                  WHERE TG_OP IN ('UPDATE', 'DELETE')
                  UNION ALL
                  SELECT NEW.order_id, {tier_sql('NEW.')}, NEW.subtotal, 1 WHERE TG_OP IN ('UPDATE', 'INSERT')) c
            JOIN purchasing_order o ON o.id = c.order_id
            GROUP BY o.fiscal_year, o.agency_id, o.status, c.tier
            ORDER BY o.fiscal_year, o.agency_id, o.status, c.tier
            {UPSERT};
            RETURN NULL;
        END $$""",
        f"""CREATE OR REPLACE FUNCTION monitoring_linecell_order() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' AND OLD.fiscal_year = NEW.fiscal_year AND OLD.agency_id = NEW.agency_id
               AND OLD.status = NEW.status THEN
                RETURN NULL;
            END IF;
            {INSERT}
            SELECT c.fiscal_year, c.agency_id, c.status, c.tier, {marks}, SUM(c.goods), SUM(c.lines)
            FROM (SELECT OLD.fiscal_year AS fiscal_year, OLD.agency_id AS agency_id, OLD.status AS status,
                         {tier_sql('l.')} AS tier, -l.subtotal AS goods, -1 AS lines
                  FROM purchasing_orderline l WHERE l.order_id = OLD.id
                  UNION ALL
                  SELECT NEW.fiscal_year, NEW.agency_id, NEW.status, {tier_sql('l.')}, l.subtotal, 1
                  FROM purchasing_orderline l WHERE TG_OP = 'UPDATE' AND l.order_id = NEW.id) c
            GROUP BY c.fiscal_year, c.agency_id, c.status, c.tier
            ORDER BY c.fiscal_year, c.agency_id, c.status, c.tier
            {UPSERT};
            RETURN NULL;
        END $$""",
        """CREATE TRIGGER monitoring_linecell_line AFTER INSERT OR UPDATE OR DELETE ON purchasing_orderline
           FOR EACH ROW EXECUTE FUNCTION monitoring_linecell_line()""",
        """CREATE TRIGGER monitoring_linecell_order AFTER UPDATE OR DELETE ON purchasing_order
           FOR EACH ROW EXECUTE FUNCTION monitoring_linecell_order()""",
    ]


def drop_triggers(connection) -> None:
    if connection.vendor == "sqlite":
        statements = [f"DROP TRIGGER IF EXISTS monitoring_linecell_{name}" for name in TRIGGER_NAMES]
    elif connection.vendor == "postgresql":
        statements = [
            "DROP TRIGGER IF EXISTS monitoring_linecell_line ON purchasing_orderline",
            "DROP TRIGGER IF EXISTS monitoring_linecell_order ON purchasing_order",
            "DROP FUNCTION IF EXISTS monitoring_linecell_line()",
            "DROP FUNCTION IF EXISTS monitoring_linecell_order()",
        ]
    else:
        statements = []
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def create_triggers(connection) -> None:
    """(Re)create the triggers with today's thresholds."""
    statements = {"sqlite": _sqlite_create, "postgresql": _postgres_create}.get(connection.vendor)
    if statements is None:
        raise NotImplementedError(f"monitoring line cells: no triggers for {connection.vendor}")
    drop_triggers(connection)
    with connection.cursor() as cursor:
        for sql in statements():
            cursor.execute(sql)


def rebuild(connection) -> None:
    """Recreate the triggers and recompute every cell from the order lines, in one transaction."""
    with transaction.atomic(using=connection.alias):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("LOCK TABLE purchasing_order, purchasing_orderline IN SHARE ROW EXCLUSIVE MODE")
        create_triggers(connection)
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM monitoring_linecell")
            cursor.execute(
                f"{INSERT} SELECT o.fiscal_year, o.agency_id, o.status, {tier_sql('l.')} AS tier, {_marks()}, "
                "SUM(l.subtotal), COUNT(*) FROM purchasing_orderline l JOIN purchasing_order o ON o.id = l.order_id "
                "GROUP BY o.fiscal_year, o.agency_id, o.status, tier"
            )
