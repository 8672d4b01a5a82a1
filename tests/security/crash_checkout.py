"""Child process for the crash-safety tests of order submission (tests/security/test_crash_safety.py).

    python -m tests.security.crash_checkout prepare --lines 50 [--placed]
        Creates an OPD with its PP and PPK, a verified UMKM supplier with its account, products with known
        stock, and the PP's cart holding one line per product, through the real cart service. With
        --placed the cart is also checked out and the order placed with the supplier. Prints `READY {json}`.

    python -m tests.security.crash_checkout checkout --key KEY [--pause-after N]
        The real checkout (`order_checkout`, what the cart page calls) of the PP's cart.

    python -m tests.security.crash_checkout accept --order ID [--pause-after N]
        The supplier's acceptance (`order_accept`), which takes every line's quantity off the stock.

With --pause-after N, a post_save receiver connected here (the application has none) prints one line
`MID-WRITE {...}` once N order lines (checkout) or N stock reservations (acceptance) are written inside
the service's transaction, then sleeps so the parent can kill the process there. A run that completes
prints `DONE {...}` with what it made.
"""

import argparse
import json
import os
import sys
import time
from datetime import timedelta

RUP_CODE = "48120007"
FUNDING = "5.1.02.01.01.0052 Belanja Makanan dan Minuman Rapat"
ADDRESS = "Jl. Jenderal Sudirman No. 1, Kotabumi"


def _people():
    from katalog.agencies.models import User
    from katalog.core.roles import Role

    return (User.objects.get(username="pp.crash", role=Role.PP), User.objects.get(username="ppk.crash"),
            User.objects.get(username="penyedia.crash"))


def _checkout(key: str):
    from django.utils import timezone

    from katalog.purchasing import services

    pp, ppk, _seller = _people()
    return services.order_checkout(
        user=pp, cart=pp.carts.get(), idempotency_key=key, rup_code=RUP_CODE, funding_source=FUNDING,
        delivery_address=ADDRESS, requested_date=timezone.localdate() + timedelta(days=14), ppk=ppk,
    )


def prepare(lines: int, placed: bool) -> None:
    from decimal import Decimal

    from django.test import override_settings

    from katalog.core.roles import Role
    from katalog.purchasing import services
    from tests.factories import make_agency, make_category, make_product, make_supplier, make_user

    # Argon2 costs about half a second a person; these accounts never log in.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        agency = make_agency(name="Dinas Koperasi dan UMKM", address=ADDRESS)
        pp = make_user(Role.PP, agency=agency, username="pp.crash")
        make_user(Role.PPK, agency=agency, username="ppk.crash")
        supplier = make_supplier(name="CV Kopi Robusta Abung", scale="mikro")
        make_user(Role.SUPPLIER, supplier=supplier, username="penyedia.crash")
    category = make_category("Makanan dan Minuman Rapat")
    stock, quantities = {}, {}
    for i in range(lines):
        # Local goods with TKDN above 25%: no justification is asked for, so checkout goes straight through.
        product = make_product(supplier, category, name=f"Kopi bubuk robusta Abung varian {i + 1:02d}",
                               unit="bungkus", price=25_000 + 500 * i, stock=200 + i, tkdn=Decimal("60.00"))
        quantities[product.pk] = 1 + i % 7
        stock[product.pk] = product.stock
        services.cart_add_product(user=pp, product=product, quantity=quantities[product.pk])
    made = {"cart": pp.carts.get().pk, "stock": stock, "quantities": quantities}
    if placed:
        order = _checkout("siap-diterima")
        order = services.order_place(order=order, user=pp, expected_version=order.version)
        made.update(order=order.pk, order_status=order.status)
    print("READY " + json.dumps(made), flush=True)


def pause_after(model, count: int, what: str) -> None:
    """Stop the process (to be killed) right after the `count`-th row of `model` is saved."""
    from django.db import connection
    from django.db.models.signals import post_save

    saved = 0

    def receiver(sender, instance, created, **kwargs):
        nonlocal saved
        if not created:
            return
        saved += 1
        if saved == count:
            print("MID-WRITE " + json.dumps({what: saved, "in_transaction": connection.in_atomic_block}), flush=True)
            time.sleep(300)  # the parent kills the process here; it never waits this long

    post_save.connect(receiver, sender=model, weak=False)


def checkout(key: str, pause: int | None) -> None:
    from katalog.purchasing.models import OrderLine

    if pause:
        pause_after(OrderLine, pause, "order_lines")
    order = _checkout(key)
    print("DONE " + json.dumps({"order": order.pk, "number": order.number, "lines": order.lines.count()}), flush=True)


def accept(order_id: int, pause: int | None) -> None:
    from katalog.purchasing import services
    from katalog.purchasing.models import Order, StockReservation

    if pause:
        pause_after(StockReservation, pause, "reservations")
    _pp, _ppk, seller = _people()
    order = Order.objects.get(pk=order_id)
    order = services.order_accept(order=order, user=seller, expected_version=order.version)
    print("DONE " + json.dumps({"order": order.pk, "status": order.status}), flush=True)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    preparing = commands.add_parser("prepare")
    preparing.add_argument("--lines", type=int, required=True)
    preparing.add_argument("--placed", action="store_true")
    checking_out = commands.add_parser("checkout")
    checking_out.add_argument("--key", required=True)
    checking_out.add_argument("--pause-after", type=int)
    accepting = commands.add_parser("accept")
    accepting.add_argument("--order", type=int, required=True)
    accepting.add_argument("--pause-after", type=int)
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "katalog.settings")
    import django

    django.setup()
    if args.command == "prepare":
        prepare(args.lines, args.placed)
    elif args.command == "checkout":
        checkout(args.key, args.pause_after)
    else:
        accept(args.order, args.pause_after)


if __name__ == "__main__":
    main(sys.argv[1:])
