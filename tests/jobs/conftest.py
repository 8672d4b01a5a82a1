import pytest
from django.core.management import call_command

from tests.jobs import handlers  # noqa: F401  (registers the test handlers)


@pytest.fixture
def run_worker():
    """Run `katalog worker --batch` in this process: every queued task, then return."""

    def run() -> None:
        # No memory ceiling on the test process itself (tests/jobs/test_limits.py checks the ceiling in a
        # process of its own, and the killed-worker test runs a real worker with the default one).
        call_command("worker", "--batch", "--no-schedule", "--memory-mb", "0", verbosity=0)

    return run


@pytest.fixture(autouse=True)
def _job_storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES,
                         "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                     "OPTIONS": {"location": str(tmp_path / "media")}}}
