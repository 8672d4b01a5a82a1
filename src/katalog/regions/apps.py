from django.apps import AppConfig
from django.db.models.signals import post_migrate


class RegionsConfig(AppConfig):
    name = "katalog.regions"
    label = "regions"

    def ready(self):
        from .loader import restore_regions  # an app's modules load once its models are ready

        post_migrate.connect(restore_regions, sender=self, dispatch_uid="katalog.regions.reference_data")
