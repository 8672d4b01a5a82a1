"""Sentences written now and read later, in the reader's language.

A notice is stored when something happens, but read by someone who may have chosen English. Storing the
sentence already translated would fix it in the language of whoever caused the event. Instead a sentence is
kept as its Indonesian source (the gettext msgid) with its values, and put into words when it is shown:

    text(gettext_noop("Pesanan baru %(n)s"), n=order.number)

A value may itself be a stored sentence (a status, a document kind: `label(DocumentKind.NIB.label)`), and
`joined(...)` puts several together. Everything is plain JSON, so it fits a JSONField.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext


def text(msgid: str, **params) -> dict:
    return {"msgid": msgid, "params": params}


def label(lazy) -> dict:
    """A translatable label (gettext_lazy, a choice's label) as a stored sentence without values."""
    with translation.override(settings.LANGUAGE_CODE):
        return {"msgid": str(lazy), "params": {}}


def joined(*parts, sep: str = " ") -> dict:
    return {"join": [p for p in parts if p], "sep": sep}


def render(stored) -> str:
    """The sentence in the active language."""
    if stored is None:
        return ""
    if isinstance(stored, (str, int)):
        return str(stored)
    if isinstance(stored, list):
        return ", ".join(render(part) for part in stored)
    if "join" in stored:
        return stored.get("sep", " ").join(render(part) for part in stored["join"])
    words = gettext(stored["msgid"])
    params = {key: render(value) for key, value in (stored.get("params") or {}).items()}
    return words % params if params else words


def in_default_language(stored) -> str:
    """The sentence in the site's language (Bahasa Indonesia): what e-mail and the stored columns carry."""
    with translation.override(settings.LANGUAGE_CODE):
        return render(stored)
