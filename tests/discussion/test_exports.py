import csv
import io
import json
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from discussion import exports
from discussion import fazit as services
from discussion.models import Endorsement, Statement
from discussion.summary import gather_summary
from tests.discussion.summary_factories import endorse, fill_workshop, make_statement
from tests.factories import make_item, make_participant, make_user
from workshops.models import Workshop

SECRET_NAME = "Gundula Ungenannt"
DANGEROUS = [
    '<img src="file:///etc/passwd">',
    "<style>body{display:none}</style>",
    '<link rel="stylesheet" href="http://evil.example/x.css">',
    "http://evil.example/track.png",
    "url(file:///etc/shadow)",
]


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def in_order(text: str, needles: list[str]) -> list[str]:
    """The needles found one after another in ``text`` (stops at the first one missing)."""
    found, position = [], 0
    for needle in needles:
        position = text.find(needle, position)
        if position < 0:
            break
        found.append(needle)
    return found


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def full_workshop(workshop):
    workshop.region, workshop.venue, workshop.organiser_name = (
        "Uckermark",
        "Prenzlau, Rathaus",
        "Regionale Planungsgemeinschaft",
    )
    workshop.save()
    make_item(workshop, title="Begrüßung")
    make_item(workshop, title="Impulsvortrag")
    make_participant(
        workshop,
        display_name="Anna Nennbar",
        organisation="Amt Gartz",
        function="Leiterin",
        consent_to_be_named=True,
    )
    make_participant(workshop, display_name=SECRET_NAME, organisation="Stadt Schwedt", function="Planer")
    fazit = services.fazit_for(workshop)
    services.update_introduction(fazit=fazit, introduction="Ein Abend mit vielen Ideen.")
    make_statement(workshop, text="Rufbus ausbauen")
    make_statement(workshop, part=Statement.Part.OPEN, text="Finanzierung der Schulwege")
    make_statement(
        workshop, part=Statement.Part.NEXT_STEP, text="Bedarfsanalyse", responsible="Landkreis", due="Juni"
    )
    make_statement(workshop, part=Statement.Part.ADDRESSEE, text="Kreistag")
    return workshop


# --- PDF ----------------------------------------------------------------------------------------------


def test_pdf_shows_sections_in_order_with_content(full_workshop):
    text = pdf_text(exports.summary_pdf(gather_summary(workshop=full_workshop)))
    expected = [
        full_workshop.title,
        "Uckermark",
        "Prenzlau, Rathaus",
        "Tagesordnung",
        "09:00–09:30",
        "Begrüßung",
        "Impulsvortrag",
        "Wer war da",
        "Teilnehmende",
        "Anna Nennbar (Amt Gartz, Leiterin)",
        "Stadt Schwedt, Planer",
        "Gemeinsames Fazit",
        "Ein Abend mit vielen Ideen.",
        "Vereinbart",
        "Rufbus ausbauen",
        "Offen / strittig",
        "Finanzierung der Schulwege",
        "Nächste Schritte",
        "Bedarfsanalyse",
        "Landkreis",
        "Juni",
        "Adressaten",
        "Kreistag",
    ]
    assert in_order(text, expected) == expected
    assert text.rstrip().endswith("Seite 1 von 1")


def test_pdf_is_tagged_with_language_title_and_outline(full_workshop):
    reader = PdfReader(io.BytesIO(exports.summary_pdf(gather_summary(workshop=full_workshop))))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "de"
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    assert 'pdfuaid:part="1"' in root["/Metadata"].get_object().get_data().decode()
    assert reader.metadata.title == f"Zusammenfassung: {full_workshop.title}"
    assert reader.metadata.author == "Regionale Planungsgemeinschaft"
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles == [full_workshop.title]
    children = next(item for item in reader.outline if isinstance(item, list))
    assert [c.title for c in children if not isinstance(c, list)] == [
        "Tagesordnung",
        "Wer war da",
        "Teilnehmende",
        "Gemeinsames Fazit",
    ]
    assert reader.pdf_header == "%PDF-1.7"
    fonts = {
        str(font["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    # The family named in summary-print.css's @font-face: the shipped font, not a system font.
    assert fonts == {"Werkstatt-Sans", "Werkstatt-Sans-Bold"}


def test_pdf_download_has_file_name_from_slug_and_date(client, full_workshop, organiser):
    client.force_login(organiser)
    response = client.get(reverse("discussion:summary_pdf", kwargs={"slug": full_workshop.slug}))
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="{full_workshop.slug}-2030-05-14-zusammenfassung.pdf"'
    )
    assert response.content.startswith(b"%PDF-1.7")


def test_pdf_of_empty_workshop_is_clean(workshop):
    text = pdf_text(exports.summary_pdf(gather_summary(workshop=workshop)))
    assert "Keine Tagesordnung." in text
    assert "Das Fazit enthält noch keine Aussagen." in text


# --- the URL fetcher: the security boundary -----------------------------------------------------------


def test_user_text_is_printed_and_fetches_nothing(workshop):
    from discussion.pdf import BASE_URL, StaticFilesOnlyFetcher

    fazit = services.fazit_for(workshop)
    services.update_introduction(fazit=fazit, introduction=DANGEROUS[0])
    for text in DANGEROUS:
        make_statement(workshop, text=text)
    make_item(workshop, title=DANGEROUS[0])
    make_participant(workshop, display_name=DANGEROUS[1], organisation=DANGEROUS[0], consent_to_be_named=True)
    fetcher = StaticFilesOnlyFetcher()
    text = pdf_text(exports.summary_pdf(gather_summary(workshop=workshop), fetcher=fetcher))
    for dangerous in DANGEROUS:
        assert squeeze(dangerous) in squeeze(text)
    assert fetcher.requested == [
        f"{BASE_URL}static/css/summary-print.css",
        f"{BASE_URL}static/fonts/DejaVuSans.ttf",
        f"{BASE_URL}static/fonts/DejaVuSans-Bold.ttf",
        f"{BASE_URL}static/fonts/DejaVuSans-Oblique.ttf",
        f"{BASE_URL}static/fonts/DejaVuSans-BoldOblique.ttf",
    ]


def test_fetcher_refuses_everything_but_static_files_even_in_raw_markup():
    """Had markup slipped through unescaped, the fetcher still reads nothing outside /static/."""
    from discussion.pdf import BASE_URL, StaticFilesOnlyFetcher, html_to_pdf

    urls = [
        "file:///etc/passwd",
        "data:text/css,body{color:red}",
        "http://evil.example/x.png",
        f"{BASE_URL}static/../../../etc/passwd",
        f"{BASE_URL}static/%2e%2e/%2e%2e/config/settings.py",
        f"{BASE_URL}media/secret.png",
        "https://evil.example/static/css/app.css",
    ]
    html = (
        "<html lang='de'><head><title>t</title></head><body>"
        + "".join(f'<img src="{u}">' for u in urls)
        + "</body></html>"
    )
    fetcher = StaticFilesOnlyFetcher()
    html_to_pdf(html, fetcher=fetcher)
    assert sorted(set(fetcher.requested)) == sorted(urls)
    for url in urls:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    response = fetcher.fetch(f"{BASE_URL}static/css/summary-print.css")
    assert response.content_type == "text/css"
    assert b"@font-face" in response.read()


# --- consent across every format ----------------------------------------------------------------------


def test_non_consenting_name_appears_in_no_format(client, full_workshop, organiser):
    summary = gather_summary(workshop=full_workshop)
    client.force_login(organiser)
    html = client.get(reverse("discussion:summary", kwargs={"slug": full_workshop.slug})).content.decode()
    outputs = {
        "html": html,
        "pdf": pdf_text(exports.summary_pdf(summary)),
        "markdown": exports.summary_markdown(summary),
        "csv participants": exports.summary_csv(summary, "teilnehmende"),
        "csv fazit": exports.summary_csv(summary, "fazit"),
    }
    assert {name: SECRET_NAME in text for name, text in outputs.items()} == dict.fromkeys(outputs, False)
    assert {
        name: "Stadt Schwedt, Planer" in text for name, text in outputs.items() if name != "csv fazit"
    } == {
        "html": True,
        "pdf": True,
        "markdown": True,
        "csv participants": True,
    }


# --- bad input ------------------------------------------------------------------------------------------


def test_long_words_long_text_emoji_and_rtl_stay_inside_the_page(workshop):
    from weasyprint import HTML

    from discussion.pdf import BASE_URL, StaticFilesOnlyFetcher

    make_statement(
        workshop, text="Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichenherstellungsunternehmen" * 3
    )
    make_statement(workshop, text="https://example.org/" + "sehr-langer-pfad/" * 30)
    make_statement(workshop, text=("Wortreiche Aussage ohne Ende " * 80)[:2000])
    make_statement(workshop, text="Gemeinsam 🚌🏥🏫 unterwegs – שלום עולם – مرحبا بالعالم")
    make_statement(
        workshop, part=Statement.Part.NEXT_STEP, text="X" * 400, responsible="Y" * 200, due="Z" * 100
    )
    make_participant(workshop, organisation="Planungsverband" * 12, function="Q" * 200)
    html = exports.summary_html(gather_summary(workshop=workshop), for_pdf=True)
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesOnlyFetcher()).render()

    def right_edges(box):
        yield box.position_x + box.margin_width()
        for child in getattr(box, "children", []):
            yield from right_edges(child)

    for page in document.pages:
        content_right = page.width - page._page_box.margin_right
        # The running header and footer live in the page margin; the body must not.
        body = [box for box in page._page_box.children if type(box).__name__ != "MarginBox"]
        assert max(edge for box in body for edge in right_edges(box)) <= content_right + 0.01
    assert len(document.pages) >= 2


# --- Markdown and CSV --------------------------------------------------------------------------------


def test_markdown_escapes_markup(workshop):
    make_statement(workshop, text="*fett* [Link](http://evil.example) <b>x</b> &amp; # keine Überschrift")
    make_statement(workshop, text="# Überschrift?")
    make_statement(workshop, text="2030. Ziel: Dr. Meier, 09.12.2026 (Kita & Schule)")
    markdown = exports.summary_markdown(gather_summary(workshop=workshop)).splitlines()
    assert (
        "1. \\*fett\\* \\[Link\\](http://evil.example) \\<b\\>x\\</b\\> \\&amp; # keine Überschrift"
        in markdown
    )
    assert "2. \\# Überschrift?" in markdown
    # Ordinary punctuation stays readable in an e-mail; only a leading "2030." is kept from becoming a list.
    assert "3. 2030\\. Ziel: Dr. Meier, 09.12.2026 (Kita & Schule)" in markdown
    assert markdown[0] == f"# {workshop.title}"


def test_markdown_download(client, full_workshop, organiser):
    client.force_login(organiser)
    response = client.get(reverse("discussion:summary_markdown", kwargs={"slug": full_workshop.slug}))
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    body = response.content.decode()
    assert "### Nächste Schritte\n\n1. Bedarfsanalyse (Landkreis · Juni)" in body


def test_csv_defuses_formulas_and_counts_endorsements(workshop):
    statement = make_statement(workshop, text='=HYPERLINK("http://evil.example","klick")')
    endorse(statement, make_participant(workshop))
    endorse(statement, make_participant(workshop), stance=Endorsement.Stance.OBJECTION)
    text = exports.summary_csv(gather_summary(workshop=workshop), "fazit")
    # A BOM and semicolons, so Excel in German opens it in columns.
    assert text.startswith("\ufeffTeil;Nr.;Aussage;")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert rows == [
        ["Teil", "Nr.", "Aussage", "Wer", "Bis wann", "Trage ich mit", "Einwand"],
        ["Vereinbart", "1", '\'=HYPERLINK("http://evil.example","klick")', "", "", "1", "1"],
    ]


def test_csv_download_unknown_kind_is_404(client, workshop, organiser):
    client.force_login(organiser)
    assert (
        client.get(reverse("discussion:summary_csv", kwargs={"slug": workshop.slug, "kind": "x"})).status_code
        == 404
    )


# --- publishing -----------------------------------------------------------------------------------------


def test_publish_then_unpublish_revokes_the_link(client, full_workshop, organiser):
    client.force_login(organiser)
    services.finalise(fazit=services.fazit_for(full_workshop), user=organiser)
    client.post(reverse("discussion:summary_publish", kwargs={"slug": full_workshop.slug}))
    token = services.fazit_for(full_workshop).publication_token
    link = reverse("discussion:published_pdf", kwargs={"token": token})
    anonymous = type(client)()
    response = anonymous.get(link)
    assert response.status_code == 200
    assert "Rufbus ausbauen" in pdf_text(response.content)
    page = client.get(reverse("discussion:summary", kwargs={"slug": full_workshop.slug})).content.decode()
    assert link in page
    client.post(reverse("discussion:summary_unpublish", kwargs={"slug": full_workshop.slug}))
    assert anonymous.get(link).status_code == 404


def test_publish_draft_is_refused_with_message(client, workshop, organiser):
    client.force_login(organiser)
    response = client.post(reverse("discussion:summary_publish", kwargs={"slug": workshop.slug}), follow=True)
    assert "Nur ein abgeschlossenes Fazit kann veröffentlicht werden." in response.content.decode()
    assert services.fazit_for(workshop).publication_token is None


# --- JSON archive ----------------------------------------------------------------------------------------


def test_archive_round_trip(workshop, team):
    people = fill_workshop(workshop, participants=5, items=3, statements_per_part=2)
    people[0].erased_at = people[0].joined_at
    people[0].save()
    Endorsement.objects.filter(participant=people[1]).update(stance="objection", comment="Zu früh")
    services.choose_sections(fazit=services.fazit_for(workshop), sections=["cover", "fazit"])
    services.finalise(fazit=services.fazit_for(workshop), user=team["organiser"])
    before = json.loads(exports.archive_json(workshop))
    Workshop.objects.all().delete()

    imported, missing = exports.import_archive(data=before)
    assert missing == []
    assert json.loads(exports.archive_json(imported)) == before
    assert before["version"] == 2 and len(before["participants"]) == 5


def test_archive_commands_round_trip_and_missing_user(tmp_path, full_workshop, organiser):
    path = tmp_path / "archiv.json"
    call_command("export_workshop", full_workshop.slug, output=str(path))
    before = json.loads(path.read_text())
    with pytest.raises(CommandError, match="Es gibt schon einen Workshop"):
        call_command("import_workshop", str(path))
    Workshop.objects.all().delete()
    organiser.delete()
    err, out = io.StringIO(), io.StringIO()
    call_command("import_workshop", str(path), stdout=out, stderr=err)
    assert err.getvalue() == "Kein Konto „orga“: nicht ins Team übernommen.\n"
    assert out.getvalue() == f"Importiert: {full_workshop.title} ({full_workshop.slug})\n"
    make_user("orga")
    after = json.loads(exports.archive_json(Workshop.objects.get()))
    assert {**after, "team": before["team"]} == before
    assert after["team"] == []


def test_import_refuses_other_formats(db, tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"format": "something-else"}')
    with pytest.raises(CommandError, match="kein Werkstatt-Archiv"):
        call_command("import_workshop", str(path))


def test_archive_download_is_json(client, full_workshop, organiser):
    client.force_login(organiser)
    response = client.get(reverse("discussion:workshop_archive", kwargs={"slug": full_workshop.slug}))
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["workshop"]["slug"] == full_workshop.slug
