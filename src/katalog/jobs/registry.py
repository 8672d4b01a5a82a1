"""Job handlers by name. An app registers its handlers in its `job_handlers.py` (imported at start-up).

A handler is `fn(ctx: JobContext) -> dict`: it reads its input through `ctx`, reports progress through
`ctx.progress(...)`, records where it can resume with `ctx.save_checkpoint(...)` inside the transaction
that writes the rows, raises `JobFailed("...")` for a failure a person can fix, and returns the result.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Handler:
    kind: str
    title: object  # a lazy translation: what the job page calls this kind of work
    run: Callable
    # The permission (katalog.core.permissions) a person needs to see and retry a job of this kind.
    permission: str
    # job -> the URL of what the job produced (an import's result page), or "".
    result_url: Callable | None = None


_HANDLERS: dict[str, Handler] = {}


def handler(kind: str, *, title, permission: str, result_url: Callable | None = None) -> Callable:
    def register(fn: Callable) -> Callable:
        _HANDLERS[kind] = Handler(kind=kind, title=title, run=fn, permission=permission, result_url=result_url)
        return fn

    return register


def get(kind: str) -> Handler:
    try:
        return _HANDLERS[kind]
    except KeyError:
        raise LookupError(f"No job handler registered for {kind!r}") from None


def kinds() -> list[str]:
    return sorted(_HANDLERS)
