import io

from django.core.management import call_command

from discussion.fazit_demo import FROM_THEME, FROM_THEME_TEXT, INTRODUCTION
from discussion.models import Fazit, Statement
from workshops.models import Workshop


def test_load_demo_adds_a_draft_fazit_once(db):
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())

    fazit = Fazit.objects.get(workshop=Workshop.objects.get())
    assert (fazit.state, fazit.introduction) == (Fazit.State.DRAFT, INTRODUCTION)
    rows = list(
        Statement.objects.order_by("part", "position").values_list(
            "part", "position", "text", "responsible", "due", "source_theme__name"
        )
    )
    assert rows == [
        ("addressee", 1, "Kreistag Mecklenburgische Seenplatte", "", "", None),
        ("addressee", 2, "Bürgermeisterinnen und Bürgermeister der Amtsgemeinden", "", "", None),
        ("agreed", 1, FROM_THEME_TEXT, "", "", FROM_THEME),
        (
            "agreed",
            2,
            "Die Gemeinden des Amtes prüfen, Fachpersonal für die Bauleitplanung gemeinsam vorzuhalten.",
            "",
            "",
            None,
        ),
        (
            "next_step",
            1,
            "Arbeitsgruppe „Daseinsvorsorge“ gründen und zum ersten Treffen einladen.",
            "Regionaler Planungsverband",
            "bis 30. Juni",
            None,
        ),
        (
            "next_step",
            2,
            "Übersicht der auslaufenden Förderprogramme erstellen.",
            "Landkreis Mecklenburgische Seenplatte",
            "Herbst",
            None,
        ),
        (
            "open",
            1,
            "Wer die Abstimmung nach dem Ende des Modellvorhabens trägt, ist noch offen.",
            "",
            "",
            None,
        ),
    ]
