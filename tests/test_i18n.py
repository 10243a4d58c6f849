"""The English catalogue is complete and the app really switches language.

The catalogue is parsed in pure Python, so these tests need no gettext tools.
"""

import gettext
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
FIELD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) (".*")$')


@dataclass
class Entry:
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False
    strings: dict[str, str] = field(default_factory=dict)

    @property
    def msgid(self) -> str:
        return self.strings.get("msgid", "")

    @property
    def translations(self) -> list[str]:
        return [value for key, value in self.strings.items() if key.startswith("msgstr")]


def parse_po(path: Path) -> list[Entry]:
    entries: list[Entry] = []
    current: Entry | None = None
    key = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            current, key = None, None
            continue
        if current is None:
            current = Entry()
            entries.append(current)
        if line.startswith("#~"):
            current.obsolete = True
        elif line.startswith("#,"):
            current.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif match := FIELD.match(line):
            key = match.group(1)
            current.strings[key] = json.loads(match.group(2))
        elif line.startswith('"') and key:
            current.strings[key] += json.loads(line)
    return entries


def messages() -> list[Entry]:
    return [e for e in parse_po(PO) if e.msgid and not e.obsolete]


def test_catalogue_has_no_untranslated_or_fuzzy_entries():
    entries = parse_po(PO)
    header = entries[0]
    assert header.msgid == ""
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header.translations[0]
    assert len(messages()) > 400
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    untranslated = [e.msgid for e in messages() if not all(e.translations)]
    obsolete = [e.msgid for e in entries if e.obsolete]
    assert fuzzy == []
    assert untranslated == []
    assert obsolete == []


def test_translations_keep_every_placeholder():
    for entry in messages():
        for key, value in entry.strings.items():
            if not key.startswith("msgstr"):
                continue
            source = entry.strings["msgid_plural"] if key == "msgstr[1]" else entry.msgid
            assert sorted(PLACEHOLDER.findall(value)) == sorted(PLACEHOLDER.findall(source)), entry.msgid


def test_compiled_catalogue_matches_the_po_file():
    """The .mo is committed so the app needs no gettext at run time: it must not lag behind."""
    with MO.open("rb") as fp:
        compiled = gettext.GNUTranslations(fp)
    for entry in messages():
        msgid = entry.msgid
        if "msgctxt" in entry.strings:
            msgid = f"{entry.strings['msgctxt']}\x04{msgid}"
        if "msgid_plural" in entry.strings:
            assert compiled.ngettext(msgid, entry.strings["msgid_plural"], 1) == entry.strings["msgstr[0]"]
            assert compiled.ngettext(msgid, entry.strings["msgid_plural"], 2) == entry.strings["msgstr[1]"]
        else:
            assert compiled.gettext(msgid) == entry.strings["msgstr"], msgid


def test_gettext_uses_the_english_catalogue():
    with translation.override("en"):
        assert translation.gettext("Gemeinsames Fazit") == "Shared conclusion"
        assert translation.gettext("Zugangscode") == "Join code"
        assert translation.ngettext("%(counter)s Person", "%(counter)s Personen", 3) == "%(counter)s people"
        assert translation.pgettext("fazit state", "Abgeschlossen") == "Finalised"


@pytest.mark.django_db
def test_login_page_is_german_by_default():
    html = Client().get("/konto/anmelden/").content.decode()
    assert '<html lang="de">' in html
    assert "Benutzername" in html
    assert '<button type="submit">Anmelden</button>' in html


@pytest.mark.django_db
def test_login_page_in_english_by_accept_language():
    html = Client(headers={"accept-language": "en"}).get("/konto/anmelden/").content.decode()
    assert '<html lang="en">' in html
    assert "Username" in html
    assert '<button type="submit">Log in</button>' in html
    assert "Benutzername" not in html


@pytest.mark.django_db
def test_language_switch_sticks_for_later_pages():
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/konto/anmelden/"})
    assert response.status_code == 302
    html = client.get("/konto/anmelden/").content.decode()
    assert '<html lang="en">' in html
    assert "Username" in html
    assert '<button type="submit">Log in</button>' in html
