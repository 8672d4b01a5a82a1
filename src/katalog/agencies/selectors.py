"""Reads for accounts: login locks, two-factor status."""

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .models import LoginLock, RecoveryCode, TwoFactorDevice


def username_key(username: str) -> str:
    return (username or "").strip().lower()[:150]


def active_lock(*, username: str, ip: str, now=None) -> LoginLock | None:
    """The lock that refuses this login attempt (the one ending last), or None."""
    now = now or timezone.now()
    return (
        LoginLock.objects.filter(locked_until__gt=now)
        .filter(Q(scope=LoginLock.Scope.USERNAME, key=username_key(username)) | Q(scope=LoginLock.Scope.IP, key=ip))
        .order_by("-locked_until")
        .first()
    )


def two_factor_device(user) -> TwoFactorDevice | None:
    if not getattr(user, "pk", None):
        return None
    return TwoFactorDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


def two_factor_enrolled(user) -> bool:
    return bool(getattr(user, "pk", None)) and TwoFactorDevice.objects.filter(
        user=user, confirmed_at__isnull=False
    ).exists()


def two_factor_required(user) -> bool:
    """Required for the roles in KATALOG_2FA_REQUIRED_ROLES while KATALOG_REQUIRE_2FA is on."""
    return bool(settings.KATALOG_REQUIRE_2FA) and getattr(user, "role", None) in settings.KATALOG_2FA_REQUIRED_ROLES


def recovery_codes_left(user) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()
