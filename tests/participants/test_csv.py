import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from participants import csv_io
from participants.models import Participant
from tests.factories import make_participant

GOOD = (
    "Name;Organisation;Funktion;Akteursgruppe;Ebene;Gemeinde oder Region;Handlungsfelder;Vorstellung;Einwilligung Namensnennung\n"
    "Jens Lübcke;Gemeinde Ankershagen;Bürgermeister;Politik;Amt;Ankershagen;Nahversorgung | ÖPNV;Dorfladen retten.;ja\n"
    "Monika Rieck;Landfrauenverein Penzlin e. V.;Vorsitzende;Zivilgesellschaft;Gemeinde / Stadt / Amt;Penzlin;Soziale Treffpunkte / Kultur;;nein\n"
)


def upload(client, workshop, data: bytes, name="liste.csv"):
    return client.post(
        f"/w/{workshop.slug}/teilnehmende/import/", {"file": SimpleUploadedFile(name, data, "text/csv")}
    )


@pytest.mark.parametrize(
    "encoded",
    [
        GOOD.encode("utf-8"),
        b"\xef\xbb\xbf" + GOOD.encode("utf-8"),
        GOOD.encode("cp1252"),
        GOOD.replace("\n", "\r\n").encode("cp1252"),
        GOOD.replace(";", ",")
        .replace(" | ", ";")
        .replace("Landfrauenverein Penzlin e. V.", '"Landfrauenverein Penzlin, e. V."')
        .encode("utf-8"),
    ],
    ids=["utf8", "utf8-bom", "windows-1252", "windows-1252-crlf", "comma-separated"],
)
def test_csv_import_good_file_in_every_encoding(client, workshop, organiser, encoded):
    client.force_login(organiser)

    response = upload(client, workshop, encoded)

    assert response["Location"] == f"/w/{workshop.slug}/teilnehmende/"
    rows = list(
        Participant.objects.values_list(
            "display_name", "actor_group", "level", "fields_of_work", "consent_to_be_named", "added_by_team"
        )
    )
    assert rows == [
        ("Jens Lübcke", "politik", "gemeinde", ["nahversorgung", "mobilitaet"], True, True),
        ("Monika Rieck", "zivilgesellschaft", "gemeinde", ["treffpunkte"], False, True),
    ]
    assert Participant.objects.get(display_name="Monika Rieck").organisation.startswith(
        "Landfrauenverein Penzlin"
    )


def test_csv_import_bad_rows_are_all_reported_with_line_numbers_and_nothing_imported(
    client, workshop, organiser
):
    client.force_login(organiser)
    data = (
        "Name;Akteursgruppe;Ebene;Handlungsfelder;Einwilligung Namensnennung\n"
        "Anna Berg;Verwaltung;Landkreis;;ja\n"
        ";Verwaltung;;;\n"
        "Bernd Hahn;Bauern;;;\n"
        "\n"
        "Carla Dorn;Politik;Mond;Raumfahrt;vielleicht\n"
        "Dieter Ernst;Politik;;;;zu viel\n" + "Langer Name " * 10 + ";Politik;;;\n"
    ).encode()

    response = upload(client, workshop, data)

    html = response.content.decode()
    assert response.status_code == 200
    assert Participant.objects.count() == 0
    for line in [
        "Zeile 3: Name: Bitte geben Sie einen Namen an.",
        "Zeile 4: Akteursgruppe: „Bauern“ ist keine bekannte Akteursgruppe.",
        "Zeile 6: Ebene: „Mond“ ist keine bekannte Ebene.",
        "Zeile 6: Handlungsfelder: „Raumfahrt“ ist kein bekanntes Handlungsfeld.",
        "Zeile 6: Einwilligung Namensnennung: bitte „ja“ oder „nein“ statt „vielleicht“.",
        "Zeile 7: Die Zeile hat mehr Spalten als die Kopfzeile.",
        "Zeile 8: Name: Bitte sicherstellen, dass der Wert aus höchstens 100 Zeichen besteht. (Er besteht aus 119 Zeichen.)",
    ]:
        assert f"<li>{line}</li>" in html
    assert "Nichts importiert: 7 Probleme in der Datei." in html


def test_csv_import_wrong_columns(workshop):
    with pytest.raises(csv_io.CsvImportError) as error:
        csv_io.parse(b"Vorname;Firma\nAnna;X\n")
    assert [str(e) for e in error.value.errors] == [
        "Zeile 1: Unbekannte Spalte „Vorname“.",
        "Zeile 1: Unbekannte Spalte „Firma“.",
        "Zeile 1: Die Spalte „Name“ fehlt.",
        "Zeile 1: Die Spalte „Akteursgruppe“ fehlt.",
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Zeile 1: Die Datei ist leer. Erwartet wird eine Kopfzeile mit den Spalten."),
        (b"Name;Akteursgruppe\n", "Zeile 2: Die Datei enthält keine Teilnehmenden."),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "Zeile 0: Das ist keine CSV-Textdatei."),
        (
            b"Name;Akteursgruppe\n\x81\x8d;x\n",
            "Zeile 0: Die Kodierung der Datei wurde nicht erkannt. Bitte speichern Sie sie als UTF-8.",
        ),
        (
            b'Name;Akteursgruppe\n"Anna;Politik\n',
            "Zeile 2: Die Zeile ist keine gültige CSV-Zeile (Anführungszeichen prüfen).",
        ),
        (b"Name;Akteursgruppe;Name\nA;Politik;B\n", "Zeile 1: Die Spalte „Name“ kommt doppelt vor."),
        (
            b"Name;Akteursgruppe\nAnna\x07;Politik\n",
            "Zeile 2: Name: Bitte entfernen Sie Steuerzeichen (z. B. Tabulatoren) aus dem Text.",
        ),
    ],
    ids=[
        "empty",
        "header-only",
        "binary",
        "undecodable",
        "open-quote",
        "duplicate-column",
        "control-character",
    ],
)
def test_csv_parse_bad_files(data, message):
    with pytest.raises(csv_io.CsvImportError) as error:
        csv_io.parse(data)
    assert [str(e) for e in error.value.errors] == [message]


def test_csv_import_too_large_file(client, workshop, organiser):
    client.force_login(organiser)
    response = upload(client, workshop, b"Name;Akteursgruppe\n" + b"A;Politik\n" * 120_000)
    assert "Die Datei ist größer als 1 MB." in response.content.decode()
    assert Participant.objects.count() == 0


def test_csv_export_is_safe_against_formulas_and_can_be_imported_again(client, workshop, organiser):
    make_participant(
        workshop, display_name='=HYPERLINK("http://x")', organisation="+49 Amt", fields_of_work=["energie"]
    )
    make_participant(workshop, display_name="Katrin Wendt", level="gemeinde", consent_to_be_named=True)
    client.force_login(organiser)

    response = client.get(f"/w/{workshop.slug}/teilnehmende/export.csv")

    text = response.content.decode("utf-8")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="teilnehmende-{workshop.slug}.csv"'
    lines = text.lstrip("\ufeff").splitlines()
    assert (
        lines[0]
        == "Name;Organisation;Funktion;Akteursgruppe;Ebene;Gemeinde oder Region;Handlungsfelder;Vorstellung;Einwilligung Namensnennung"
    )
    assert lines[1].startswith('"\'=HYPERLINK(""http://x"")";\'+49 Amt;')
    assert lines[2].startswith("Katrin Wendt;Gemeinde ")
    assert lines[2].endswith(";Bürgermeisterin;Verwaltung;Gemeinde / Stadt / Amt;;;;ja")
    rows = csv_io.parse(response.content)
    assert [(r["display_name"], r["level"], r["consent_to_be_named"]) for r in rows][1] == (
        "Katrin Wendt",
        "gemeinde",
        True,
    )
    assert rows[0]["fields_of_work"] == ["energie"]


ENGLISH_VALUES = (
    "Name;Akteursgruppe;Ebene;Handlungsfelder\n"
    "Jens Lübcke;Politics;Municipality / town / Amt;Mobility / public transport | Local shops and services\n"
    "Monika Rieck;civil society;district;treffpunkte\n"
)
GERMAN_VALUES = (
    "Name;Akteursgruppe;Ebene;Handlungsfelder\n"
    "Jens Lübcke;Politik;Gemeinde / Stadt / Amt;Mobilität / ÖPNV | Nahversorgung\n"
    "Monika Rieck;Zivilgesellschaft;Landkreis;treffpunkte\n"
)


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("data", [GERMAN_VALUES, ENGLISH_VALUES], ids=["german-values", "english-values"])
def test_csv_parse_accepts_keys_and_labels_of_every_language_whatever_the_ui_language(data, language):
    with translation.override(language):
        rows = csv_io.parse(data.encode("utf-8"))

    assert [(r["display_name"], r["actor_group"], r["level"], r["fields_of_work"]) for r in rows] == [
        ("Jens Lübcke", "politik", "gemeinde", ["mobilitaet", "nahversorgung"]),
        ("Monika Rieck", "zivilgesellschaft", "landkreis", ["treffpunkte"]),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Name;Akteursgruppe\nJens;Politik\n", "1 Person wurde importiert."),
        (b"Name;Akteursgruppe\nJens;Politik\nMonika;Politik\n", "2 Personen wurden importiert."),
    ],
)
def test_csv_import_reports_how_many_people_were_imported(client, workshop, organiser, data, message):
    client.force_login(organiser)

    response = upload(client, workshop, data)

    assert [str(m) for m in get_messages(response.wsgi_request)] == [message]
