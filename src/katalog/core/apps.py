from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "katalog.core"
    label = "core"

    def ready(self):
        from .files import restrict_sqlite_files
        from .reference_data import restore_missing_reference_data

        connection_created.connect(restrict_sqlite_files, dispatch_uid="katalog.sqlite_file_mode")

        # post_migrate is sent once per app after all migrations ran; listening for this app's alone runs it once.
        post_migrate.connect(restore_missing_reference_data, sender=self, dispatch_uid="katalog.reference_data")
