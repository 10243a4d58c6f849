"""Registration lists as CSV: import (all rows or none) and export (safe against formula injection).

Columns (header row, German names, any order; only "Name" and "Akteursgruppe" are required):

    Name; Organisation; Funktion; Akteursgruppe; Ebene; Gemeinde oder Region; Handlungsfelder;
    Vorstellung; Einwilligung Namensnennung

Akteursgruppe, Ebene and Handlungsfelder take the keys or the names shown in the app, German or
English, whatever language the importing team member uses ("Verwaltung",
"Landkreis", "Mobilität / ÖPNV") or a part of them ("Amt", "ÖPNV"); several Handlungsfelder are
separated by "|" or by the list separator that is not the column separator. Einwilligung takes
ja/nein (also x, 1, empty). The export writes the same columns, so an export can be imported again.
"""

import csv
import io
import re
from dataclasses import dataclass

import defusedcsv.csv as safe_csv
from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from participants import services
from participants.forms import ParticipantForm
from participants.models import Participant
from workshops.models import Workshop
from workshops.vocabulary import ActorGroup, FieldOfWork, Level

MAX_IMPORT_BYTES = 1024 * 1024
MAX_IMPORT_ROWS = 2000

# Column header → form field.
COLUMNS = {
    "Name": "display_name",
    "Organisation": "organisation",
    "Funktion": "function",
    "Akteursgruppe": "actor_group",
    "Ebene": "level",
    "Gemeinde oder Region": "place",
    "Handlungsfelder": "fields_of_work",
    "Vorstellung": "introduction",
    "Einwilligung Namensnennung": "consent_to_be_named",
}
COLUMN_OF_FIELD = {field: column for column, field in COLUMNS.items()}
REQUIRED_COLUMNS = ("Name", "Akteursgruppe")
YES = {"ja", "j", "x", "1", "true", "yes"}
NO = {"nein", "n", "0", "false", "no", ""}


@dataclass(frozen=True)
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return _("Zeile %(line)s: %(message)s") % {"line": self.line, "message": self.message}


class CsvImportError(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__(errors)
        self.errors = errors


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _aliases(choices) -> dict[str, str]:
    """Every way a value may be written: its key, its label in every language of the app, and each
    part of a label ("Gemeinde / Stadt / Amt" → "gemeinde", "stadt", "amt"; brackets dropped).
    A German list must import for a team member using English and vice versa. Keys and whole labels
    win over parts, so a part never shadows another value's name."""
    whole, parts = {}, {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for value, label in choices:
                label = str(label)
                short = re.sub(r"\s*\(.*\)", "", label)
                for alias in (value, label, short):
                    whole.setdefault(_normalise(alias), value)
                for alias in short.split("/"):
                    parts.setdefault(_normalise(alias), value)
    return parts | whole


def decode(data: bytes) -> str:
    """UTF-8 with or without BOM, else Windows-1252 (what Excel on Windows writes)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def _dialect(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    return ";" if first_line.count(";") >= first_line.count(",") else ","


def parse(data: bytes) -> list[dict]:
    """Check every row and return the cleaned data of all rows, or raise CsvImportError listing
    every problem with its line number."""
    if len(data) > MAX_IMPORT_BYTES:
        raise CsvImportError([RowError(0, _("Die Datei ist größer als 1 MB."))])
    try:
        text = decode(data)
    except UnicodeDecodeError as exc:
        raise CsvImportError(
            [
                RowError(
                    0, _("Die Kodierung der Datei wurde nicht erkannt. Bitte speichern Sie sie als UTF-8.")
                )
            ]
        ) from exc
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        raise CsvImportError([RowError(0, _("Das ist keine CSV-Textdatei."))])
    delimiter = _dialect(text)
    list_separator = "," if delimiter == ";" else ";"
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    errors: list[RowError] = []
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise CsvImportError([RowError(1, _("Die Kopfzeile ist keine gültige CSV-Zeile."))]) from exc
    if not header or not any(cell.strip() for cell in header):
        raise CsvImportError(
            [RowError(1, _("Die Datei ist leer. Erwartet wird eine Kopfzeile mit den Spalten."))]
        )
    known = {_normalise(name): name for name in COLUMNS}
    columns = []
    for cell in header:
        name = known.get(_normalise(cell))
        if name is None and cell.strip():
            errors.append(RowError(1, _("Unbekannte Spalte „%(column)s“.") % {"column": cell.strip()[:50]}))
        if name and name in columns:
            errors.append(RowError(1, _("Die Spalte „%(column)s“ kommt doppelt vor.") % {"column": name}))
        columns.append(name)
    for name in REQUIRED_COLUMNS:
        if name not in columns:
            errors.append(RowError(1, _("Die Spalte „%(column)s“ fehlt.") % {"column": name}))
    if errors:
        raise CsvImportError(errors)

    groups, levels, fields = (
        _aliases(ActorGroup.choices),
        _aliases(Level.choices),
        _aliases(FieldOfWork.choices),
    )
    rows = []
    line = reader.line_num
    while True:
        start = line + 1
        try:
            cells = next(reader, None)
        except csv.Error:
            errors.append(
                RowError(start, _("Die Zeile ist keine gültige CSV-Zeile (Anführungszeichen prüfen)."))
            )
            break
        if cells is None:
            break
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) + len(errors) >= MAX_IMPORT_ROWS:
            errors.append(
                RowError(
                    start, _("Mehr als %(n)s Zeilen: bitte teilen Sie die Datei.") % {"n": MAX_IMPORT_ROWS}
                )
            )
            break
        if len(cells) > len(columns):
            errors.append(RowError(start, _("Die Zeile hat mehr Spalten als die Kopfzeile.")))
            continue
        raw = {COLUMNS[name]: cell.strip() for name, cell in zip(columns, cells, strict=False) if name}
        row_errors, data = _translate(raw, groups, levels, fields, list_separator)
        if not row_errors:
            form = ParticipantForm(data)
            if form.is_valid():
                rows.append(form.cleaned_data)
                continue
            row_errors = [
                f"{COLUMN_OF_FIELD[name]}: {message}" if name in COLUMN_OF_FIELD else message
                for name, messages in form.errors.items()
                for message in messages
            ]
        errors.extend(RowError(start, message) for message in row_errors)
    if errors:
        raise CsvImportError(errors)
    if not rows:
        raise CsvImportError([RowError(2, _("Die Datei enthält keine Teilnehmenden."))])
    return rows


def _translate(raw: dict, groups, levels, fields, list_separator) -> tuple[list[str], dict]:
    """Turn the cells a person typed into form data; name every value that is not known."""
    errors = []
    data = {
        k: v
        for k, v in raw.items()
        if k not in ("actor_group", "level", "fields_of_work", "consent_to_be_named")
    }
    group = raw.get("actor_group", "")
    data["actor_group"] = groups.get(_normalise(group), group)
    if group and _normalise(group) not in groups:
        errors.append(
            _("Akteursgruppe: „%(value)s“ ist keine bekannte Akteursgruppe.") % {"value": group[:50]}
        )
    level = raw.get("level", "")
    data["level"] = levels.get(_normalise(level), level)
    if level and _normalise(level) not in levels:
        errors.append(_("Ebene: „%(value)s“ ist keine bekannte Ebene.") % {"value": level[:50]})
    data["fields_of_work"] = []
    for part in re.split(rf"[|{re.escape(list_separator)}]", raw.get("fields_of_work", "")):
        if not part.strip():
            continue
        if _normalise(part) in fields:
            data["fields_of_work"].append(fields[_normalise(part)])
        else:
            errors.append(
                _("Handlungsfelder: „%(value)s“ ist kein bekanntes Handlungsfeld.")
                % {"value": part.strip()[:50]}
            )
    consent = _normalise(raw.get("consent_to_be_named", ""))
    if consent in YES:
        data["consent_to_be_named"] = "on"
    elif consent not in NO:
        errors.append(
            _("Einwilligung Namensnennung: bitte „ja“ oder „nein“ statt „%(value)s“.")
            % {"value": consent[:20]}
        )
    return errors, data


@transaction.atomic
def import_participants(*, workshop: Workshop, data: bytes) -> int:
    """Import a registration list: every row or, if any row is bad, none."""
    rows = parse(data)
    for row in rows:
        services.add_participant(workshop=workshop, **row)
    return len(rows)


def export_participants(*, workshop: Workshop) -> str:
    """The participant list in the import's columns, UTF-8 with BOM and semicolons (Excel in German).
    defusedcsv escapes cells starting with = + - @ so a spreadsheet does not run them as formulas."""
    group_labels, level_labels = dict(ActorGroup.choices), dict(Level.choices)
    field_labels = dict(FieldOfWork.choices)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = safe_csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(list(COLUMNS))
    for p in Participant.objects.filter(workshop=workshop, erased_at__isnull=True):
        writer.writerow(
            [
                p.display_name,
                p.organisation,
                p.function,
                group_labels.get(p.actor_group, p.actor_group),
                level_labels.get(p.level, p.level),
                p.place,
                " | ".join(str(field_labels.get(f, f)) for f in p.fields_of_work or []),
                p.introduction,
                _("ja") if p.consent_to_be_named else _("nein"),
            ]
        )
    return buffer.getvalue()
