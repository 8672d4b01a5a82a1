from django_tasks import task


@task()
def send_notices() -> dict:
    from .services import deliver_due

    return deliver_due()
