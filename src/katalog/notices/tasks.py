from django_tasks import task


@task()
def send_notices() -> dict:
    # services imports this module to enqueue: a loop at module level.
    from .services import deliver_due

    return deliver_due()
