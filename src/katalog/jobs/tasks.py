"""The tasks the queue carries. Arguments are plain JSON (ids), so any backend of Django's task framework
(the database one here, a broker-based one later) can carry them."""

from django_tasks import task

from . import runner


@task()
def run_job(job_id: int) -> str:
    return runner.execute(job_id)


@task()
def run_periodic(name: str) -> str:
    # schedule imports services, which import this module to enqueue.
    from . import schedule

    return schedule.run(name)
