"""Which jobs a person may see: the ones they asked for; the administrator sees every job."""

from katalog.core.permissions import allows

from .models import Job


def jobs_visible_to(user):
    qs = Job.objects.select_related("requested_by")
    if allows(user, "jobs.admin"):
        return qs
    return qs.filter(requested_by=user)
