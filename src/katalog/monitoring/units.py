"""What one selling unit of a product holds: its size read from the unit and the name.

"Gula Aren 1 kg" sold per `kg`, "Gula Semut 250 gr" sold per `bungkus` and "Beras Premium 25 kg" sold per
`karung` all hold mass (1, 0.25 and 25 kg); "Kertas HVS A4 per Rim" holds 500 sheets; "Pulpen 1 Box isi 12"
holds 12 pieces. Prices are then comparable per kg, per litre, per sheet or per piece (`Measure.per_base`),
and only like with like: `dimension` says what is counted, `amount` how much of it one unit holds, `spec` the
other sizes in the name (60x160 cm, 10 inch, 2 PK, 70 gr paper) that make two products different things.

A size that cannot be read (a `dus` of bottles without a count, a `paket`) is not guessed: the measure is
"per <unit>" (`known` False), comparable only with the same unit.

Pure functions; nothing here reads the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

MASS, VOLUME, SHEET, PIECE = "kg", "liter", "lembar", "buah"

# Units that are themselves a measure: one selling unit holds this much.
_UNIT_MEASURES = {
    "kg": (MASS, Fraction(1)), "kilo": (MASS, Fraction(1)), "kilogram": (MASS, Fraction(1)),
    "gram": (MASS, Fraction(1, 1000)), "gr": (MASS, Fraction(1, 1000)), "g": (MASS, Fraction(1, 1000)),
    "ons": (MASS, Fraction(1, 10)), "ton": (MASS, Fraction(1000)), "kuintal": (MASS, Fraction(100)),
    "liter": (VOLUME, Fraction(1)), "litre": (VOLUME, Fraction(1)), "l": (VOLUME, Fraction(1)),
    "ltr": (VOLUME, Fraction(1)), "lt": (VOLUME, Fraction(1)), "ml": (VOLUME, Fraction(1, 1000)),
    "lembar": (SHEET, Fraction(1)), "lbr": (SHEET, Fraction(1)), "sheet": (SHEET, Fraction(1)),
    "helai": (SHEET, Fraction(1)), "rim": (SHEET, Fraction(500)),
    "pcs": (PIECE, Fraction(1)), "buah": (PIECE, Fraction(1)), "biji": (PIECE, Fraction(1)),
    "butir": (PIECE, Fraction(1)), "unit": (PIECE, Fraction(1)), "lusin": (PIECE, Fraction(12)),
    "kodi": (PIECE, Fraction(20)), "pasang": (PIECE, Fraction(1)),
}
# Units that hold an unknown number of things unless the name says how many ("isi 12", "5 rim").
_CONTAINERS = {"bungkus", "pak", "pack", "dus", "box", "kotak", "karton", "renceng", "sak", "karung", "botol",
               "galon", "toples", "kaleng", "jerigen", "pail", "roll", "set", "paket", "bal", "ikat", "tube"}

_NUMBER = r"(\d+(?:[.,]\d+)?)"
_MASS_UNITS = {"kg": Fraction(1), "kilo": Fraction(1), "kilogram": Fraction(1), "gram": Fraction(1, 1000),
               "gr": Fraction(1, 1000), "g": Fraction(1, 1000), "grm": Fraction(1, 1000), "ons": Fraction(1, 10),
               "mg": Fraction(1, 1_000_000), "ton": Fraction(1000)}
_VOLUME_UNITS = {"liter": Fraction(1), "litre": Fraction(1), "ltr": Fraction(1), "lt": Fraction(1),
                 "l": Fraction(1), "ml": Fraction(1, 1000), "cc": Fraction(1, 1000)}
_SIZE = re.compile(_NUMBER + r"\s*(" + "|".join(sorted({*_MASS_UNITS, *_VOLUME_UNITS}, key=len, reverse=True))
                   + r")\b")
# "isi 12", "isi 48 cup", "12 pcs", "58 lbr", "5 rim", "10 sachet", "x 24"
_COUNT = re.compile(r"\bisi\s*(\d+)|(\d+)\s*(pcs|lembar|lbr|sheet|sachet|buah|biji|butir|cup|gelas|rim|lusin)\b"
                    r"|\bx\s*(\d+)\b")
# Sizes that make two products different things without being their quantity.
_SPEC = re.compile(r"\d+(?:[.,]\d+)?\s*x\s*\d+(?:[.,]\d+)?(?:\s*x\s*\d+(?:[.,]\d+)?)?\s*(?:cm|mm|m)?"
                   r"|\d+(?:[.,]\d+)?\s*(?:cm|mm|m|inch|in|pk|watt|w|gb|tb|gsm|laci|susun|pintu|dudukan|seater|orang|org|kursi|"
                   r"core\s*i\d)\b")


@dataclass(frozen=True)
class Measure:
    dimension: str          # "kg", "liter", "lembar", "buah", or "per <unit>" when the size is unknown
    amount: Fraction        # how much of `dimension` one selling unit holds
    spec: tuple[str, ...]   # other sizes in the name, normalised
    known: bool = True

    def per_base(self, price: int) -> int:
        """Price per kg / litre / sheet / piece (per selling unit when the size is unknown), whole rupiah."""
        value = Fraction(price) / self.amount
        return int(value + Fraction(1, 2))  # round half up

    @property
    def base_label(self) -> str:
        return per_label(self.dimension)

    def same_pack(self, other: Measure) -> bool:
        """Like with like: the same thing counted, the same amount per unit and the same other sizes."""
        return self.dimension == other.dimension and self.amount == other.amount and self.spec == other.spec


def _number(text: str) -> Fraction:
    return Fraction(text.replace(",", "."))


def _clean(text: str) -> str:
    return " ".join((text or "").lower().replace("(", " ").replace(")", " ").split())


def _count(name: str) -> tuple[int, str] | None:
    """The number of things a pack holds, and what they are ("rim" counts 500 sheets each)."""
    for match in _COUNT.finditer(name):
        if match.group(1):
            return int(match.group(1)), PIECE
        if match.group(2):
            n, what = int(match.group(2)), match.group(3)
            if what == "rim":
                return n * 500, SHEET
            if what == "lusin":
                return n * 12, PIECE
            return n, SHEET if what in ("lembar", "lbr", "sheet") else PIECE
        if match.group(4):
            return int(match.group(4)), PIECE
    return None


def _specs(name: str, skip: str = "") -> tuple[str, ...]:
    found = {re.sub(r"\s+", "", m.group(0)).replace(",", ".") for m in _SPEC.finditer(name)}
    if skip:
        found |= {re.sub(r"\s+", "", m.group(0)).replace(",", ".") for m in _SIZE.finditer(name)}
    return tuple(sorted(found))


def measure(name: str, unit: str) -> Measure:
    """The measure of one selling unit of a product called `name` sold per `unit`."""
    text, unit_key = _clean(name), _clean(unit)
    if unit_key in _UNIT_MEASURES:
        dimension, amount = _UNIT_MEASURES[unit_key]
        if dimension == SHEET and unit_key == "lembar" or dimension == PIECE and unit_key in ("pcs", "buah", "biji",
                                                                                                "butir", "unit"):
            # "per pcs" may still name its contents: "Gula Aren 1 kg" sold per pcs is a kilo of sugar.
            size = _size(text)
            if size is not None:
                return size
        # Other sizes in the name (paper weight in a rim, 25 kg in a "kg"-sold line) describe, not count.
        return Measure(dimension, amount, _specs(text, skip="sizes" if dimension in (SHEET, PIECE) else ""))
    size = _size(text)
    if size is not None:
        return size
    count = _count(text)
    if count is not None:
        n, what = count
        return Measure(what, Fraction(n), _specs(text))
    return Measure(f"per {unit_key or '?'}", Fraction(1), _specs(text, skip="sizes"), known=False)


def _size(text: str) -> Measure | None:
    """Mass or volume named in the text, times the count when there is one ("220 ml isi 48")."""
    match = _SIZE.search(text)
    if match is None:
        return None
    value, word = _number(match.group(1)), match.group(2)
    if value <= 0:
        return None
    dimension, factor = (MASS, _MASS_UNITS[word]) if word in _MASS_UNITS else (VOLUME, _VOLUME_UNITS[word])
    count = _count(text[:match.start()] + " " + text[match.end():])
    times = count[0] if count and count[1] == PIECE else 1
    return Measure(dimension, value * factor * times, _specs(text))


def per_label(dimension: str) -> str:
    """"per kg", "per liter", "per lembar", "per buah"; an unknown size is already "per <unit>"."""
    return dimension if dimension.startswith("per ") else f"per {dimension}"


def comparable(a: Measure, b: Measure) -> bool:
    """Two offers can stand in for each other (the leakage and demand pages): the same thing is counted."""
    return a.dimension == b.dimension
