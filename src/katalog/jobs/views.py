"""A job's page: progress while it runs (polled with htmx), the result when done, the reason and a retry
button when it failed. Leaving the page loses nothing: the job runs in the worker, and the page can be
opened again from the list."""

from django.contrib import messages
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from katalog.core.permissions import allows, requires

from . import registry
from .errors import JobFailed
from .housekeeping import expires_at, upload_expires_at
from .models import Job
from .selectors import jobs_visible_to
from .services import UPLOAD_DELETED, job_retry, upload_deleted


def _context(job: Job, user) -> dict:
    handler = registry.get(job.kind)
    percent = 0
    if job.rows_total:
        # Checking is the first half of the bar, saving the second (rows saved out of rows checked good).
        checked = job.rows_checked * 50 // job.rows_total
        saved = job.rows_saved * 50 // max(job.rows_total - job.error_count, 1) if job.rows_saved else 0
        percent = min(100, checked + saved)
    if job.state == Job.State.DONE:
        percent = 100
    return {
        "job": job, "title": handler.title, "percent": percent,
        "result_url": handler.result_url(job) if handler.result_url and job.state == Job.State.DONE else "",
        "can_retry": job.state == Job.State.FAILED and not upload_deleted(job)
        and (job.requested_by_id == user.pk or allows(user, "jobs.admin")),
        "upload_expires_at": upload_expires_at(job) if job.state == Job.State.FAILED else None,
        "upload_deleted": UPLOAD_DELETED if job.state == Job.State.FAILED and upload_deleted(job) else "",
        "has_file": job.state == Job.State.DONE and bool(job.result.get("file")) and allows(user, handler.permission),
        "file_expires_at": expires_at(job),
    }


@require_GET
@requires("jobs.view")
def job_detail(request, pk: int):
    job = get_object_or_404(jobs_visible_to(request.user), pk=pk)
    return render(request, "jobs/detail.html", _context(job, request.user))


@require_GET
@requires("jobs.view")
def job_progress(request, pk: int):
    job = get_object_or_404(jobs_visible_to(request.user), pk=pk)
    return render(request, "jobs/_progress.html", _context(job, request.user))


@require_POST
@requires("jobs.view")
def job_retry_view(request, pk: int):
    job = get_object_or_404(jobs_visible_to(request.user), pk=pk)
    try:
        job_retry(job=job)
    except JobFailed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Pekerjaan diulang; yang sudah tersimpan tidak diulang."))
    return redirect("jobs:detail", job.pk)


@require_GET
@requires("jobs.view")
def job_list(request):
    qs = jobs_visible_to(request.user)
    state = request.GET.get("status", "")
    if state in Job.State.values:
        qs = qs.filter(state=state)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    titles = {kind: registry.get(kind).title for kind in registry.kinds()}
    return render(request, "jobs/list.html", {"page": page, "state": state, "states": Job.State.choices,
                                              "titles": titles, "all_jobs": allows(request.user, "jobs.admin")})


@require_GET
@requires("jobs.view")
def job_download(request, pk: int):
    """The file an export job produced, read through Django's storage API (local disk or an object store),
    for the person who asked for it while they still hold the permission of that kind of work."""
    job = get_object_or_404(jobs_visible_to(request.user), pk=pk, state=Job.State.DONE)
    stored = job.result.get("file", "")
    if not stored or not allows(request.user, registry.get(job.kind).permission) \
            or not default_storage.exists(stored):
        raise Http404
    return FileResponse(default_storage.open(stored, "rb"), as_attachment=True,
                        filename=job.result.get("filename") or "berkas",
                        content_type=job.result.get("content_type") or "application/octet-stream")
