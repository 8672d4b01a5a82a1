import pytest


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Uploaded documents go to a fresh directory per test, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run e-mail sending (registered with transaction.on_commit) when the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
