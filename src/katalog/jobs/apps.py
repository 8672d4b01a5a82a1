from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "katalog.jobs"
    label = "jobs"

    def ready(self):
        # Each app's job handlers register themselves on import (katalog.jobs.registry).
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("job_handlers")
