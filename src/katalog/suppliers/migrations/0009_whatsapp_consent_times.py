"""When the business consented to WhatsApp notices and when it withdrew (UU 27/2022 Pasal 22, 24, 9).

Businesses that had already consented before this migration get the time of their registration (submitted,
else created): the consent was asked there; the true moment was not recorded. The CHECK then holds every
row to "WhatsApp only with a consent on record". The supplier table carries a search trigger on SQLite.
"""

from django.db import migrations, models
from django.db.models import Q
from django.db.models.functions import Coalesce

from katalog.core.migration_triggers import triggers_set_aside

before, after = triggers_set_aside("suppliers_supplier")


def backfill(apps, schema_editor):
    Supplier = apps.get_model("suppliers", "Supplier")
    Supplier.objects.filter(notify_whatsapp=True, whatsapp_consent_at__isnull=True).update(
        whatsapp_consent_at=Coalesce("submitted_at", "created_at"))


class Migration(migrations.Migration):

    dependencies = [
        ("suppliers", "0008_supplier_without_nib"),
    ]

    operations = [
        before,
        migrations.AddField(
            model_name="supplier",
            name="whatsapp_consent_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="persetujuan WhatsApp diberikan pada"),
        ),
        migrations.AddField(
            model_name="supplier",
            name="whatsapp_consent_withdrawn_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="persetujuan WhatsApp dicabut pada"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="supplier",
            constraint=models.CheckConstraint(
                condition=Q(notify_whatsapp=False)
                | Q(whatsapp_consent_at__isnull=False, whatsapp_consent_withdrawn_at__isnull=True),
                name="supplier_whatsapp_needs_consent",
            ),
        ),
        after,
    ]
