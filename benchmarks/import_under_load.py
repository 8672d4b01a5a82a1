"""A 50,000-row product import through the web page while 8 buyers check out and 32 readers browse.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/katalog_bench .venv/bin/python benchmarks/import_under_load.py
    .venv/bin/python benchmarks/import_under_load.py            # a fresh SQLite file in a temporary folder

The database named by DATABASE_URL is emptied, migrated and seeded with the demo data (use a scratch one).
Everything runs on this machine on 127.0.0.1: gunicorn with 4 workers (`--timeout 60`, as docs/operations.md
documents), one `katalog worker`, and the load from threads of this process. The load runs --warmup seconds
unmeasured (the servers' first requests fill their caches), then --baseline seconds without the import (the
baseline), then during the import until its job ends (or after --limit seconds), then --after seconds without
it again (a second baseline: on a shared machine the load of others changes, and the two baselines show by
how much). Printed: requests and HTTP 5xx per kind, read latency p50/p99, checkouts per minute and failed
checkouts for each phase, the import's ratios to each baseline (comparable across machines and loads), the
import's duration; and, to explain them: the machine's load average before and after, the CPU the worker
used during the import, how often the public pages' cache was invalidated (core/pagecache.py) in each phase,
on SQLite the largest size of the write-ahead log in each phase, and the import's own line on its write
transactions (from the worker's log).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PASSWORD = "beban-uji-2026"
PHASES = ("warmup", "baseline", "import", "after", "stopping")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _katalog(*args, env):
    subprocess.run([sys.executable, "-m", "katalog.cli", *args], env=env, cwd=REPO, check=True,
                   stdout=subprocess.DEVNULL)


def _prepare(env: dict, rows: int, folder: Path) -> dict:
    """Migrate, seed the demo, add 8 buyers with a known password; write the import file."""
    url = env["DATABASE_URL"]
    if url.startswith("postgres"):
        import psycopg

        parts = urllib.parse.urlparse(url)
        name = parts.path.lstrip("/")
        admin = url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            db.execute(f'CREATE DATABASE "{name}"')
    _katalog("migrate", "--noinput", env=env)
    _katalog("seed_demo", "--products", "3000", env=env)
    script = f"""
from katalog.agencies.models import User, Agency
from katalog.catalogue.models import Category, Product
from katalog.core.roles import Role
pp = User.objects.get(username="pp")
for n in range(8):
    u, _ = User.objects.get_or_create(username=f"pembeli.{{n}}", defaults=dict(
        role=Role.PP, agency=pp.agency, full_name=f"Pembeli Beban {{n}}", nip=f"19900101201001{{n:04d}}"))
    u.set_password({PASSWORD!r}); u.save()
m = User.objects.get(username="pengelola"); m.set_password({PASSWORD!r}); m.save()
leaf = Category.objects.filter(children__isnull=True).order_by("id").first()
names, node = [], leaf
while node is not None:
    names.append(node.name); node = node.parent
print("CATEGORY=" + " > ".join(reversed(names)))
print("PRODUCTS=" + ",".join(str(pk) for pk in Product.objects.filter(status="active", supplier__scale__in=["mikro", "kecil"])
                              .order_by("id").values_list("pk", flat=True)[:200]))
from katalog.suppliers.models import Supplier
s = Supplier.objects.filter(status="verified", nib__isnull=False).order_by("id").first()
print("NIB=" + s.nib)
"""
    out = subprocess.run([sys.executable, "-m", "katalog.cli", "shell", "-c", script], env=env, cwd=REPO, check=True,
                         capture_output=True, text=True).stdout
    facts = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
    # Stock high enough for every checkout of the run; then the planner's statistics, as a database in use
    # has them (a freshly loaded PostgreSQL has none until autovacuum gets to it, mid-run).
    subprocess.run([sys.executable, "-m", "katalog.cli", "shell", "-c",
                    "from katalog.catalogue.models import Product; Product.objects.update(stock=10**9)\n"
                    "from django.db import connection; connection.cursor().execute('ANALYZE')"],
                   env=env, cwd=REPO, check=True)
    lines = ["nama;kategori;satuan;harga;stok;tkdn"]
    lines += [f"Produk Uji Beban {i:05d};{facts['CATEGORY']};pcs;{10_000 + i % 900 * 10};{i % 90};{40 + i % 50}"
              for i in range(rows)]
    path = folder / "impor-50000.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"file": path, "nib": facts["NIB"], "products": [int(p) for p in facts["PRODUCTS"].split(",") if p]}


class Session:
    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar),
                                                  _NoRedirect())

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def request(self, method: str, path: str, data: dict | None = None, body: bytes | None = None,
                content_type: str | None = None, timeout: float = 120) -> tuple[int, str, float, str]:
        headers = {"Referer": self.base + path}
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            content_type = "application/x-www-form-urlencoded"
        if content_type:
            headers["Content-Type"] = content_type
        if method == "POST":
            headers["X-CSRFToken"] = self.csrf()
        req = urllib.request.Request(self.base + path, data=body, method=method, headers=headers)
        started = time.perf_counter()
        try:
            with self.opener.open(req, timeout=timeout) as response:
                text = response.read().decode(errors="replace")
                return response.status, text, time.perf_counter() - started, response.headers.get("Location", "")
        except urllib.error.HTTPError as error:
            text = error.read().decode(errors="replace")
            return error.code, text, time.perf_counter() - started, error.headers.get("Location", "")
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            return 599, str(error), time.perf_counter() - started, ""

    def login(self, username: str) -> None:
        self.request("GET", "/masuk/")
        status, _t, _s, _l = self.request("POST", "/masuk/", {"username": username, "password": PASSWORD,
                                                             "csrfmiddlewaretoken": self.csrf()})
        if status != 302:
            raise SystemExit(f"login of {username} failed: HTTP {status}")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Probe(threading.Thread):
    """Samples, once a second, what the database shows of the import's side effects: the content version the
    page cache keys on (each raise invalidates every cached page) and, on SQLite, the size of the WAL file."""

    def __init__(self, env: dict, stats: "Stats"):
        super().__init__(daemon=True)
        self.stats, self.stopped = stats, threading.Event()
        self.url = env["DATABASE_URL"]
        self.wal = Path(self.url.removeprefix("sqlite:///") + "-wal") if self.url.startswith("sqlite") else None
        self.versions: dict[str, list[int]] = {}
        self.wal_max: dict[str, int] = {}

    def _version(self) -> int:
        sql = "SELECT value FROM core_contentversion WHERE name = 'pages'"
        if self.wal is not None:
            import sqlite3

            with sqlite3.connect(self.url.removeprefix("sqlite:///"), timeout=30) as db:
                row = db.execute(sql).fetchone()
        else:
            import psycopg

            with psycopg.connect(self.url) as db:
                row = db.execute(sql).fetchone()
        return row[0] if row else 0

    def run(self) -> None:
        while not self.stopped.wait(1):
            phase = self.stats.phase
            try:
                self.versions.setdefault(phase, []).append(self._version())
            except Exception:  # noqa: BLE001 - a busy moment: the next sample counts
                pass
            if self.wal is not None and self.wal.exists():
                self.wal_max[phase] = max(self.wal_max.get(phase, 0), self.wal.stat().st_size)

    def raises(self, phase: str) -> int:
        seen = self.versions.get(phase, [])
        return seen[-1] - seen[0] if len(seen) > 1 else 0


class Stats:
    """Counts per kind of request, and read latencies per phase: "baseline" (the same load, no import) and
    "import" (while the import runs), so the figures are ratios within one run on whatever machine."""

    def __init__(self):
        self.lock = threading.Lock()
        self.phase = "warmup"
        self.read_times: dict[str, list[float]] = {phase: [] for phase in PHASES}
        self.status: dict[str, dict[int, int]] = {}
        self.checkouts: dict[str, int] = dict.fromkeys(PHASES, 0)
        # Checkout submissions that did not end on a new order (HTTP 5xx, a timeout, or the form again).
        self.failed_checkouts: dict[str, int] = dict.fromkeys(PHASES, 0)
        self.phase_seconds: dict[str, float] = {}

    def add(self, kind: str, status: int, seconds: float | None = None) -> None:
        with self.lock:
            counts = self.status.setdefault(kind, {})
            counts[status] = counts.get(status, 0) + 1
            if seconds is not None:
                self.read_times[self.phase].append(seconds)


def reader(base: str, stop: threading.Event, stats: Stats, products: list[int]) -> None:
    session = Session(base)
    pages = ["/katalog/?q=keripik", "/katalog/?q=kertas+hvs", "/katalog/", "/katalog/?q=kopi+bubuk"]
    rng = random.Random()
    while not stop.is_set():
        path = rng.choice(pages) if rng.random() < 0.6 else f"/katalog/produk/{rng.choice(products)}/"
        status, _t, seconds, _l = session.request("GET", path, timeout=60)
        stats.add("read", status, seconds)


def buyer(base: str, n: int, stop: threading.Event, stats: Stats, products: list[int]) -> None:
    session = Session(base)
    session.login(f"pembeli.{n}")
    rng = random.Random(n)
    while not stop.is_set():
        product = rng.choice(products)
        status, _t, _s, _l = session.request("POST", f"/pesanan/keranjang/tambah/{product}/",
                                             {"quantity": "1", "csrfmiddlewaretoken": session.csrf()})
        stats.add("cart", status)
        status, page, _s, _l = session.request("GET", "/pesanan/keranjang/")
        stats.add("cart", status)
        carts = re.findall(r"/pesanan/keranjang/(\d+)/checkout/", page)
        if not carts:
            continue
        path = f"/pesanan/keranjang/{carts[0]}/checkout/"
        status, form, _s, _l = session.request("GET", path)
        stats.add("checkout", status)
        ppk = re.search(r'<select name="ppk"[^>]*>.*?<option value="(\d+)"', form, re.S)
        key = re.search(r'name="idempotency_key" value="([0-9a-f]+)"', form)
        if not ppk or not key:
            continue
        data = {"csrfmiddlewaretoken": session.csrf(), "idempotency_key": key.group(1), "rup_code": "40123456",
                "funding_source": "5.1.02.01.01.0024 Belanja Alat Tulis Kantor",
                "delivery_address": "Jl. Jenderal Sudirman No. 1, Kotabumi", "ppk": ppk.group(1),
                "requested_date": time.strftime("%Y-%m-%d", time.localtime(time.time() + 14 * 86400)),
                "alasan_umk": "Uji beban."}
        for name in re.findall(r'name="(alasan_\d+)"', form):
            data[name] = "Uji beban."
        status, _t, _s, location = session.request("POST", path, data)
        stats.add("checkout", status)
        with stats.lock:
            if status == 302 and "/pesanan/" in location and "keranjang" not in location:
                stats.checkouts[stats.phase] += 1
            else:
                stats.failed_checkouts[stats.phase] += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--readers", type=int, default=32)
    parser.add_argument("--buyers", type=int, default=8)
    parser.add_argument("--limit", type=float, default=1800, help="stop after this many seconds in any case")
    parser.add_argument("--warmup", type=float, default=30, help="seconds of load before anything is measured")
    parser.add_argument("--baseline", type=float, default=60,
                        help="seconds of the same load without the import, measured first as the baseline")
    parser.add_argument("--after", type=float, default=60,
                        help="seconds of the same load without the import, measured again after it")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="katalog-beban-"))
    env = {**os.environ, "KATALOG_VAR_DIR": str(folder / "var"), "MEDIA_ROOT": str(folder / "var" / "media"),
           "SECRET_KEY": "beban-" + "x" * 50, "DJANGO_SETTINGS_MODULE": "katalog.settings", "DEBUG": "0",
           "LOG_LEVEL": "WARNING", "KATALOG_API_RATE_LIMIT_ANONYMOUS": "1000000"}
    env.setdefault("DATABASE_URL", f"sqlite:///{folder / 'beban.sqlite3'}")
    engine = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    print(f"{engine}: preparing (migrate, demo data, {args.rows:,}-row file) in {folder}", flush=True)
    facts = _prepare(env, args.rows, folder)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "katalog.wsgi", "-w", "4", "-b", f"127.0.0.1:{port}",
                               "--timeout", "60", "--log-level", "warning"], env=env, cwd=REPO,
                              stderr=(folder / "gunicorn.log").open("w"))
    load_before = os.getloadavg()
    worker = subprocess.Popen([sys.executable, "-m", "katalog.cli", "worker", "--verbosity", "0"],
                              env={**env, "LOG_LEVEL": "INFO"}, cwd=REPO,
                              stderr=(folder / "worker.log").open("w"), stdout=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except Exception:  # noqa: BLE001 - not up yet
                time.sleep(0.2)
        stats, stop = Stats(), threading.Event()
        probe = Probe(env, stats)
        probe.start()
        threads = [threading.Thread(target=reader, args=(base, stop, stats, facts["products"]), daemon=True)
                   for _ in range(args.readers)]
        threads += [threading.Thread(target=buyer, args=(base, n, stop, stats, facts["products"]), daemon=True)
                    for n in range(args.buyers)]
        for t in threads:
            t.start()
        time.sleep(args.warmup)  # the load is on, and the servers warm, before anything is measured
        stats.phase = "baseline"
        time.sleep(args.baseline)
        stats.phase_seconds["baseline"] = args.baseline
        stats.phase = "import"
        importer = Session(base)
        importer.login("pengelola")
        status, page, _s, _l = importer.request("GET", "/katalog/impor/")
        token = re.search(r'name="token" value="([0-9a-f]{32})"', page).group(1)
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in (("csrfmiddlewaretoken", importer.csrf()), ("token", token), ("supplier_nib", facts["nib"])):
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        parts.append((f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{facts["file"].name}"\r\n'
                      "Content-Type: text/csv\r\n\r\n").encode() + facts["file"].read_bytes() + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        started = time.perf_counter()
        worker_cpu = _cpu_seconds(worker.pid)
        status, _t, upload_seconds, location = importer.request(
            "POST", "/katalog/impor/", body=b"".join(parts), content_type=f"multipart/form-data; boundary={boundary}")
        stats.add("import", status)
        job_path = location.replace(base, "")
        if status != 302 or "/pekerjaan/" not in job_path:
            raise SystemExit(f"the import page answered HTTP {status}, not a redirect to its job")
        state, fragment = "antre", ""
        while time.perf_counter() - started < args.limit:
            status, fragment, _s, _l = importer.request("GET", job_path + "progres/")
            stats.add("import", status)
            state = re.search(r'data-state="([a-z]+)"', fragment).group(1) if status == 200 else state
            if state in ("selesai", "gagal"):
                break
            time.sleep(1)
        import_seconds = time.perf_counter() - started
        worker_cpu = _cpu_seconds(worker.pid) - worker_cpu
        stats.phase_seconds["import"] = import_seconds
        stats.phase = "after"
        time.sleep(args.after)
        stats.phase_seconds["after"] = args.after
        stats.phase = "stopping"
        probe.stopped.set()
        stop.set()
        for t in threads:
            t.join(timeout=130)
    finally:
        for proc in (worker, server):
            proc.send_signal(signal.SIGTERM)
        for proc in (worker, server):
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
    saved = re.search(r'data-field="saved">(\d+)', fragment)
    print(f"{engine}: import of {args.rows:,} rows: {state} in {import_seconds:.0f} s "
          f"(upload request {upload_seconds:.2f} s; rows saved {saved.group(1) if saved else '?'})")
    load_after = os.getloadavg()
    print("  load average (1, 5, 15 min) before: " + ", ".join(f"{x:.2f}" for x in load_before)
          + "; after: " + ", ".join(f"{x:.2f}" for x in load_after))
    print(f"  worker CPU during the import: {worker_cpu:.0f} s of {import_seconds:.0f} s "
          f"({worker_cpu / import_seconds:.0%} of one core)")
    for line in (folder / "worker.log").read_text(errors="replace").splitlines():
        if "import batches:" in line:
            print("  worker: " + line[line.index("import batches:"):])
    total_5xx = 0
    for kind, counts in sorted(stats.status.items()):
        errors = sum(n for code, n in counts.items() if code >= 500)
        total_5xx += errors
        print(f"  {kind:<9} {sum(counts.values()):>7} requests, {errors} HTTP 5xx  {dict(sorted(counts.items()))}")
    def p(times: list[float], q: float) -> float:
        return times[max(int(len(times) * q) - 1, 0)] if times else float("nan")

    figures = {}
    for phase in ("baseline", "import", "after"):
        times = sorted(stats.read_times[phase])
        rate = stats.checkouts[phase] / stats.phase_seconds[phase] * 60 if stats.phase_seconds.get(phase) else 0
        figures[phase] = (p(times, 0.5), p(times, 0.99), rate, len(times))
        wal = f"; WAL up to {probe.wal_max.get(phase, 0) / 2**20:.1f} MB" if probe.wal is not None else ""
        print(f"  {phase:<9} reads {len(times):>6}: p50 {figures[phase][0]:.3f} s, p99 {figures[phase][1]:.3f} s; "
              f"checkouts {stats.checkouts[phase]} ({rate:.1f}/min), failed {stats.failed_checkouts[phase]}; "
              f"page cache invalidated {probe.raises(phase) / stats.phase_seconds[phase] * 60:.1f}/min{wal}")
    i50, i99, irate, _m = figures["import"]
    for phase in ("baseline", "after"):
        b50, b99, brate, _n = figures[phase]
        print(f"  ratio import/{phase}: read p50 x{i50 / b50:.2f}, read p99 x{i99 / b99:.2f}, "
              f"checkouts per minute x{irate / brate if brate else float('nan'):.2f}")
    print(f"HTTP 5xx: {total_5xx}; read p99 during the import: {i99:.3f} s")


if __name__ == "__main__":
    main()
