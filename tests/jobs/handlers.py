"""Job handlers that exist only for the tests (registered when this module is imported)."""

from katalog.jobs.errors import JobFailed
from katalog.jobs.kinds import ExportFile, register_export
from katalog.jobs.registry import handler

ECHO = "tests.echo"
FLAKY = "tests.flaky"


@handler(ECHO, title="Uji", permission="jobs.view")
def echo(ctx) -> dict:
    ctx.progress(stage="uji", total=3, checked=3, saved=3, force=True)
    return {"echo": ctx.params.get("value")}


@handler(FLAKY, title="Uji gagal", permission="jobs.view")
def flaky(ctx) -> dict:
    # Fails on its first attempt with a message a person can act on; succeeds when retried.
    if ctx.job.attempts == 1:
        raise JobFailed("Kolom harga kosong di baris 7; perbaiki lalu ulangi.")
    return {"ok": True}


EXPORT = "tests.export"


def _build(*, actor, params, ctx):
    return ExportFile(content=b"nama;harga\nKeripik;18000\n", filename="uji.csv", content_type="text/csv")


register_export(EXPORT, title="Uji ekspor", permission="jobs.view", build=_build)
