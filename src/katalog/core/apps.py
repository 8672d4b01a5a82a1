from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_delete, post_migrate, post_save


class CoreConfig(AppConfig):
    name = "katalog.core"
    label = "core"

    def ready(self):
        # An app's modules import its models, which load only once the registry is ready.
        from .files import restrict_sqlite_files
        from .pagecache import on_model_change
        from .reference_data import restore_missing_reference_data

        connection_created.connect(restrict_sqlite_files, dispatch_uid="katalog.sqlite_file_mode")

        # post_migrate is sent once per app after all migrations ran; listening for this app's alone runs it once.
        post_migrate.connect(restore_missing_reference_data, sender=self, dispatch_uid="katalog.reference_data")

        # Any change to what public pages show makes their cached copies stale (core/pagecache.py).
        post_save.connect(on_model_change, dispatch_uid="katalog.pagecache.save")
        post_delete.connect(on_model_change, dispatch_uid="katalog.pagecache.delete")
