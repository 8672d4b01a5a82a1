"""Health checks: `katalog healthcheck` (one line each, exit code) and the /healthz endpoint (JSON).

Checks: the database answers; every migration is applied; the newest audit events still
form an unbroken chain; enough free disk under VAR_DIR and MEDIA_ROOT
(KATALOG_HEALTH_MIN_FREE_MB, default 1024 MB).
"""

import shutil
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .audit_check import verify_tail
from .permissions import requires

DEFAULT_MIN_FREE_MB = 1024
AUDIT_TAIL = 200


@dataclass(frozen=True)
class Check:
    name: str  # stable key for /healthz
    label: str  # Indonesian, for the command's output
    ok: bool
    detail: str


def check_database(using: str = DEFAULT_DB_ALIAS) -> Check:
    try:
        with connections[using].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure to answer is the finding
        return Check("database", "basis data", False, f"tidak dapat dihubungi ({type(error).__name__})")
    return Check("database", "basis data", True, f"terhubung ({connections[using].vendor})")


_migrations_known_applied = False


def check_migrations(using: str = DEFAULT_DB_ALIAS) -> Check:
    global _migrations_known_applied
    if _migrations_known_applied:  # migrations do not un-apply themselves while a process runs
        return Check("migrations", "migrasi", True, "semua diterapkan")
    try:
        executor = MigrationExecutor(connections[using])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as error:
        return Check("migrations", "migrasi", False, f"tidak dapat diperiksa ({type(error).__name__})")
    if plan:
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _ in plan[:5])
        return Check("migrations", "migrasi", False, f"{len(plan)} belum diterapkan ({names}); jalankan `katalog migrate`")
    _migrations_known_applied = True
    return Check("migrations", "migrasi", True, "semua diterapkan")


def check_audit_tail(using: str = DEFAULT_DB_ALIAS, limit: int = AUDIT_TAIL) -> Check:
    try:
        report = verify_tail(limit=limit, using=using)
    except Exception as error:
        return Check("audit", "jejak audit", False, f"tidak dapat diperiksa ({type(error).__name__})")
    if not report.ok:
        return Check("audit", "jejak audit", False,
                     f"rantai putus pada peristiwa #{report.broken.pk}; jalankan `katalog audit verify`")
    return Check("audit", "jejak audit", True, f"{report.checked} peristiwa terbaru utuh")


def check_disk(min_free_mb: int | None = None) -> Check:
    if min_free_mb is None:
        min_free_mb = int(getattr(settings, "KATALOG_HEALTH_MIN_FREE_MB", DEFAULT_MIN_FREE_MB))
    findings, ok = [], True
    seen = set()
    for path in (Path(settings.VAR_DIR), Path(settings.MEDIA_ROOT)):
        probe = path
        while not probe.exists() and probe != probe.parent:
            probe = probe.parent
        usage = shutil.disk_usage(probe)
        key = (probe.stat().st_dev, usage.total)
        if key in seen:
            continue
        seen.add(key)
        free_mb = usage.free // (1024 * 1024)
        if free_mb < min_free_mb:
            ok = False
        findings.append(f"{free_mb:,} MB bebas di {path}")
    detail = "; ".join(findings) + f" (batas {min_free_mb:,} MB)"
    return Check("disk", "ruang disk", ok, detail)


def run_checks(*, using: str = DEFAULT_DB_ALIAS, min_free_mb: int | None = None) -> list[Check]:
    database = check_database(using)
    if not database.ok:
        skipped = "dilewati: basis data tidak terhubung"
        return [database, Check("migrations", "migrasi", False, skipped), Check("audit", "jejak audit", False, skipped),
                check_disk(min_free_mb)]
    return [database, check_migrations(using), check_audit_tail(using), check_disk(min_free_mb)]


@requires("site.public")
@require_GET
@never_cache
def healthz(request):
    """For load balancers and monitoring: 200 when healthy, 503 otherwise. Names only, no details."""
    checks = run_checks()
    healthy = all(c.ok for c in checks)
    body = {"status": "ok" if healthy else "fail", "checks": {c.name: "ok" if c.ok else "fail" for c in checks}}
    return JsonResponse(body, status=200 if healthy else 503)
