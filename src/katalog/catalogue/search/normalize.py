"""Indonesian text analysis for catalogue search. Pure: no database, no Django.

One analyser serves both sides, so that what a seller wrote and what a buyer
types meet on the same tokens:

1. fold: lower case, accents removed, thousands dots dropped ("12.500" → "12500");
2. quantities: a number and a unit become one token ("250 gr" → "250g",
   "1,5 kg" → "1500g"); a unit word on its own is dropped (lexicon.UNIT_WORDS);
3. words: letters and digits; "oleh-oleh" → "oleh", "t-shirt" → "t", "shirt";
4. spelling variants: "kripik" → "keripik", "batre" → "baterai" (lexicon.VARIANTS);
5. synonym phrases: "alat tulis kantor" ↔ "atk" (lexicon.SYNONYM_PHRASES);
6. function words and marketplace noise dropped (lexicon.STOPWORDS);
7. Sastrawi stemming, except for protected terms ("pengadaan" stays, it must
   not become "ada"), words with digits, and words of five letters or fewer
   (affixed Indonesian words are longer; Sastrawi cuts "kepok" to "pok").

A document keeps both the stem and, when different, the word as written, so a
prefix typed as-you-go ("minuma") still finds "minuman".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from . import lexicon

__all__ = [
    "fold", "stem", "document_terms", "analyze_query", "QueryWord", "AnalyzedQuery", "edit_distance",
]

_THOUSANDS_DOT = re.compile(r"(?<=\d)\.(?=\d{3}(?!\d))")
_UNIT_ALTERNATION = "|".join(sorted((re.escape(u) for u in lexicon.UNIT_WORDS), key=len, reverse=True))
_QUANTITY = re.compile(r"(?<![a-z0-9])(\d+(?:[.,]\d+)?)\s*(" + _UNIT_ALTERNATION + r")(?![a-z])")
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_PLAIN_WORD = re.compile(r"[a-z0-9]+")
_QUANTITY_TOKEN = re.compile(r"^\d+(?:g|ml|[a-z]+)$")
_MAX_PHRASE = max(len(p) for p in lexicon.SYNONYM_PHRASES)
_PHRASE_STARTS = frozenset(p[0] for p in lexicon.SYNONYM_PHRASES)


def fold(text: str) -> str:
    """Lower case, accents and apostrophes removed, thousands dots dropped."""
    text = text or ""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower()
    text = text.replace("'", "").replace("\u2019", "").replace("`", "")
    return _THOUSANDS_DOT.sub("", text)


def _quantity_token(number: str, unit: str) -> str:
    value = float(number.replace(",", "."))
    if unit in lexicon.MASS_UNITS:
        amount, suffix = value * lexicon.MASS_UNITS[unit], "g"
    elif unit in lexicon.VOLUME_UNITS:
        amount, suffix = value * lexicon.VOLUME_UNITS[unit], "ml"
    else:
        amount, suffix = value, lexicon.COUNT_UNITS[unit]
    shown = f"{amount:.3f}".rstrip("0").rstrip(".").replace(".", "p")
    return f"{shown}{suffix}"


def _raw_words(text: str) -> list[str]:
    """Folded words, quantities merged into one token, reduplication collapsed."""
    text = _QUANTITY.sub(lambda m: " " + _quantity_token(m.group(1), m.group(2)) + " ", fold(text))
    if "-" not in text:  # no hyphenated words: every _WORD match is a plain run of letters and digits
        return _PLAIN_WORD.findall(text)
    words: list[str] = []
    for match in _WORD.finditer(text):
        parts = match.group(0).split("-")
        if len(parts) == 2 and parts[1].startswith(parts[0]):
            parts = parts[:1]  # oleh-oleh, sayur-sayuran
        words.extend(parts)
    return words


def _variant(word: str) -> str:
    return lexicon.VARIANTS.get(word, word)


@lru_cache(maxsize=1)
def _stemmer():
    # Sastrawi builds its stemmer dictionary on import: only on the first stemmed word.
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The index term for one folded word (see the module docstring, step 7)."""
    if len(word) <= 5 or word in lexicon.PROTECTED_TERMS or not word.isalpha() or word in _CANONICAL_TOKENS:
        return word
    stemmed = _stemmer().stem(word)
    if len(stemmed) < 3 or not stemmed.isalpha():
        return word
    return _variant(stemmed)


_CANONICAL_TOKENS = frozenset(lexicon.SYNONYM_PHRASES.values()) | frozenset(lexicon.VARIANTS.values())


def _is_noise(word: str) -> bool:
    return len(word) < 2 or word in lexicon.STOPWORDS or word in lexicon.UNIT_WORDS


def _phrase_at(words: list[str], i: int) -> tuple[int, str] | None:
    """The longest synonym phrase starting at words[i], as (length, canonical)."""
    if words[i] not in _PHRASE_STARTS:
        return None
    for n in range(min(_MAX_PHRASE, len(words) - i), 1, -1):
        canonical = lexicon.SYNONYM_PHRASES.get(tuple(words[i:i + n]))
        if canonical:
            return n, canonical
    return None


@lru_cache(maxsize=200_000)
def _word_terms(raw_word: str) -> tuple[str, tuple[str, ...]]:
    """One written word: its variant-mapped form, and the terms it adds by itself (none for noise; the stem,
    and the word too when it differs). Memoised: a catalogue repeats its words far more than its texts."""
    word = _variant(raw_word)
    if _is_noise(word):
        return word, ()
    term = stem(word)
    return word, ((term,) if term == word else (term, word))


def document_terms(text: str) -> list[str]:
    """Index terms for a piece of a product (name, category, description ...).

    Stems, plus the written form where it differs (for prefix search), plus the
    canonical token of any synonym phrase it contains.
    """
    analysed = [_word_terms(w) for w in _raw_words(text)]
    words = [word for word, _own in analysed]
    terms: list[str] = []
    for i, (word, own) in enumerate(analysed):
        if word in _PHRASE_STARTS:
            phrase = _phrase_at(words, i)
            if phrase:
                terms.extend(phrase[1].split())
        terms.extend(own)
    return terms


# --- queries -----------------------------------------------------------------


@dataclass(frozen=True)
class QueryWord:
    """One thing the buyer asked for; the service looks it up as `term` (or a correction of it)."""

    raw: str  # what was typed, folded ("kripik", "alat tulis kantor", "250gr")
    term: str  # the index term ("keripik", "atk", "250g")
    surface: str  # folded and variant-mapped, unstemmed: used for prefix search
    kind: str = "word"  # word | quantity | synonym
    variant_of: str = ""  # raw word when a spelling variant was applied
    is_last: bool = False  # the last word of the query, possibly still being typed


@dataclass(frozen=True)
class AnalyzedQuery:
    words: tuple[QueryWord, ...] = ()
    ignored: tuple[str, ...] = ()  # unit words and function words left out
    ends_open: bool = False  # no space after the last word: it may be incomplete
    notes: tuple[tuple[str, str, str], ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        return not self.words


def analyze_query(text: str) -> AnalyzedQuery:
    """Split a query into words to find. Unit and function words are dropped, unless nothing else is left."""
    text = (text or "")[:200]
    raw = _raw_words(text)
    words = [_variant(w) for w in raw]
    out: list[QueryWord] = []
    ignored: list[str] = []
    i = 0
    while i < len(words):
        phrase = _phrase_at(words, i)
        if phrase:
            n, canonical = phrase
            typed = " ".join(raw[i:i + n])
            out.append(QueryWord(raw=typed, term=canonical, surface=canonical, kind="synonym"))
            i += n
            continue
        word, typed = words[i], raw[i]
        i += 1
        if _QUANTITY_TOKEN.match(word) and word[0].isdigit() and not word.isdigit():
            out.append(QueryWord(raw=typed, term=word, surface=word, kind="quantity"))
        elif _is_noise(word):
            if len(word) >= 2:
                ignored.append(typed)
        else:
            out.append(QueryWord(
                raw=typed, term=stem(word), surface=word, variant_of=typed if word != typed else "",
            ))
    if out:
        last = out[-1]
        out[-1] = QueryWord(**{**last.__dict__, "is_last": True})
    ends_open = bool(text) and not text[-1].isspace()
    return AnalyzedQuery(words=tuple(out[:12]), ignored=tuple(ignored), ends_open=ends_open)


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance, capped at `limit`."""
    if abs(len(a) - len(b)) >= limit:
        return limit
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) >= limit:
            return limit
        previous2, previous = previous, current
    return min(previous[-1], limit)
