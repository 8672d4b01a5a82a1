"""Benchmark: eight buyers of eight OPD shopping at one supplier through gunicorn, with backups taken meanwhile.

    .venv/bin/python benchmarks/concurrent_buyers.py                  # SQLite, a fresh file in a temp dir
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_buyers .venv/bin/python benchmarks/concurrent_buyers.py

The PostgreSQL database named in DATABASE_URL is DROPPED and created afresh: give it one of its own.
Options: --seconds (default 60), --buyers (8), --workers (gunicorn workers, 4), --backups (taken at even
intervals while the buyers shop, 2), --port (8765).

Each buyer logs in (a PP of its own OPD) and, until the time is up, puts the one product in a new cart
(POST keranjang/tambah/…) and checks it out (POST keranjang/<id>/checkout/); every third checkout is sent
twice with the same idempotency key, as a double click would. Meanwhile `katalog backup` runs.

Printed: requests and HTTP 5xx per kind of request, 409s, orders acknowledged to buyers, orders in the
database, lost orders (acknowledged, not in the database), duplicated orders (in the database but never
acknowledged, or two answers with different numbers for one key), requests that got no answer at all,
throughput (orders and requests per second of shopping), backups and their duration, and whether the audit
chain is whole.
"""

from __future__ import annotations

import argparse
import collections
import http.client
import http.cookiejar
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
PASSWORD = "bench-Katalog-2026"


def _environment(var_dir: Path) -> dict:
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", f"sqlite:///{var_dir / 'katalog.sqlite3'}")
    env["KATALOG_VAR_DIR"] = str(var_dir)
    env["DJANGO_SETTINGS_MODULE"] = "katalog.settings"
    env["SECRET_KEY"] = "bench-" + "x" * 50
    env.setdefault("KATALOG_LOGIN_IP_FAILURES", "1000")
    return env


def _fresh_postgres(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{name}"')


def setup(env: dict, buyers: int) -> dict:
    """Migrate a fresh database and create the supplier, its product and one PP + PPK per OPD."""
    os.environ.update(env)
    if env["DATABASE_URL"].startswith("postgres"):
        _fresh_postgres(env["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from katalog.core.roles import Role
    from tests.factories import make_agency, make_category, make_product, make_supplier, make_user

    supplier = make_supplier(name="CV Keripik Pisang Kotabumi")
    product = make_product(supplier, make_category("Makanan ringan"), name="Keripik pisang 500 g",
                           unit="bungkus", price=30_000, stock=10_000_000, tkdn=90)
    people = []
    for i in range(buyers):
        agency = make_agency(address=f"Jl. Uji No. {i + 1}, Kotabumi")
        pp = make_user(Role.PP, agency=agency, username=f"pp{i + 1}")
        ppk = make_user(Role.PPK, agency=agency, username=f"ppk{i + 1}")
        for user in (pp, ppk):
            user.set_password(PASSWORD)
            user.save()
        people.append({"username": pp.username, "ppk": ppk.pk})
    from django.db import connections

    connections.close_all()
    return {"product": product.pk, "people": people}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A buyer's browser: cookies, CSRF token, no automatic redirects."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect)

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def request(self, path: str, data: dict | None = None) -> tuple[int, str, str]:
        body = None
        headers = {"Referer": self.base + path}
        if data is not None:
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf()}).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        req = urllib.request.Request(self.base + path, data=body, headers=headers)
        try:
            with self.opener.open(req, timeout=120) as response:
                return response.status, response.headers.get("Location", ""), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location", ""), error.read().decode(errors="replace")
        except (OSError, http.client.HTTPException) as error:  # refused, reset, timed out: no answer at all
            return 0, "", f"{type(error).__name__}: {error}"


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = collections.Counter()
        self.status = collections.Counter()
        self.acknowledged: dict[str, set[str]] = collections.defaultdict(set)  # key -> order numbers
        self.errors: list[str] = []

    def count(self, kind: str, status: int, body: str = "") -> None:
        with self.lock:
            self.requests[kind] += 1
            self.status[(kind, status // 100 * 100 if status != 409 else 409)] += 1
            if (status >= 500 or status == 0) and len(self.errors) < 5:
                self.errors.append(f"{kind} {status}: {body[:200]!r}")


_CHECKOUT = re.compile(r'/pesanan/keranjang/(\d+)/checkout/')
_KEY = re.compile(r'name="idempotency_key" value="([0-9a-f]+)"')
_ORDER = re.compile(r'^/pesanan/([^/]+)/$')


def login(base: str, person: dict, tally: Tally) -> Browser | None:
    browser = Browser(base)
    browser.request("/masuk/")
    status, _location, body = browser.request("/masuk/", {"username": person["username"], "password": PASSWORD})
    tally.count("login", status, body)
    return browser if status == 302 else None


def shop(browser: Browser | None, person: dict, product: int, until: float, tally: Tally) -> None:
    if browser is None:
        return
    requested = (time.strftime("%Y-%m-%d", time.localtime(time.time() + 30 * 86400)))
    n = 0
    while time.monotonic() < until:
        n += 1
        status, _location, body = browser.request(f"/pesanan/keranjang/tambah/{product}/", {"quantity": "1"})
        tally.count("cart_add", status, body)
        if status != 302:
            continue
        status, _location, body = browser.request("/pesanan/keranjang/")
        tally.count("cart_page", status, body)
        match = _CHECKOUT.search(body)
        if not match:
            continue
        path = f"/pesanan/keranjang/{match.group(1)}/checkout/"
        status, _location, body = browser.request(path)
        tally.count("checkout_page", status, body)
        key = _KEY.search(body)
        if status != 200 or not key:
            continue
        form = {"idempotency_key": key.group(1), "rup_code": "48120002", "funding_source": "5.1.02.01.01.0052",
                "delivery_address": "Kantor", "requested_date": requested, "ppk": str(person["ppk"])}
        for _attempt in range(2 if n % 3 == 0 else 1):
            status, location, body = browser.request(path, form)
            tally.count("checkout", status, body)
            found = _ORDER.match(urllib.parse.urlparse(location).path) if status == 302 else None
            if found:
                with tally.lock:
                    tally.acknowledged[form["idempotency_key"]].add(urllib.parse.unquote(found.group(1)))


def run_backups(env: dict, count: int, start: float, seconds: float, out: Path, results: list) -> None:
    for i in range(count):
        at = start + seconds * (i + 1) / (count + 1)
        time.sleep(max(0.0, at - time.monotonic()))
        began = time.monotonic()
        done = subprocess.run([sys.executable, str(ROOT / "manage.py"), "backup", str(out / f"backup-{i}")],
                              env=env, capture_output=True, text=True)
        results.append((done.returncode, time.monotonic() - began, done.stderr.strip()[-300:]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--buyers", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--backups", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()

    var_dir = Path(tempfile.mkdtemp(prefix="bench-buyers-"))
    env = _environment(var_dir)
    world = setup(env, args.buyers)
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    server = subprocess.Popen(
        [gunicorn, "katalog.wsgi", "--workers", str(args.workers), "--bind", f"127.0.0.1:{args.port}",
         "--timeout", "120", "--log-level", "warning"],
        env=env, stdout=subprocess.DEVNULL, stderr=open(var_dir / "gunicorn.log", "w"),
    )
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        tally = Tally()
        browsers = [login(base, p, tally) for p in world["people"]]  # before the clock starts
        start = time.monotonic()
        until = start + args.seconds
        threads = [threading.Thread(target=shop, args=(b, p, world["product"], until, tally))
                   for b, p in zip(browsers, world["people"])]
        backups: list = []
        threads.append(threading.Thread(target=run_backups,
                                        args=(env, args.backups, start, args.seconds, var_dir, backups)))
        for thread in threads:
            thread.start()
        for thread in threads[:-1]:  # the buyers
            thread.join()
        elapsed = time.monotonic() - start
        threads[-1].join()  # the backups
    finally:
        server.terminate()
        server.wait(timeout=30)

    from django.db import connection

    from katalog.core.audit import first_broken_link
    from katalog.purchasing.models import Order

    connection.close()
    in_db = dict(Order.objects.values_list("idempotency_key", "number"))
    acknowledged = {n for numbers in tally.acknowledged.values() for n in numbers}
    lost = sorted(acknowledged - set(in_db.values()))
    split_answers = [k for k, numbers in tally.acknowledged.items() if len(numbers) > 1]
    unacknowledged = sorted(set(in_db.values()) - acknowledged)

    print(f"engine: {connection.vendor}; {args.buyers} buyers, {args.workers} gunicorn workers, {args.seconds:.0f} s")
    for kind in ("login", "cart_add", "cart_page", "checkout_page", "checkout"):
        if tally.requests[kind] or any(k == kind for k, _s in tally.status):
            row = {s: c for (k, s), c in sorted(tally.status.items()) if k == kind}
            print(f"  {kind:<14} {tally.requests[kind]:>6} requests  {row}")
    fives = sum(c for (_k, s), c in tally.status.items() if s >= 500)
    conflicts = sum(c for (_k, s), c in tally.status.items() if s == 409)
    unanswered = sum(c for (_k, s), c in tally.status.items() if s == 0)
    print(f"HTTP 5xx: {fives}   HTTP 409: {conflicts}   no answer (connection refused/reset/timed out): {unanswered}")
    print(f"throughput: {len(in_db) / elapsed:.2f} orders/s, {sum(tally.requests.values()) / elapsed:.1f} requests/s"
          f" over {elapsed:.1f} s")
    print(f"orders acknowledged: {len(acknowledged)}   orders in the database: {len(in_db)}")
    print(f"lost orders: {len(lost)}   duplicated orders: {len(unacknowledged) + len(split_answers)}"
          f" (never acknowledged {len(unacknowledged)}, one key answered with two numbers {len(split_answers)})")
    for code, seconds, err in backups:
        print(f"backup: {'ok' if code == 0 else 'FAILED'} in {seconds:.1f} s {err if code else ''}")
    print(f"audit chain: {'whole' if first_broken_link() is None else 'BROKEN'}")
    server_log = (var_dir / "gunicorn.log").read_text(errors="replace")
    print(f"write conflicts retried by the server: {server_log.count('retrying once')}"
          f"   refused after the retry: {server_log.count('again, refused')}"
          f"   escaped to the safety net: {server_log.count('write conflict escaped')}")
    for line in tally.errors:
        print("  e.g.", line)
    shutil.rmtree(var_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
