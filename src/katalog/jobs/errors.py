from katalog.core.errors import DomainError, WriteConflict


class JobFailed(DomainError):
    """A failure to show the person who asked for the job, in their language (the message says what to do)."""


class JobTimedOut(JobFailed):
    pass


class Busy(JobFailed, WriteConflict):
    """Two transactions collided twice in a row (core/conflicts.py); nothing was saved: send again. HTTP 409."""
