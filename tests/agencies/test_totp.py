"""TOTP (RFC 6238) and HOTP (RFC 4226), checked against the RFCs' own test vectors."""

import base64
from urllib.parse import parse_qs, urlparse

import pytest

from katalog.agencies import totp

SEED_SHA1 = b"12345678901234567890"
SEED_SHA256 = b"12345678901234567890123456789012"
SEED_SHA512 = b"1234567890123456789012345678901234567890123456789012345678901234"
SEEDS = {"sha1": SEED_SHA1, "sha256": SEED_SHA256, "sha512": SEED_SHA512}

# RFC 6238 Appendix B: (time, TOTP, mode), 8 digits, step 30 s, T0 = 0.
RFC6238_VECTORS = [
    (59, "94287082", "sha1"), (59, "46119246", "sha256"), (59, "90693936", "sha512"),
    (1111111109, "07081804", "sha1"), (1111111109, "68084774", "sha256"), (1111111109, "25091201", "sha512"),
    (1111111111, "14050471", "sha1"), (1111111111, "67062674", "sha256"), (1111111111, "99943326", "sha512"),
    (1234567890, "89005924", "sha1"), (1234567890, "91819424", "sha256"), (1234567890, "93441116", "sha512"),
    (2000000000, "69279037", "sha1"), (2000000000, "90698825", "sha256"), (2000000000, "38618901", "sha512"),
    (20000000000, "65353130", "sha1"), (20000000000, "77737706", "sha256"), (20000000000, "47863826", "sha512"),
]
# RFC 4226 Appendix D: HOTP values for counters 0..9 with the SHA-1 seed, 6 digits.
RFC4226_VECTORS = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"]


@pytest.mark.parametrize("at, expected, digest", RFC6238_VECTORS)
def test_totp_matches_every_rfc_6238_test_vector(at, expected, digest):
    assert totp.totp(SEEDS[digest], at, digits=8, digest=digest) == expected


@pytest.mark.parametrize("counter, expected", list(enumerate(RFC4226_VECTORS)))
def test_hotp_matches_every_rfc_4226_test_vector(counter, expected):
    assert totp.hotp(SEED_SHA1, counter) == expected


def test_a_new_secret_is_base32_for_160_random_bits():
    secret = totp.new_secret()
    assert len(totp.decode_secret(secret)) == 20
    assert secret == secret.upper() and "=" not in secret
    assert totp.new_secret() != secret
    assert totp.decode_secret(totp.grouped(secret)) == totp.decode_secret(secret)


def _secret() -> str:
    return base64.b32encode(SEED_SHA1).decode()


def test_a_code_is_accepted_one_step_either_side_of_now_and_not_further():
    at = 1111111111
    key = SEED_SHA1
    for offset, accepted in ((-60, False), (-30, True), (0, True), (30, True), (60, False)):
        code = totp.totp(key, at + offset)
        assert (totp.matching_step(_secret(), code, at=at) is not None) is accepted, offset


def test_a_code_already_used_is_refused():
    at = 1234567890
    code = totp.totp(SEED_SHA1, at)
    step = totp.matching_step(_secret(), code, at=at)
    assert step == totp.time_step(at)
    assert totp.matching_step(_secret(), code, at=at, after_step=step) is None


def test_spaces_in_a_typed_code_do_not_matter_but_wrong_lengths_do():
    at = 1234567890
    code = totp.totp(SEED_SHA1, at)
    assert totp.matching_step(_secret(), f"{code[:3]} {code[3:]}", at=at) is not None
    assert totp.matching_step(_secret(), code[:5], at=at) is None
    assert totp.matching_step(_secret(), "", at=at) is None


def test_the_provisioning_uri_is_what_authenticator_apps_read():
    uri = totp.provisioning_uri(secret="JBSWY3DPEHPK3PXP", account="ppk.disdik", issuer="Katalog Lokal")
    parsed = urlparse(uri)
    assert parsed.scheme == "otpauth" and parsed.netloc == "totp"
    assert parsed.path == "/Katalog%20Lokal%3Appk.disdik"
    query = parse_qs(parsed.query)
    assert query == {"secret": ["JBSWY3DPEHPK3PXP"], "issuer": ["Katalog Lokal"], "algorithm": ["SHA1"],
                     "digits": ["6"], "period": ["30"]}
