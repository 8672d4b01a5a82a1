"""Helpers for account tests: logging in through the forms, codes from a person's authenticator."""

import time

from django.urls import reverse

from katalog.agencies import totp
from katalog.agencies.models import TwoFactorDevice
from tests.factories import PASSWORD


def log_in(client, user, password=PASSWORD, **extra):
    return client.post(reverse("login"), {"username": user.username, "password": password}, **extra)


def code_for(user, *, offset_steps: int = 0) -> str:
    """The code the person's phone shows now (or `offset_steps` steps later)."""
    device = TwoFactorDevice.objects.get(user=user)
    return totp.totp(totp.decode_secret(device.secret), time.time() + offset_steps * totp.STEP_SECONDS)


def enrol(user) -> list[str]:
    """Give `user` a confirmed authenticator, as the enrolment page would; returns the recovery codes."""
    from katalog.agencies import services

    secret = totp.new_secret()
    # A code from the step before now: the login step's current code is still unused.
    code = totp.totp(totp.decode_secret(secret), time.time() - totp.STEP_SECONDS)
    return services.two_factor_enrol(user=user, secret=secret, code=code)
