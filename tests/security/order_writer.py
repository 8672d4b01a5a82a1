"""Writes orders, each with its audit event in one transaction, until a stop file appears.

Prints every order's number after its transaction committed ("acknowledged"), so a test
knows which orders a backup must hold. Run: python -m tests.security.order_writer STOPFILE
"""

import os
import sys


def main(stop_file: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "katalog.settings")
    import django

    django.setup()
    from django.db import transaction

    from katalog.core.audit import record_event
    from katalog.core.roles import Role
    from tests.factories import make_agency, make_order, make_product, make_supplier, make_user

    with transaction.atomic():
        agency = make_agency()
        supplier = make_supplier()
        product = make_product(supplier)
        buyer = make_user(Role.PP, agency=agency)
    print("READY", flush=True)
    n = 0
    while not os.path.exists(stop_file):
        n += 1
        with transaction.atomic():
            order = make_order(agency=agency, supplier=supplier, buyer=buyer, lines=[(product, 1 + n % 5)],
                               number=f"W-{n:06d}")
            record_event(actor=buyer, action="order.create", obj=order, after={"number": order.number, "total": order.total})
        print(order.number, flush=True)
    print("STOP", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
