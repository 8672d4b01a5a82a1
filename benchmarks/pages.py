"""Benchmark: the public pages and a buyer's catalogue, served by gunicorn, against two baselines in the same run.

    .venv/bin/python benchmarks/pages.py                      # a fresh SQLite file in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_pages .venv/bin/python benchmarks/pages.py

The database named by DATABASE_URL is dropped and made again (use one of its own); with --keep DIR the SQLite
file and media stay in DIR and are reused by the next run with the same --keep. The data is the demo
(`katalog seed-demo`, 3,000 products, 300 suppliers, orders over two fiscal years).

One gunicorn (`--workers`, 2 by default, sync workers) serves benchmarks/pages_site.py: the project plus two
baselines behind the project's own middleware and context processors:
  bare      an HttpResponse and nothing else;
  twenty    20 products from the ORM (with their suppliers) in a template extending base.html.
Timed, `--clients` client processes each sending one request at a time for `--seconds` per page, pages in turn,
`--rounds` times (so a burst of load from elsewhere on the machine falls on every page alike):
  home, catalogue (no query), search (20 buyer queries in turn), showcase (all, then each kecamatan in turn),
  product (50 products in turn), and the catalogue and search as a logged-in buyer (PP, with a cart).
Every URL is requested 2 × workers times before timing (the steady state of a running server: each worker's
cache warm; the default cache is per process). Printed per page:
requests/s, latency p50/p95/p99, and requests/s as a ratio of each baseline's. The machine is shared: compare the
ratios, not the absolute figures. A non-200 answer is counted and printed; the run fails if there is one.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

SEARCHES = [
    "kripik pisang", "kertas hvs a4", "kopi bubuk", "beras 5 kg", "kursi kantor", "seragam batik", "madu hutan",
    "alat tulis kantor", "air mineral", "meja kerja", "sapu", "tinta printer", "gula aren", "amplop", "map plastik",
    "lampu led", "kue kering", "batik tapis", "kemeja", "spidol",
]

BASELINES = ("bare", "twenty")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _katalog(*args, env) -> str:
    return subprocess.run([sys.executable, "-m", "katalog.cli", *args], env=env, cwd=REPO, check=True,
                          capture_output=True, text=True).stdout


FACTS_SCRIPT = """
from django.test import Client
from katalog.agencies.models import User
from katalog.catalogue.models import Product
from katalog.catalogue import selectors
from katalog.purchasing.models import Cart, CartLine
print("PRODUCTS=" + ",".join(str(pk) for pk in Product.objects.filter(status="active").order_by("?")
                              .values_list("pk", flat=True)[:50]))
print("DISTRICTS=" + ",".join(d.code for d in selectors.showcase_districts()))
buyer = User.objects.get(username="pp")
client = Client()
client.force_login(buyer)
print("SESSION=" + client.cookies["sessionid"].value)
"""


def prepare(env: dict, keep: Path | None) -> dict:
    url = env["DATABASE_URL"]
    fresh = True
    if url.startswith("postgres"):
        import psycopg

        name = urllib.parse.urlparse(url).path.lstrip("/")
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            db.execute(f'CREATE DATABASE "{name}"')
    elif keep and Path(urllib.parse.urlparse(url).path).exists():
        fresh = False
    if fresh:
        started = time.perf_counter()
        _katalog("migrate", "--noinput", env=env)
        _katalog("seed_demo", env=env)
        print(f"  migrated and seeded in {time.perf_counter() - started:.0f} s", flush=True)
    out = _katalog("shell", "-c", FACTS_SCRIPT, env=env)
    facts = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
    return {"products": facts["PRODUCTS"].split(","), "districts": [d for d in facts["DISTRICTS"].split(",") if d],
            "session": facts["SESSION"]}


def pages(facts: dict) -> dict[str, tuple[list[str], str]]:
    """Each page: the URLs taken in turn, and the session cookie ('' for an anonymous visitor)."""
    searches = ["/katalog/?" + urllib.parse.urlencode({"q": q}) for q in SEARCHES]
    session = facts["session"]
    return {
        "bare": (["/_patokan/kosong/"], ""),
        "twenty": (["/_patokan/dua-puluh/"], ""),
        "home": (["/"], ""),
        "catalogue": (["/katalog/"], ""),
        "search": (searches, ""),
        "showcase": (["/katalog/etalase/"] + [f"/katalog/etalase/?kecamatan={d}" for d in facts["districts"]], ""),
        "product": ([f"/katalog/produk/{pk}/" for pk in facts["products"]], ""),
        "catalogue (buyer)": (["/katalog/"], session),
        "search (buyer)": (searches, session),
    }


def _hammer(job) -> tuple[list[float], dict[int, int]]:
    """One client: requests one at a time, in turn over the URLs, until the time is up."""
    port, urls, session, seconds, offset = job
    headers = {"Cookie": f"sessionid={session}"} if session else {}
    latencies, statuses = [], {}
    i = offset
    until = time.perf_counter() + seconds
    while time.perf_counter() < until:
        url = urls[i % len(urls)]
        i += 1
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request("GET", url, headers=headers)
        response = connection.getresponse()
        response.read()
        connection.close()
        latencies.append(time.perf_counter() - started)
        statuses[response.status] = statuses.get(response.status, 0) + 1
    return latencies, statuses


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def run(port: int, plan: dict, *, clients: int, seconds: float, rounds: int, workers: int) -> dict:
    for urls, session in plan.values():  # warm-up: every URL as often as it takes to reach every worker
        for url in urls:
            for _ in range(2 * workers):
                _one(port, url, session)
    results = {name: {"latencies": [], "statuses": {}, "elapsed": 0.0} for name in plan}
    with multiprocessing.Pool(clients) as pool:
        for number in range(rounds):
            for name, (urls, session) in plan.items():
                started = time.perf_counter()
                jobs = [(port, urls, session, seconds, c * 7) for c in range(clients)]
                for latencies, statuses in pool.map(_hammer, jobs):
                    results[name]["latencies"] += latencies
                    for status, count in statuses.items():
                        results[name]["statuses"][status] = results[name]["statuses"].get(status, 0) + count
                results[name]["elapsed"] += time.perf_counter() - started
            print(f"  round {number + 1}/{rounds} done", flush=True)
    summary = {}
    for name, r in results.items():
        lat = r["latencies"]
        summary[name] = {
            "requests": len(lat), "per_second": round(len(lat) / r["elapsed"], 1),
            "p50_ms": round(statistics.median(lat) * 1000, 1), "p95_ms": round(_percentile(lat, 95) * 1000, 1),
            "p99_ms": round(_percentile(lat, 99) * 1000, 1), "statuses": r["statuses"],
        }
    for name, s in summary.items():
        for base in BASELINES:
            s[f"vs_{base}"] = round(s["per_second"] / summary[base]["per_second"], 3)
    return summary


def _one(port: int, url: str, session: str) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", url, headers={"Cookie": f"sessionid={session}"} if session else {})
    response = connection.getresponse()
    response.read()
    connection.close()
    if response.status != 200:
        raise SystemExit(f"{url} answered HTTP {response.status} before timing")


def report(summary: dict, engine: str, args) -> bool:
    print(f"\nPages — {engine}, demo data, gunicorn {args.workers} sync workers, {args.clients} clients, "
          f"{args.rounds} rounds × {args.seconds:g} s per page")
    print(f"{'page':<18} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'× bare':>8} {'× twenty':>9}  errors")
    clean = True
    for name, s in summary.items():
        errors = {k: v for k, v in s["statuses"].items() if k != 200}
        clean = clean and not errors
        print(f"{name:<18} {s['per_second']:>8.1f} {s['p50_ms']:>8.1f} {s['p95_ms']:>8.1f} {s['p99_ms']:>8.1f} "
              f"{s['vs_bare']:>8.3f} {s['vs_twenty']:>9.2f}  {errors or ''}")
    return clean


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", help="folder to keep (and reuse) the SQLite file and media in")
    parser.add_argument("--json", dest="json_path")
    args = parser.parse_args()
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="katalog-pages-"))
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "KATALOG_VAR_DIR": str(folder / "var"), "MEDIA_ROOT": str(folder / "var" / "media"),
           "SECRET_KEY": "halaman-" + "x" * 50, "DJANGO_SETTINGS_MODULE": "katalog.settings", "DEBUG": "0",
           "LOG_LEVEL": "WARNING", "PYTHONPATH": os.pathsep.join((str(REPO / "src"), str(REPO / "benchmarks")))}
    env.setdefault("DATABASE_URL", f"sqlite:///{folder / 'halaman.sqlite3'}")
    engine = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    print(f"{engine}: preparing the demo data in {folder}", flush=True)
    facts = prepare(env, Path(args.keep) if args.keep else None)
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "pages_site", "-w", str(args.workers),
                               "-b", f"127.0.0.1:{port}", "--timeout", "60", "--log-level", "warning"],
                              env=env, cwd=REPO, stderr=(folder / "gunicorn.log").open("w"))
    try:
        for _ in range(150):
            try:
                _one(port, "/_patokan/kosong/", "")
                break
            except OSError:
                time.sleep(0.2)
        summary = run(port, pages(facts), clients=args.clients, seconds=args.seconds, rounds=args.rounds,
                      workers=args.workers)
    finally:
        server.terminate()
        server.wait(timeout=30)
    clean = report(summary, engine, args)
    if args.json_path:
        Path(args.json_path).write_text(json.dumps(summary, indent=2))
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main())
