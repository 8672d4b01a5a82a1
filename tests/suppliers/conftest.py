from contextlib import contextmanager

import pytest


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Uploaded documents go to a fresh directory per test, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """When the block ends, run what was registered with transaction.on_commit (immediate e-mails such as the
    address check), then deliver the outbox as the worker would (notices: katalog.notices)."""
    from katalog.notices.services import deliver_due

    @contextmanager
    def run():
        with django_capture_on_commit_callbacks(execute=True):
            yield
        deliver_due()

    return run
