"""Child process for the crash-safety test of the product import (tests/security/test_crash_safety.py).

    python -m tests.security.crash_import prepare
        Creates the categories, a verified supplier and a catalogue manager; prints them on one line `READY {json}`.

    python -m tests.security.crash_import run FILE --supplier NIB --user USERNAME --pause-after N
        Runs the real `import-products FILE --supplier NIB --publish --user USERNAME` command. Once at least
        N products of the file are written inside the import's transaction, it prints one line
        `MID-WRITE {"products": ..., "in_transaction": ...}` and sleeps, so the parent can kill it there.

The pause is found through Django's execute_wrapper (a documented hook on the database connection), not by
changing the import: the import writes products a chunk at a time and then the chunk's price history,
so the first price-history insert of a chunk is a moment when that chunk's products are written and the
transaction is still open.
"""

import argparse
import json
import os
import sys
import time

CATEGORY_PATHS = ("Makanan Ringan > Keripik", "Minuman > Kopi", "Alat Tulis Kantor")


def prepare() -> None:
    from django.db import transaction
    from django.test import override_settings

    from katalog.core.roles import Role
    from tests.factories import make_category, make_supplier, make_user

    # Argon2 costs about half a second a person; these accounts never log in.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]), transaction.atomic():
        for path in CATEGORY_PATHS:
            parent = None
            for name in path.split(" > "):
                parent = make_category(name, parent=parent)
        supplier = make_supplier(name="UD Keripik Abung Jaya", is_pkp=False)
        manager = make_user(Role.CATALOGUE_MANAGER, username="pengelola.katalog")
    print("READY " + json.dumps({"nib": supplier.nib, "supplier_id": supplier.pk, "user": manager.username,
                      "categories": list(CATEGORY_PATHS)}), flush=True)


def run(file: str, *, supplier: str, user: str, pause_after: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from katalog.suppliers.models import Supplier

    supplier_id = Supplier.objects.values_list("pk", flat=True).get(nib=supplier)
    paused = False

    def pause_mid_write(execute, sql, params, many, context):
        nonlocal paused
        if not paused and sql.lstrip().upper().startswith('INSERT INTO "CATALOGUE_PRICECHANGE"'):
            paused = True  # also keeps the count query below from coming back through this wrapper
            with connection.cursor() as cursor:
                cursor.execute("SELECT COUNT(*) FROM catalogue_product WHERE supplier_id = %s", [supplier_id])
                written = cursor.fetchone()[0]
            if written >= pause_after:
                marker = {"products": written, "in_transaction": connection.in_atomic_block}
                print("MID-WRITE " + json.dumps(marker), flush=True)
                time.sleep(300)  # the parent kills the process here; it never waits this long
            else:
                paused = False
        return execute(sql, params, many, context)

    with connection.execute_wrapper(pause_mid_write):
        call_command("import_products", file, supplier=supplier, publish=True, user=user)
    print("FINISHED", flush=True)  # reaching this line means the pause never came: the parent fails the test


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("prepare")
    importing = commands.add_parser("run")
    importing.add_argument("file")
    importing.add_argument("--supplier", required=True)
    importing.add_argument("--user", required=True)
    importing.add_argument("--pause-after", type=int, required=True)
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "katalog.settings")
    import django

    django.setup()
    if args.command == "prepare":
        prepare()
    else:
        run(args.file, supplier=args.supplier, user=args.user, pause_after=args.pause_after)


if __name__ == "__main__":
    main(sys.argv[1:])
