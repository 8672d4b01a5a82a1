"""Starting a job from a page: one call for every view that hands long work to the worker.

The form carries a one-time token ({% job_token %} from jobs_tags), so a double click or a reload of the
POST opens the job already asked for instead of starting a second one (idempotent enqueue).
"""

from __future__ import annotations

import re
import uuid

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .services import job_enqueue, job_key

_TOKEN = re.compile(r"^[0-9a-f]{32}$")


def new_token() -> str:
    return uuid.uuid4().hex


def request_token(request) -> str:
    token = request.POST.get("token", "")
    return token if _TOKEN.match(token) else new_token()


def start_job(request, *, kind: str, params: dict | None = None, upload=None):
    """Queue `kind` for the signed-in person (once per form token) and send them to the job's page."""
    key = job_key(kind, request.user.pk, request_token(request))
    job, created = job_enqueue(kind=kind, key=key, user=request.user, params=params or {}, upload=upload)
    if created:
        messages.info(request, _("Permintaan diterima dan sedang diproses di server."))
    return redirect("jobs:detail", job.pk)
