from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "katalog.jobs"
    label = "jobs"

    def ready(self):
        # Each app's job handlers and periodic work register themselves on import (katalog.jobs.registry,
        # katalog.jobs.periodic); importing the apps' modules waits until every app is loaded.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("job_handlers")
        autodiscover_modules("periodic")
