from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('purchasing', '0002_e_purchasing_flow'),
    ]

    operations = [
        migrations.AddField(
            model_name='order',
            name='idempotency_request',
            field=models.CharField(blank=True, max_length=64, null=True),
        ),
    ]
