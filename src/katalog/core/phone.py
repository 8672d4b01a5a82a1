"""Indonesian phone numbers in E.164 form (ITU-T E.164: "+" country code subscriber number, at most
15 digits). People write 0812-3456-7890, 62812..., +62 812 ...; all become +6281234567890."""

import re

_DIGITS = re.compile(r"\D+")


def to_e164(raw: str, *, country_code: str = "62") -> str | None:
    """The E.164 form of `raw`, or None when it cannot be an Indonesian mobile or landline number."""
    text = (raw or "").strip()
    if not text:
        return None
    digits = _DIGITS.sub("", text)
    if text.startswith("+"):
        pass
    elif digits.startswith("00"):
        digits = digits[2:]
    elif digits.startswith("0"):
        digits = country_code + digits[1:]
    elif not digits.startswith(country_code):
        return None
    # Indonesia: 62 + 8 to 12 digits (mobile 8xx, landlines with area code).
    if not digits.startswith(country_code) or not 10 <= len(digits) <= 15:
        return None
    return "+" + digits
