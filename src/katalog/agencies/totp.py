"""One-time passwords: HOTP (RFC 4226) and TOTP (RFC 6238), with the standard library only.

Authenticator apps (Google Authenticator, Microsoft Authenticator, FreeOTP, Aegis, …) use
SHA-1, 6 digits and a 30-second step; those are the defaults. The test suite checks every
RFC 6238 Appendix B test vector (SHA-1, SHA-256, SHA-512, 8 digits).
"""

import base64
import hashlib
import hmac
import secrets
import struct
from urllib.parse import quote, urlencode

STEP_SECONDS = 30
DIGITS = 6
DIGEST = "sha1"
SECRET_BYTES = 20  # 160 bits, as RFC 4226 recommends for HMAC-SHA-1


def hotp(key: bytes, counter: int, *, digits: int = DIGITS, digest: str = DIGEST) -> str:
    """RFC 4226 section 5.3: HMAC over the 8-byte counter, dynamic truncation, modulo 10^digits."""
    mac = hmac.new(key, struct.pack(">Q", counter), getattr(hashlib, digest)).digest()
    offset = mac[-1] & 0x0F
    binary = struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(binary % (10 ** digits)).zfill(digits)


def time_step(at: float, *, step: int = STEP_SECONDS, t0: int = 0) -> int:
    """RFC 6238 section 4.2: T = floor((unix time - T0) / X)."""
    return int((int(at) - t0) // step)


def totp(key: bytes, at: float, *, step: int = STEP_SECONDS, t0: int = 0, digits: int = DIGITS,
         digest: str = DIGEST) -> str:
    return hotp(key, time_step(at, step=step, t0=t0), digits=digits, digest=digest)


def new_secret() -> str:
    """A fresh random secret, base32 without padding (what authenticator apps accept)."""
    return base64.b32encode(secrets.token_bytes(SECRET_BYTES)).decode().rstrip("=")


def decode_secret(secret: str) -> bytes:
    cleaned = "".join(secret.split()).upper()
    return base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))


def normalise_code(code: str) -> str:
    return "".join(ch for ch in str(code) if ch.isdigit())


def matching_step(secret: str, code: str, *, at: float, window: int = 1, after_step: int = 0) -> int | None:
    """The time step whose code equals `code` within ±`window` steps of `at`, or None.

    Steps at or before `after_step` (the last one already used) are refused, so a code
    seen over someone's shoulder cannot be used a second time.
    """
    code = normalise_code(code)
    if len(code) != DIGITS:
        return None
    key = decode_secret(secret)
    current = time_step(at)
    found = None
    for candidate in range(current - window, current + window + 1):
        # Compare every candidate (constant work whatever matches) and never short-circuit on text.
        if hmac.compare_digest(hotp(key, candidate), code) and candidate > after_step and found is None:
            found = candidate
    return found


def provisioning_uri(*, secret: str, account: str, issuer: str) -> str:
    """The otpauth:// URI an authenticator app reads (Key Uri Format, as used by Google Authenticator)."""
    label = quote(f"{issuer}:{account}", safe="")
    params = urlencode({"secret": secret, "issuer": issuer, "algorithm": "SHA1", "digits": DIGITS,
                       "period": STEP_SECONDS})
    return f"otpauth://totp/{label}?{params}"


def grouped(secret: str, size: int = 4) -> str:
    """'JBSWY3DPEHPK3PXP' → 'JBSW Y3DP EHPK 3PXP', easier to type from a screen."""
    return " ".join(secret[i:i + size] for i in range(0, len(secret), size))
