from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('purchasing', '0003_line_dpp_ppn_and_sent_to_ppk'),
    ]

    operations = [
        migrations.AddField(
            model_name='order',
            name='idempotency_request',
            field=models.CharField(blank=True, max_length=64, null=True),
        ),
    ]
