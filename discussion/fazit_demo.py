"""Demo Fazit for the demo workshop: a draft with a few realistic statements, one of them
started from a demo theme (the one-click path of the moderation page).

Idempotent: if the Fazit already has statements, nothing changes.
"""

from django.db import transaction

from discussion import fazit as services
from discussion.models import Fazit, Statement, Theme
from workshops.models import Workshop

INTRODUCTION = (
    "Die Teilnehmenden aus Verwaltung, Regionalplanung und Zivilgesellschaft haben erörtert, wie "
    "integrierte Planung die Daseinsvorsorge in der Region sichern kann."
)
FROM_THEME = "Blick über Ressortgrenzen"
FROM_THEME_TEXT = (
    "Schulstandorte, Busnetz und ärztliche Versorgung planen wir künftig gemeinsam statt nebeneinander."
)
# (part, text, who, by when)
_STATEMENTS = [
    (
        Statement.Part.AGREED,
        "Die Gemeinden des Amtes prüfen, Fachpersonal für die Bauleitplanung gemeinsam vorzuhalten.",
        "",
        "",
    ),
    (
        Statement.Part.OPEN,
        "Wer die Abstimmung nach dem Ende des Modellvorhabens trägt, ist noch offen.",
        "",
        "",
    ),
    (
        Statement.Part.NEXT_STEP,
        "Arbeitsgruppe „Daseinsvorsorge“ gründen und zum ersten Treffen einladen.",
        "Regionaler Planungsverband",
        "bis 30. Juni",
    ),
    (
        Statement.Part.NEXT_STEP,
        "Übersicht der auslaufenden Förderprogramme erstellen.",
        "Landkreis Mecklenburgische Seenplatte",
        "Herbst",
    ),
    (Statement.Part.ADDRESSEE, "Kreistag Mecklenburgische Seenplatte", "", ""),
    (Statement.Part.ADDRESSEE, "Bürgermeisterinnen und Bürgermeister der Amtsgemeinden", "", ""),
]


@transaction.atomic
def load_demo_fazit(*, workshop: Workshop) -> Fazit:
    fazit = services.fazit_for(workshop)
    if fazit.statements.exists() or fazit.is_final:
        return fazit
    services.update_introduction(fazit=fazit, introduction=INTRODUCTION)
    theme = (
        Theme.objects.filter(question__workshop=workshop, name=FROM_THEME).select_related("question").first()
    )
    if theme is not None:
        # Taken over in one click, then worded as a statement; the link to the theme stays.
        statement = services.statement_from_theme(theme=theme, part=Statement.Part.AGREED)
        services.update_statement(statement=statement, text=FROM_THEME_TEXT)
    else:
        services.add_statement(fazit=fazit, part=Statement.Part.AGREED, text=FROM_THEME_TEXT)
    for part, text, responsible, due in _STATEMENTS:
        services.add_statement(fazit=fazit, part=part, text=text, responsible=responsible, due=due)
    return fazit
