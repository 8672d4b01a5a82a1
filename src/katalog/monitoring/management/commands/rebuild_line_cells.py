from django.core.management.base import BaseCommand
from django.db import connection

from katalog.monitoring import summary


class Command(BaseCommand):
    help = ("Buat ulang pemicu dan hitung ulang ringkasan nilai barang per OPD dan tingkat TKDN dari baris "
            "pesanan. Perlu setelah ambang TKDN di KATALOG_RULES diubah; selain itu pemicu menjaganya tetap tepat.")

    def handle(self, *args, **options):
        summary.rebuild(connection)
        self.stdout.write(self.style.SUCCESS("Ringkasan baris pesanan dihitung ulang."))
