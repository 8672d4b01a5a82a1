"""`katalog accounts …`: what the district IT team does for people who cannot help themselves.

    katalog accounts locks                          # user names and addresses locked now
    katalog accounts unlock budi.pp --by admin      # lift a lock (user name or IP address)
    katalog accounts reset-2fa budi.ppk --by admin  # lost phone: enrol again at next login
    katalog accounts deactivate budi.pp --by admin --reason "pindah tugas"

Every change is audited; --by names the administrator who decided it.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from katalog.agencies import services
from katalog.agencies.models import LoginLock, User


class Command(BaseCommand):
    help = "Kelola akun: lihat dan buka kunci masuk, atur ulang autentikasi dua langkah, nonaktifkan pengguna."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("locks", help="Daftar kunci masuk yang berlaku sekarang.")
        for name, help_text in (
            ("unlock", "Buka kunci masuk untuk nama pengguna atau alamat IP."),
            ("reset-2fa", "Hapus autentikator pengguna (ponsel hilang); ia mendaftar ulang saat masuk."),
            ("deactivate", "Nonaktifkan pengguna dan akhiri semua sesinya."),
        ):
            action = sub.add_parser(name, help=help_text)
            action.add_argument("target", help="Nama pengguna (atau alamat IP untuk unlock).")
            action.add_argument("--by", help="Nama pengguna administrator yang memutuskan (dicatat di jejak audit).")
            action.add_argument("--reason", default="", help="Alasan singkat (dicatat di jejak audit).")

    def handle(self, *args, action, **options):
        if action == "locks":
            return self.list_locks()
        actor = None
        if options.get("by"):
            actor = User.objects.filter(username=options["by"]).first()
            if actor is None:
                raise CommandError(f"Administrator {options['by']!r} tidak ditemukan.")
        target = options["target"]
        if action == "unlock":
            count = services.login_unlock(key=target, actor=actor)
            self.stdout.write(f"{count} kunci dibuka untuk {target}." if count else f"Tidak ada kunci aktif untuk {target}.")
            return
        user = User.objects.filter(username=target).first()
        if user is None:
            raise CommandError(f"Pengguna {target!r} tidak ditemukan.")
        if action == "reset-2fa":
            services.two_factor_reset(user=user, actor=actor, reason=options["reason"])
            self.stdout.write(f"Autentikasi dua langkah {target} diatur ulang; semua sesinya diakhiri.")
        elif action == "deactivate":
            ended = services.user_deactivate(user=user, actor=actor, reason=options["reason"])
            self.stdout.write(f"{target} dinonaktifkan; {ended} sesi diakhiri.")

    def list_locks(self):
        locks = LoginLock.objects.filter(locked_until__gt=timezone.now()).order_by("locked_until")
        for lock in locks:
            until = timezone.localtime(lock.locked_until).strftime("%Y-%m-%d %H:%M")
            self.stdout.write(f"{lock.get_scope_display():<14} {lock.key:<40} sampai {until}")
        if not locks:
            self.stdout.write("Tidak ada kunci masuk yang berlaku.")
