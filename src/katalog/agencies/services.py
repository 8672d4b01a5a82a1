"""Writes for accounts: login throttling, two-factor authentication, sessions, deactivation.

Every change is audited with `record_event`; no event ever holds a password, a TOTP secret,
a code, or a user name nobody holds (people type passwords into the user-name box).
"""

import hashlib
import math
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from katalog.core.audit import record_event
from katalog.core.conflicts import retry_on_conflict
from katalog.core.errors import DomainError, WriteConflict
from katalog.core.ratelimit import take

from . import totp
from .models import LoginFailure, LoginLock, RecoveryCode, TwoFactorDevice, User, UserSession
from .selectors import can_assist_password_reset, pair_key, two_factor_required, username_key
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

RECOVERY_CODE_COUNT = 10
_RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed from paper


class AccountError(DomainError):
    """Something the person can fix; the message says what to do."""


class Busy(AccountError, WriteConflict):
    """Two transactions collided twice in a row (core/conflicts.py); nothing was saved: send again. HTTP 409."""


# --- Login throttling ---------------------------------------------------------------------------


def known_user(username: str) -> User | None:
    return User.objects.filter(username=username).first() if username else None


def _who(user: User | None, ip: str) -> dict:
    # The typed name is never recorded: the event's object names the account when there is one (its
    # number, not its name, so an erasure leaves nothing behind); otherwise the text may be a password.
    if user is not None:
        return {"ip": ip}
    return {"username_known": False, "ip": ip}


def backoff_delay(failures: int, *, free: int, cap_seconds: int) -> int:
    """Seconds to wait after the `failures`-th failure: none for the first `free`, then base, 2×base, 4×base…
    up to `cap_seconds` (KATALOG_LOGIN_THROTTLE)."""
    if free <= 0 or failures <= free:
        return 0
    base = settings.KATALOG_LOGIN_THROTTLE["base_delay_seconds"]
    return min(cap_seconds, base * 2 ** min(failures - free - 1, 30))


def _backoff_rules(key: str, ip: str) -> list[tuple[str, str, dict, int, int]]:
    """(scope, key, which failures count, free failures, longest delay) for the three kinds of backoff."""
    rules = settings.KATALOG_LOGIN_THROTTLE
    longest = rules["max_delay_minutes"] * 60
    return [
        # One address against one account: grows to the longest delay (a guesser at one place).
        (LoginLock.Scope.PAIR, pair_key(key, ip), {"username": key, "ip_address": ip}, rules["username_failures"],
         longest),
        # One address against many accounts (password spraying).
        (LoginLock.Scope.IP, ip, {"ip_address": ip}, rules["ip_failures"], longest),
        # One account from many addresses: a short cap, and never for a browser the owner logged in from
        # before (selectors.active_lock), so nobody can keep a known person out from elsewhere.
        (LoginLock.Scope.USERNAME, key, {"username": key}, rules["account_failures"],
         rules["account_max_delay_seconds"]),
    ]


@retry_on_conflict(Busy)
@transaction.atomic
def login_failure_record(*, username: str, ip: str, reason: str = "password", user: User | None = None,
                         now=None) -> list[LoginLock]:
    """Count one failed login; from a threshold on, the next attempt must wait, longer after each failure.

    KATALOG_LOGIN_THROTTLE: failures within `window_minutes` are counted per address and account
    (`username_failures` free, then `base_delay_seconds` doubling up to `max_delay_minutes`), per address
    (`ip_failures` free, same delays) and per account from anywhere (`account_failures` free, delays capped
    at `account_max_delay_seconds`, skipped for a browser the owner has logged in from). No hard lock: the
    rightful owner at their own browser is never kept out by someone else's guesses. Returns the waits
    this failure set.
    """
    now = now or timezone.now()
    rules = settings.KATALOG_LOGIN_THROTTLE
    window_start = now - timedelta(minutes=rules["window_minutes"])
    key = username_key(username)
    user = user if user is not None else known_user(username)
    # Nothing older than the window counts; expired waits are kept a day for the admin's view.
    LoginFailure.objects.filter(at__lt=window_start).delete()
    LoginLock.objects.filter(locked_until__lt=now - timedelta(days=1)).delete()
    LoginFailure.objects.create(username=key, ip_address=ip, at=now)

    # The waits (rows) first, the audit events last: login_unlock changes the same rows and then records its
    # event, so recording first here could wait for it in a circle (lock order, core/conflicts.py).
    events = [dict(actor=None, action="login.failed", obj=user, after={**_who(user, ip), "reason": reason})]
    waits = []
    for scope, lock_key, which, free, cap in _backoff_rules(key, ip):
        failures = LoginFailure.objects.filter(at__gte=window_start, **which).count()
        delay = backoff_delay(failures, free=free, cap_seconds=cap)
        if not delay:
            continue
        lock, _created = LoginLock.objects.update_or_create(
            scope=scope, key=lock_key, defaults={"locked_until": now + timedelta(seconds=delay), "created_at": now},
        )
        if failures == free + 1:  # the backoff starts: once in the audit trail, not at every failure
            events.append(dict(
                actor=None, action="login.throttled", obj=user if scope != LoginLock.Scope.IP else None,
                after={**({"ip": ip} if scope != LoginLock.Scope.USERNAME else {}), "scope": scope,
                       "failures": failures, "delay_seconds": delay},
            ))
        waits.append(lock)
    for event in events:
        record_event(**event)
    return waits


@retry_on_conflict(Busy)
@transaction.atomic
def login_success_record(*, user: User, ip: str, second_factor: str = "") -> None:
    """A completed login: the account's failure counts and waits start again. Audited."""
    key = username_key(user.username)
    LoginFailure.objects.filter(username=key).delete()
    LoginLock.objects.filter(Q(scope=LoginLock.Scope.USERNAME, key=key)
                             | Q(scope=LoginLock.Scope.PAIR, key=pair_key(key, ip))).delete()
    record_event(actor=user, action="login.succeeded", obj=user, after={"ip": ip, "second_factor": second_factor})


@retry_on_conflict(Busy)
@transaction.atomic
def login_unlock(*, key: str, actor: User | None) -> int:
    """Lift the waits on a user name (from every address) or an IP address now (an administrator's decision).

    Audited."""
    now = timezone.now()
    locks = LoginLock.objects.filter(
        Q(key__in={key, username_key(key)}) | Q(scope=LoginLock.Scope.PAIR, key__endswith=f" {username_key(key)}")
        | Q(scope=LoginLock.Scope.PAIR, key__startswith=f"{key} "), locked_until__gt=now)
    scopes = sorted(set(locks.values_list("scope", flat=True)))
    count = locks.update(locked_until=now)
    LoginFailure.objects.filter(username=username_key(key)).delete()
    LoginFailure.objects.filter(ip_address=key).delete()
    if count:
        user = known_user(key)
        record_event(actor=actor, action="login.unlocked", obj=user, after={"scopes": scopes})
    return count


# --- Sessions -----------------------------------------------------------------------------------


def _session_store() -> type[SessionBase]:
    return import_string(f"{settings.SESSION_ENGINE}.SessionStore")


def session_track(*, user: User, session_key: str | None) -> None:
    """Remember that this session belongs to `user` (signals.py calls it at login)."""
    if session_key:
        UserSession.objects.update_or_create(session_key=session_key, defaults={"user": user})


def session_forget(*, session_key: str | None) -> None:
    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()


def sessions_end(*, user: User, keep: str | None = None) -> int:
    """End every session `user` holds (but `keep`), on every app server (sessions live in the shared store)."""
    store = _session_store()
    tracked = UserSession.objects.filter(user=user).exclude(session_key=keep or "")
    keys = list(tracked.values_list("session_key", flat=True))
    for key in keys:
        store(session_key=key).delete()
    tracked.delete()
    return len(keys)


@retry_on_conflict(Busy)
@transaction.atomic
def user_deactivate(*, user: User, actor: User | None, reason: str = "") -> int:
    """Deactivate an account and end its sessions at once. Returns the number of sessions ended. Audited."""
    was_active = user.is_active
    ended = sessions_end(user=user)
    if was_active:
        user.is_active = False
        user.save(update_fields=["is_active"])  # signals.on_user_saved finds no session left
    record_event(
        actor=actor, action="account.deactivate", obj=user,
        before={"is_active": was_active}, after={"is_active": False, "sessions_ended": ended, "reason": reason[:200]},
    )
    return ended


# --- Two-factor authentication ------------------------------------------------------------------


def recovery_code_hash(code: str) -> str:
    normalised = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(normalised.encode()).hexdigest()


def _new_recovery_code() -> str:
    # 16 characters from 32 symbols: 80 bits, far beyond guessing even from the stored hashes.
    raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(16))
    return "-".join(raw[i:i + 4] for i in range(0, 16, 4))


def _recovery_codes_replace(user: User, now) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.bulk_create(
        [RecoveryCode(user=user, code_hash=recovery_code_hash(code), created_at=now) for code in codes]
    )
    return codes


def _checked_step(device: TwoFactorDevice, code: str, now) -> int | None:
    return totp.matching_step(device.secret, code, at=now.timestamp(), after_step=device.last_used_step)


@retry_on_conflict(Busy)
@transaction.atomic
def two_factor_enrol(*, user: User, secret: str, code: str, now=None) -> list[str]:
    """Confirm a new authenticator with a code it shows; returns fresh recovery codes (shown once). Audited."""
    now = now or timezone.now()
    step = totp.matching_step(secret, code, at=now.timestamp())
    if step is None:
        raise AccountError(_("Kode tidak cocok. Periksa jam ponsel Anda, lalu masukkan kode 6 angka yang sedang tampil."))
    had_device = TwoFactorDevice.objects.filter(user=user).exists()
    TwoFactorDevice.objects.update_or_create(
        user=user, defaults={"secret": secret, "confirmed_at": now, "last_used_step": step, "created_at": now}
    )
    codes = _recovery_codes_replace(user, now)
    record_event(actor=user, action="account.2fa_enrol", obj=user, after={"replaced": had_device})
    return codes


@retry_on_conflict(Busy)
@transaction.atomic
def two_factor_verify(*, user: User, code: str, now=None) -> str | None:
    """Check a second-factor code: "totp" or "recovery" when accepted, None when not.

    A TOTP code is accepted once (replay refused); a recovery code is used up. The caller
    counts a refusal as a failed login (login throttling applies to codes too).
    """
    now = now or timezone.now()
    device = TwoFactorDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=False).first()
    if device is None:
        return None
    if "".join(code.split()).isdigit():  # digits only: an authenticator code
        step = _checked_step(device, code, now)
        if step is None:
            return None
        device.last_used_step = step
        device.save(update_fields=["last_used_step"])
        return "totp"
    used = RecoveryCode.objects.filter(user=user, code_hash=recovery_code_hash(code), used_at__isnull=True).update(
        used_at=now
    )
    if not used:
        return None
    left = RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()
    record_event(actor=user, action="account.2fa_recovery_code_used", obj=user, after={"left": left})
    return "recovery"


@retry_on_conflict(Busy)
@transaction.atomic
def recovery_codes_regenerate(*, user: User, code: str, now=None) -> list[str]:
    """New recovery codes (the old ones stop working), after a current authenticator code. Audited."""
    now = now or timezone.now()
    device = TwoFactorDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=False).first()
    step = _checked_step(device, code, now) if device else None
    if step is None:
        raise AccountError(_("Kode autentikator tidak cocok."))
    device.last_used_step = step
    device.save(update_fields=["last_used_step"])
    codes = _recovery_codes_replace(user, now)
    record_event(actor=user, action="account.2fa_recovery_codes_regenerate", obj=user)
    return codes


@retry_on_conflict(Busy)
@transaction.atomic
def two_factor_disable(*, user: User, code: str, now=None) -> None:
    """A person turns off their own optional two-factor authentication, with a current code. Audited."""
    now = now or timezone.now()
    if two_factor_required(user):
        raise AccountError(_("Peran Anda wajib memakai autentikasi dua langkah; fitur ini tidak dapat dimatikan."))
    device = TwoFactorDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=False).first()
    if device is None or _checked_step(device, code, now) is None:
        raise AccountError(_("Kode autentikator tidak cocok."))
    TwoFactorDevice.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()
    record_event(actor=user, action="account.2fa_disable", obj=user)


@retry_on_conflict(Busy)
@transaction.atomic
def two_factor_reset(*, user: User, actor: User | None, reason: str = "") -> None:
    """An administrator removes a person's authenticator (lost phone): they enrol again at next login.

    Their sessions end too, so nobody keeps a session opened with the lost device. Audited.
    """
    TwoFactorDevice.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()
    ended = sessions_end(user=user)
    record_event(actor=actor, action="account.2fa_reset", obj=user, after={"sessions_ended": ended, "reason": reason[:200]})


# --- Personal data (UU 27/2022) ---------------------------------------------------------------


@retry_on_conflict(Busy)
@transaction.atomic
def personal_data_export_record(*, actor: User, person: User) -> None:
    """Record that a copy of `person`'s data left the system, and who took it. Audited."""
    record_event(actor=actor, action="privacy.export", obj=person,
                 after={"requested_by": "self" if actor.pk == person.pk else "admin"})


# --- Password reset -----------------------------------------------------------------------------
# Both ways end in Django's own signed, expiring link (PasswordResetTokenGenerator: it names the account,
# is signed with SECRET_KEY, expires after PASSWORD_RESET_TIMEOUT and stops working once the password
# changes), so there is one page that sets a new password.


def password_reset_path(user: User) -> str:
    return reverse("accounts:password_reset_confirm", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user),
    })


@retry_on_conflict(Busy)
@transaction.atomic
def password_reset_assist(*, person: User, actor: User) -> str:
    """An officer makes a one-time reset link for someone who cannot use the e-mail link; returns its path.

    A pendamping (UMKM officer) does it for the owners of businesses (every business a pendamping may edit
    on the owner's behalf: suppliers.selectors.suppliers_editable_by), an administrator for staff. Nobody for
    themselves (they use "Lupa kata sandi?" or change it while logged in). Audited; the link is shown once.
    """
    if not can_assist_password_reset(actor=actor, person=person):
        raise AccountError(_("Anda tidak dapat mengatur ulang kata sandi akun ini."))
    path = password_reset_path(person)
    record_event(actor=actor, action="account.password_reset_assisted", obj=person,
                 after={"valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600})
    return path


@retry_on_conflict(Busy)
@transaction.atomic
def password_reset_completed(*, user: User) -> int:
    """A new password was set through a reset link: every session of the account ends. Audited."""
    ended = sessions_end(user=user)
    record_event(actor=user, action="account.password_reset", obj=user, after={"sessions_ended": ended})
    return ended


def password_reset_refusal(*, ip: str, email: str) -> str | None:
    """Count one request for a reset link; the message to show instead of sending one when the visitor's
    address or the e-mail address asked too often (KATALOG_PASSWORD_RESET_LIMITS, a fixed window). The same
    for an address that has no account, so the answer tells nobody whether it exists; the e-mail address is
    counted under its hash, never kept as typed."""
    rules = settings.KATALOG_PASSWORD_RESET_LIMITS
    window = max(1, rules["window_minutes"]) * 60
    allowed, _remaining, reset = take(f"reset-ip:{ip}", rules["per_ip"], window)
    if not allowed:
        return _("Terlalu banyak permintaan atur ulang kata sandi dari jaringan Anda. Coba lagi dalam %(minutes)s "
                 "menit, atau minta pendamping UMKM / administrator membuatkan tautan.") % {
                     "minutes": math.ceil(reset / 60)}
    address = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    allowed, _remaining, reset = take(f"reset-email:{address}", rules["per_email"], window)
    if not allowed:
        return _("Tautan atur ulang untuk alamat surel ini sudah beberapa kali diminta. Periksa kotak masuk (juga "
                 "folder spam) untuk surel yang sudah dikirim, atau coba lagi dalam %(minutes)s menit.") % {
                     "minutes": math.ceil(reset / 60)}
    return None


def password_reset_requested(*, user: User) -> None:
    """A reset e-mail went to the account's address (the visitor is told the same whether or not it exists)."""
    record_event(actor=None, action="account.password_reset_requested", obj=user)
