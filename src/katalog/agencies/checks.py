"""`katalog check --deploy`: warn when production runs without the account protections."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def account_security_check(app_configs=None, **kwargs):
    warnings = []
    if getattr(settings, "PRODUCTION", False) and not settings.KATALOG_REQUIRE_2FA:
        warnings.append(Warning(
            "KATALOG_REQUIRE_2FA is off in production: PPK and treasurers "
            "can log in with a password alone (roles that see identity data still need a second factor).",
            hint="Unset KATALOG_REQUIRE_2FA (it defaults to on in production) or set it to 1.",
            id="katalog.W001",
        ))
    if settings.KATALOG_SESSION_IDLE_MINUTES > 60:
        warnings.append(Warning(
            "KATALOG_SESSION_IDLE_MINUTES is above 60: an unattended session stays open a long time.",
            id="katalog.W002",
        ))
    return warnings
