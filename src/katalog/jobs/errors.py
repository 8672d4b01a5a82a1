class JobFailed(Exception):
    """A failure to show the person who asked for the job, in their language (the message says what to do)."""


class JobTimedOut(JobFailed):
    pass
