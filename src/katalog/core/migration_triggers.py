"""Schema changes on SQLite tables that carry triggers, for migrations.

SQLite adds or alters columns by rebuilding the table (new table, copy, drop, rename). Triggers on the table
are dropped with it, and triggers elsewhere that name it break the rename. So every trigger that mentions the
tables is set aside before the change and put back exactly as it was after it. PostgreSQL changes columns in
place and needs none of this.

    before, after = triggers_set_aside("catalogue_product")
    operations = [before, migrations.AddField(...), after]
"""

from django.db import migrations


def triggers_set_aside(*tables: str) -> tuple[migrations.RunPython, migrations.RunPython]:
    kept: list[str] = []

    def set_aside(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor != "sqlite":
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            for name, sql in cursor.fetchall():
                if sql and any(table in sql for table in tables):
                    kept.append(sql)
                    cursor.execute(f'DROP TRIGGER "{name}"')

    def put_back(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor != "sqlite":
            return
        with connection.cursor() as cursor:
            while kept:
                cursor.execute(kept.pop(0))

    return migrations.RunPython(set_aside, put_back), migrations.RunPython(put_back, set_aside)
