"""OPD (perangkat daerah) and the people who use the system."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from katalog.core.roles import AGENCY_ROLES, Role


class Agency(models.Model):
    """An OPD / perangkat daerah (satuan kerja) of the kabupaten."""

    class Kind(models.TextChoices):
        SECRETARIAT = "sekretariat", _("Sekretariat")
        INSPECTORATE = "inspektorat", _("Inspektorat")
        AGENCY = "badan", _("Badan")
        SERVICE = "dinas", _("Dinas")
        HOSPITAL = "rsud", _("Rumah Sakit Umum Daerah")
        POLICE = "satpol", _("Satuan Polisi Pamong Praja")
        SUBDISTRICT = "kecamatan", _("Kecamatan")

    code = models.CharField(_("kode"), max_length=30, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("singkatan"), max_length=50)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    regency = models.ForeignKey("regions.Regency", on_delete=models.PROTECT, related_name="+")
    district = models.ForeignKey(
        "regions.District", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("Untuk kantor kecamatan, dan lokasi kantor OPD."),
    )
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("OPD")
        verbose_name_plural = _("OPD")

    def __str__(self) -> str:
        return self.name


class KatalogUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A person with one role, working for one OPD or one supplier (or neither, for oversight roles)."""

    full_name = models.CharField(_("nama lengkap"), max_length=200)
    role = models.CharField(_("peran"), max_length=30, choices=Role.choices)
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="people", verbose_name=_("OPD")
    )
    supplier = models.ForeignKey(
        "suppliers.Supplier", null=True, blank=True, on_delete=models.PROTECT, related_name="people",
        verbose_name=_("penyedia"),
    )
    nip = models.CharField(_("NIP"), max_length=18, blank=True, help_text=_("Nomor Induk Pegawai, 18 digit."))
    phone = models.CharField(_("telepon"), max_length=20, blank=True)

    objects = KatalogUserManager()
    REQUIRED_FIELDS = ["email"]

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="user_role_known"),
            models.CheckConstraint(
                condition=(Q(role=Role.SUPPLIER) & Q(supplier__isnull=False) & Q(agency__isnull=True))
                | (~Q(role=Role.SUPPLIER) & Q(supplier__isnull=True)),
                name="user_supplier_role_has_supplier",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=sorted(AGENCY_ROLES)) | Q(agency__isnull=False),
                name="user_agency_role_has_agency",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def role_label(self) -> str:
        return Role(self.role).label if self.role else ""


# --- Account security (issue #8) --------------------------------------------------------------
# Additive models only: the User table above is unchanged.


class LoginFailure(models.Model):
    """One failed login (wrong password or wrong second-factor code). Kept only for the throttle window.

    `username` is what was typed, lower-cased; it is never shown or audited unless it names an
    existing account (people type their password into the user-name box).
    """

    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.CharField(max_length=45, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("kegagalan masuk")
        verbose_name_plural = _("kegagalan masuk")


class LoginLock(models.Model):
    """A wait: no login attempt for this account, address, or address-and-account before `locked_until`.

    Written by agencies.services.login_failure_record with delays that grow after each failure
    (KATALOG_LOGIN_THROTTLE); one row per scope and key, moved forward at each failure.
    """

    class Scope(models.TextChoices):
        USERNAME = "username", _("nama pengguna")
        IP = "ip", _("alamat IP")
        PAIR = "pair", _("alamat IP dan nama pengguna")

    scope = models.CharField(max_length=10, choices=Scope.choices)
    key = models.CharField(max_length=150)
    locked_until = models.DateTimeField(db_index=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("penguncian masuk")
        verbose_name_plural = _("penguncian masuk")
        indexes = [models.Index(fields=["scope", "key", "locked_until"])]


class UserSession(models.Model):
    """Which session belongs to whom, so that deactivating a person can end every session they hold."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    session_key = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("sesi pengguna")
        verbose_name_plural = _("sesi pengguna")


class TwoFactorDevice(models.Model):
    """A person's TOTP authenticator (RFC 6238: SHA-1, 6 digits, 30 seconds).

    `secret` is base32, as the authenticator app was given it. `last_used_step` refuses a code
    that was already used (a replayed code) or an older one.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="two_factor")
    secret = models.CharField(max_length=64)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_used_step = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("autentikasi dua langkah")
        verbose_name_plural = _("autentikasi dua langkah")

    def __str__(self) -> str:
        return f"TOTP #{self.pk}"


class RecoveryCode(models.Model):
    """A single-use code for when the phone is lost. Only the SHA-256 of the code is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("kode pemulihan")
        verbose_name_plural = _("kode pemulihan")
