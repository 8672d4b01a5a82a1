"""Driving jobs from the tests of other apps: a page starts a job, the runner does it (the same code the
worker calls, in this process and this test's transaction), and the test reads the job's page and file.

Import the `run_jobs` fixture into a test module: `from tests.jobs.drive import run_jobs  # noqa: F401`.
"""

import pytest
from django.urls import resolve

from katalog.jobs.models import Job
from katalog.jobs.runner import execute


@pytest.fixture
def run_jobs(settings, tmp_path):
    """Storage in a temporary folder; returns fn(response) -> the job the response led to, run to its end."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES,
                         "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                     "OPTIONS": {"location": str(tmp_path / "media")}}}

    def run(response) -> Job:
        assert response.status_code == 302, response.status_code
        match = resolve(response["Location"])
        assert match.view_name == "jobs:detail", response["Location"]
        job = Job.objects.get(pk=match.kwargs["pk"])
        execute(job.pk)
        job.refresh_from_db()
        return job

    return run


def download(client, job: Job) -> bytes:
    """What the job page's download link gives the person who asked for the job."""
    from django.urls import reverse

    response = client.get(reverse("jobs:download", args=[job.pk]))
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)
