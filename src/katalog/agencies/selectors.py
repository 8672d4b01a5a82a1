"""Reads for accounts: login locks, two-factor status (of sessions and of API tokens)."""

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from katalog.core.permissions import identity_roles

from .models import LoginLock, RecoveryCode, TwoFactorDevice
from katalog.core.roles import Role


def username_key(username: str) -> str:
    return (username or "").strip().lower()[:150]


def pair_key(username: str, ip: str) -> str:
    """The key of one address's attempts at one account (an IP address holds no space)."""
    return f"{ip} {username_key(username)}"[:150]


def active_lock(*, username: str, ip: str, known_device: bool = False, now=None) -> LoginLock | None:
    """The wait that refuses this login attempt now (the one ending last), or None.

    The account-wide wait does not apply to a browser the account's owner logged in from before
    (`known_device`, a signed cookie: agencies.http): only the address's own waits do.
    """
    now = now or timezone.now()
    key = username_key(username)
    which = Q(scope=LoginLock.Scope.IP, key=ip) | Q(scope=LoginLock.Scope.PAIR, key=pair_key(key, ip))
    if not known_device:
        which |= Q(scope=LoginLock.Scope.USERNAME, key=key)
    return LoginLock.objects.filter(locked_until__gt=now).filter(which).order_by("-locked_until").first()


def two_factor_device(user) -> TwoFactorDevice | None:
    if not getattr(user, "pk", None):
        return None
    return TwoFactorDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


def two_factor_enrolled(user) -> bool:
    return bool(getattr(user, "pk", None)) and TwoFactorDevice.objects.filter(
        user=user, confirmed_at__isnull=False
    ).exists()


def two_factor_required(user) -> bool:
    """Required for the roles in KATALOG_2FA_REQUIRED_ROLES while KATALOG_REQUIRE_2FA is on, and in production
    (KATALOG_PRODUCTION) always for every role that can see someone else's identity data or documents
    (core.permissions.identity_roles: pendamping and auditor included), whatever the switch says."""
    role = getattr(user, "role", None)
    if settings.KATALOG_REQUIRE_2FA and role in settings.KATALOG_2FA_REQUIRED_ROLES:
        return True
    return bool(getattr(settings, "PRODUCTION", False)) and role in identity_roles()


def token_refusal(token) -> str:
    """Why an API token may not be used because of its owner's second factor (empty when it may).

    A person who must have a second factor cannot use a token before enrolling; and a token is tied to
    the authenticator that was in place when it was made: one created before the current authenticator
    was confirmed (before the first one, or before a reset and re-enrolment) is refused.
    """
    user = token.user
    device = two_factor_device(user)
    if device is None:
        if two_factor_required(user):
            return _("Pemilik token wajib memakai autentikasi dua langkah. Daftarkan aplikasi autentikator di "
                     "halaman Keamanan akun, lalu buat token baru.")
        return ""
    if token.created_at < device.confirmed_at:
        return _("Token ini dibuat sebelum autentikasi dua langkah pemiliknya diaktifkan. Cabut token ini dan "
                 "buat token baru.")
    return ""


def recovery_codes_left(user) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


def can_assist_password_reset(*, actor, person) -> bool:
    """A pendamping for business owners, an administrator for staff; never for oneself or an inactive account."""
    if not getattr(actor, "is_authenticated", False) or actor.pk == person.pk or not person.is_active:
        return False
    if actor.role == Role.UMKM_OFFICER:
        return person.role == Role.SUPPLIER
    if actor.role == Role.ADMIN:
        return person.role != Role.SUPPLIER
    return False
