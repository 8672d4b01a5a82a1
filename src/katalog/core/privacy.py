"""Personal data (UU 27/2022): NIK, NPWP and bank account numbers are shown masked."""


def mask(value: str | None, visible: int = 4) -> str:
    """'3201234567890001' → '************0001'. Empty stays empty."""
    if not value:
        return ""
    value = str(value)
    if len(value) <= visible:
        return "*" * len(value)
    return "*" * (len(value) - visible) + value[-visible:]
