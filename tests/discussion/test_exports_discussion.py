"""The discussion in the exports: Markdown, CSV of answers, the JSON archive (version 2) with
statement sources, its round trip, version 1 import, and consent across every format."""

import copy
import csv
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from discussion import exports, services
from discussion import fazit as fazit_services
from discussion.models import Answer, Note, Statement, Theme, Vote
from discussion.summary import gather_summary
from tests.discussion.summary_factories import endorse, fill_workshop
from tests.discussion.test_exports import pdf_text
from tests.factories import make_answer, make_item, make_participant, make_question
from workshops.models import Workshop

SECRET_NAME = "Gundula Ungenannt"


@pytest.fixture
def talk(workshop, team):
    """Two questions, themes, named and paper answers, a hidden one, dots and two notes."""
    secret = make_participant(workshop, display_name=SECRET_NAME, organisation="Stadt Schwedt")
    named = make_participant(workshop, display_name="Anna Nennbar", consent_to_be_named=True)
    item = make_item(workshop, title="Arbeitsphase")
    question = make_question(
        workshop,
        text="Was braucht die Region?",
        anonymous=False,
        agenda_item=item,
        dots_per_participant=3,
        voting_open=True,
    )
    mobility = services.create_theme(question=question, name="Mobilität")
    bus = make_answer(question, secret, text="=Rufbus am Abend", theme=mobility)
    make_answer(question, named, text="Radwege *zwischen* Dörfern", theme=mobility)
    make_answer(question, None, text="Ärztehaus", card_author=SECRET_NAME)
    make_answer(question, named, text="Ausgeblendet", hidden=True)
    services.add_vote(answer=bus, participant=named)
    services.add_vote(answer=bus, participant=secret)
    make_question(workshop, text="Zweite Frage?")
    user = team["note_taker"]
    services.save_note(agenda_item=item, text="Erste Fassung", base_version=0, user=user)
    services.save_note(
        agenda_item=item,
        text="**Ergebnis:** siehe [Plan](https://example.org/plan?a=1&b=2)\n\n- Punkt eins",
        base_version=1,
        user=user,
    )
    fazit = fazit_services.fazit_for(workshop)
    from_theme = fazit_services.statement_from_theme(theme=mobility, part=Statement.Part.AGREED)
    fazit_services.statement_from_answer(answer=bus, part=Statement.Part.OPEN)
    endorse(from_theme, named)
    return {"fazit": fazit, "question": question, "bus": bus, "mobility": mobility}


def test_markdown_has_questions_by_theme_with_dots_and_notes(workshop, talk):
    markdown = exports.summary_markdown(gather_summary(workshop=workshop))
    start = markdown.index("## Leitfragen und Antworten")
    end = markdown.index("## Gemeinsames Fazit")
    assert markdown[start:end] == (
        "## Leitfragen und Antworten\n\n"
        "### Was braucht die Region?\n\n"
        "In Klammern: Punkte aus der Punktabfrage.\n\n"
        "#### Mobilität\n\n"
        "- =Rufbus am Abend (2)\n"
        "- Radwege \\*zwischen\\* Dörfern (0)\n\n"
        "#### Ohne Thema\n\n"
        "- Ärztehaus (0)\n\n"
        "### Zweite Frage?\n\n"
        "Keine Antworten.\n\n"
        "## Notizen zu den Tagesordnungspunkten\n\n"
        "### Arbeitsphase\n\n"
        "Ergebnis: siehe Plan (https://example.org/plan?a=1&b=2)\n"
        "Punkt eins\n\n"
    )


def test_csv_answers_visible_only_without_names_and_defused(workshop, talk):
    rows = list(
        csv.reader(
            io.StringIO(
                exports.summary_csv(gather_summary(workshop=workshop), "antworten").removeprefix("\ufeff")
            ),
            delimiter=";",
        )
    )
    assert rows == [
        ["Leitfrage", "Thema", "Antwort", "Punkte"],
        ["Was braucht die Region?", "Mobilität", "'=Rufbus am Abend", "2"],
        ["Was braucht die Region?", "Mobilität", "Radwege *zwischen* Dörfern", "0"],
        ["Was braucht die Region?", "", "Ärztehaus", "0"],
    ]


def test_csv_answers_download(client, workshop, talk, organiser):
    client.force_login(organiser)
    url = reverse("discussion:summary_csv", kwargs={"slug": workshop.slug, "kind": "antworten"})
    response = client.get(url)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{workshop.slug}-{workshop.date.isoformat()}-antworten.csv"'
    )
    summary_page = client.get(reverse("discussion:summary", kwargs={"slug": workshop.slug})).content.decode()
    assert f'<a href="{url}">CSV: Antworten auf die Leitfragen</a>' in summary_page


def test_non_consenting_name_appears_in_no_format_with_discussion(client, workshop, talk, organiser):
    summary = gather_summary(workshop=workshop)
    client.force_login(organiser)
    outputs = {
        "html": client.get(reverse("discussion:summary", kwargs={"slug": workshop.slug})).content.decode(),
        "pdf": pdf_text(exports.summary_pdf(summary)),
        "markdown": exports.summary_markdown(summary),
        **{f"csv {kind}": exports.summary_csv(summary, kind) for kind in exports.CSV_KINDS},
    }
    assert {name: SECRET_NAME in text for name, text in outputs.items()} == dict.fromkeys(outputs, False)
    assert {name: "Rufbus am Abend" in text for name, text in outputs.items()} == {
        **dict.fromkeys(outputs, True),
        "csv teilnehmende": False,
    }


def test_archive_version_2_has_discussion_and_sources(workshop, talk):
    archive = json.loads(exports.archive_json(workshop))
    assert archive["version"] == 2
    assert [(q["ref"], q["text"], q["agenda_item"], q["themes"]) for q in archive["questions"]] == [
        (1, "Was braucht die Region?", 0, [{"ref": 1, "name": "Mobilität"}]),
        (2, "Zweite Frage?", None, []),
    ]
    assert [(a["ref"], a["text"], a["theme"], a["hidden"]) for a in archive["answers"]] == [
        (1, "=Rufbus am Abend", 1, False),
        (2, "Radwege *zwischen* Dörfern", 1, False),
        (3, "Ärztehaus", None, False),
        (4, "Ausgeblendet", None, True),
    ]
    assert archive["votes"] == [{"answer": 1, "participant": 1}, {"answer": 1, "participant": 2}]
    assert [
        (n["agenda_item"], n["version"], [v["text"] for v in n["versions"]]) for n in archive["notes"]
    ] == [(0, 2, ["Erste Fassung", archive["notes"][0]["text"]])]
    assert [(s["text"], s["source_answer"], s["source_theme"]) for s in archive["fazit"]["statements"]] == [
        ("Mobilität", None, 1),
        ("=Rufbus am Abend", 1, None),
    ]


def test_archive_round_trip_with_discussion(workshop, team, talk):
    fill_workshop(workshop, participants=3, items=2)
    fazit_services.finalise(fazit=talk["fazit"], user=team["organiser"])
    before = json.loads(exports.archive_json(workshop))
    Workshop.objects.all().delete()
    assert (Answer.objects.count(), Theme.objects.count(), Vote.objects.count(), Note.objects.count()) == (
        0,
        0,
        0,
        0,
    )

    imported, missing = exports.import_archive(data=copy.deepcopy(before))
    assert missing == []
    assert json.loads(exports.archive_json(imported)) == before
    restored = Statement.objects.get(text="=Rufbus am Abend")
    assert (restored.source_answer.text, restored.source_answer.question.text) == (
        "=Rufbus am Abend",
        "Was braucht die Region?",
    )
    assert Statement.objects.get(text="Mobilität").source_theme.name == "Mobilität"


def test_import_reads_version_1_archives(workshop, talk, tmp_path):
    archive = json.loads(exports.archive_json(workshop))
    version_1 = {
        key: value for key, value in archive.items() if key not in ("questions", "answers", "votes", "notes")
    }
    version_1["version"] = 1
    for statement in version_1["fazit"]["statements"]:
        del statement["source_answer"], statement["source_theme"]
    Workshop.objects.all().delete()
    path = tmp_path / "v1.json"
    path.write_text(json.dumps(version_1))
    out = io.StringIO()
    call_command("import_workshop", str(path), stdout=out)
    imported = Workshop.objects.get()
    assert out.getvalue() == f"Importiert: {imported.title} ({imported.slug})\n"
    assert list(Statement.objects.order_by("part").values_list("text", "source_answer", "source_theme")) == [
        ("Mobilität", None, None),
        ("=Rufbus am Abend", None, None),
    ]
    assert imported.guiding_questions.count() == 0


def test_import_refuses_unknown_version(db):
    with pytest.raises(exports.ArchiveError, match="kein Werkstatt-Archiv im Format Version 1 / 2"):
        exports.import_archive(data={"format": exports.ARCHIVE_FORMAT, "version": 3})
