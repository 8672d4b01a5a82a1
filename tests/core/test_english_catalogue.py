"""The English catalogue is complete: no message left empty or fuzzy (gettext shows the Indonesian for both), every
placeholder of the Indonesian kept, and the compiled .mo the site reads says what the .po says.

`make messages` (makemessages) brings new interface strings into the .po empty, and marks a changed one fuzzy with
the old English beside it; these tests fail until someone writes and checks the English."""

import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import katalog

CATALOGUE = Path(katalog.__file__).parent / "locale" / "en" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdif%]")


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return self.msgid if self.msgctxt is None else f"{self.msgctxt}\x04{self.msgid}"


def _unquote(text: str) -> str:
    body = text.strip()
    assert body.startswith('"') and body.endswith('"'), body
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body[1:-1])


def read_po(path: Path) -> list[Entry]:
    """The entries of a .po file (obsolete `#~` entries skipped), with the line each starts on."""
    entries: list[Entry] = []
    entry, target = None, None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#~"):
            entry, target = None, None
            continue
        if entry is None:
            entry = Entry(line=number)
            entries.append(entry)
        if line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith("msgctxt "):
            entry.msgctxt, target = _unquote(line[8:]), "msgctxt"
        elif line.startswith("msgid_plural "):
            entry.msgid_plural, target = _unquote(line[13:]), "msgid_plural"
        elif line.startswith("msgid "):
            entry.msgid, target = _unquote(line[6:]), "msgid"
        elif match := re.match(r"msgstr(?:\[(\d+)\])? (.*)", line):
            target = int(match.group(1) or 0)
            entry.msgstr[target] = _unquote(match.group(2))
        elif line.startswith('"'):
            if isinstance(target, int):
                entry.msgstr[target] += _unquote(line)
            else:
                setattr(entry, target, getattr(entry, target) + _unquote(line))
    return entries


def messages() -> list[Entry]:
    return [e for e in read_po(CATALOGUE / "django.po") if e.msgid]  # the header has an empty msgid


def _where(entry: Entry) -> str:
    return f"django.po line {entry.line}: {entry.msgid[:70]!r}"


def test_the_reader_sees_fuzzy_and_empty_entries(tmp_path):
    po = tmp_path / "django.po"
    po.write_text('msgid ""\nmsgstr "Language: en\\n"\n\n#, fuzzy, python-format\n#| msgid "Lama"\nmsgid "Baru %(n)s"\n'
                  'msgstr "Old %(n)s"\n\nmsgid ""\n"Dua "\n"baris"\nmsgstr ""\n\nmsgid "%(n)s hari"\n'
                  'msgid_plural "%(n)s hari"\nmsgstr[0] "%(n)s day"\nmsgstr[1] ""\n\n#~ msgid "Usang"\n#~ msgstr ""\n',
                  encoding="utf-8")
    header, fuzzy, empty, plural = read_po(po)
    assert header.msgid == "" and header.msgstr == {0: "Language: en\n"}
    assert fuzzy.flags == {"fuzzy", "python-format"} and fuzzy.msgid == "Baru %(n)s" and fuzzy.line == 4
    assert empty.msgid == "Dua baris" and empty.msgstr == {0: ""}
    assert plural.msgid_plural == "%(n)s hari" and plural.msgstr == {0: "%(n)s day", 1: ""}


def test_no_english_message_is_empty_or_fuzzy():
    entries = messages()
    assert len(entries) > 2000  # the whole interface, not a stub
    fuzzy = [_where(e) for e in entries if "fuzzy" in e.flags]
    empty = [_where(e) for e in entries if not all(e.msgstr.values())]
    assert not fuzzy, f"{len(fuzzy)} fuzzy English messages (check, then drop the flag):\n" + "\n".join(fuzzy)
    assert not empty, f"{len(empty)} English messages without a translation:\n" + "\n".join(empty)


def test_every_english_message_keeps_the_placeholders_of_the_indonesian():
    wrong = []
    for e in messages():
        if "python-format" not in e.flags:
            continue
        wanted = sorted(PLACEHOLDER.findall(e.msgid_plural or e.msgid))
        for form, text in e.msgstr.items():
            found = sorted(PLACEHOLDER.findall(text))
            # The singular of a plural may name its number in words ("One visit") and drop %(n)s.
            if found != wanted and not (e.msgid_plural and form == 0 and set(found) <= set(wanted)):
                wrong.append(f"{_where(e)}: {found} instead of {wanted}")
    assert not wrong, "\n".join(wrong)


def test_the_compiled_catalogue_is_the_po_file():
    with open(CATALOGUE / "django.mo", "rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)._catalog
    stale = []
    for e in messages():
        if "fuzzy" in e.flags:
            continue
        if e.msgid_plural is None:
            if catalog.get(e.key) != e.msgstr[0]:
                stale.append(_where(e))
        elif any(catalog.get((e.key, form)) != text for form, text in e.msgstr.items()):
            stale.append(_where(e))
    assert not stale, ("django.mo differs from django.po; run `katalog compilemessages`:\n" + "\n".join(stale[:20]))
