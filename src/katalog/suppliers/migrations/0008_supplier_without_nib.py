"""A business may be registered without an NIB ("belum ber-NIB"): stored as NULL, never as an empty string."""

from django.db import migrations, models

from katalog.core.migration_triggers import triggers_set_aside


def blank_nib_to_null(apps, schema_editor):
    apps.get_model("suppliers", "Supplier").objects.filter(nib="").update(nib=None)


before, after = triggers_set_aside("suppliers_supplier")


class Migration(migrations.Migration):

    dependencies = [
        ("suppliers", "0007_verification_reason_notification_texts"),
    ]

    operations = [
        migrations.RunPython(blank_nib_to_null, migrations.RunPython.noop),
        before,
        migrations.AddConstraint(
            model_name="supplier",
            constraint=models.CheckConstraint(
                condition=models.Q(("nib__isnull", True), models.Q(("nib", ""), _negated=True), _connector="OR"),
                name="supplier_nib_null_when_absent",
            ),
        ),
        after,
    ]
