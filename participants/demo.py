"""Fictional participants for the demo workshop (Mecklenburgische Seenplatte). Idempotent."""

from django.db import transaction

from participants.models import Participant
from workshops.models import Workshop

# (name, organisation, function, actor group, level, place, fields of work, introduction, consent)
DEMO_PARTICIPANTS = [
    (
        "Katrin Wendt",
        "Amt Penzliner Land",
        "Leitende Verwaltungsbeamtin",
        "verwaltung",
        "gemeinde",
        "Penzlin",
        ["verwaltung", "kinderbetreuung"],
        "Ich bringe Erfahrung mit der Zusammenarbeit von elf Gemeinden mit und suche Ideen für gemeinsame Kitaplanung.",
        True,
    ),
    (
        "Thomas Krüger",
        "Landkreis Mecklenburgische Seenplatte",
        "Fachdienst Kreisentwicklung",
        "verwaltung",
        "landkreis",
        "Neubrandenburg",
        ["mobilitaet", "gesundheit"],
        "Mich interessiert, wie wir Rufbus und Arztpraxen zusammen denken.",
        True,
    ),
    (
        "Dr. Anja Behrens",
        "Regionaler Planungsverband Mecklenburgische Seenplatte",
        "Regionalplanerin",
        "regionalplanung",
        "region",
        "Neubrandenburg",
        ["siedlung", "energie"],
        "Ich bringe das Regionale Raumentwicklungsprogramm mit und erwarte Hinweise aus der Praxis.",
        True,
    ),
    (
        "Jens Lübcke",
        "Gemeinde Ankershagen",
        "Bürgermeister (ehrenamtlich)",
        "politik",
        "gemeinde",
        "Ankershagen",
        ["nahversorgung", "treffpunkte"],
        "Unser Dorfladen steht auf der Kippe: Ich suche Mitstreiter.",
        False,
    ),
    (
        "Sabine Harder",
        "Kreishandwerkerschaft Mecklenburgische Seenplatte",
        "Geschäftsführerin",
        "wirtschaft",
        "landkreis",
        "Neubrandenburg",
        ["wirtschaft", "bildung"],
        "Fachkräfte für das Handwerk: Ich bringe Zahlen und Betriebe mit.",
        True,
    ),
    (
        "Monika Rieck",
        "Landfrauenverein Penzlin e. V.",
        "Vorsitzende",
        "zivilgesellschaft",
        "gemeinde",
        "Penzlin",
        ["treffpunkte", "pflege"],
        "Wir organisieren Treffpunkte für Ältere und möchten Räume gemeinsam nutzen.",
        False,
    ),
    (
        "Pastor Martin Gehrke",
        "Ev.-Luth. Kirchengemeinde Möllenhagen",
        "Pastor",
        "zivilgesellschaft",
        "gemeinde",
        "Möllenhagen",
        ["treffpunkte"],
        "Unsere Kirchen stehen offen, auch für weltliche Nutzung.",
        True,
    ),
    (
        "Ulrike Schade",
        "Volkssolidarität Müritz e. V.",
        "Leiterin Pflegedienst",
        "zivilgesellschaft",
        "landkreis",
        "Waren (Müritz)",
        ["pflege", "gesundheit"],
        "Ambulante Pflege auf dem Land: lange Wege, wenig Personal.",
        False,
    ),
    (
        "Prof. Dr. Henrik Voss",
        "Hochschule Neubrandenburg",
        "Professor für Regionalentwicklung",
        "wissenschaft",
        "land",
        "Neubrandenburg",
        ["verwaltung", "mobilitaet"],
        "Ich begleite Modellvorhaben und bringe Vergleiche aus anderen Regionen mit.",
        True,
    ),
    (
        "Lena Schwarz",
        "Ministerium für Wirtschaft, Infrastruktur, Tourismus und Arbeit M-V",
        "Referentin Landesplanung",
        "verwaltung",
        "land",
        "Schwerin",
        ["siedlung", "digital"],
        "Ich möchte hören, wo die Landesplanung vor Ort hakt.",
        False,
    ),
    (
        "Hans-Jürgen Maaß",
        "",
        "Einwohner",
        "buerger",
        "gemeinde",
        "Kargow",
        ["mobilitaet", "nahversorgung"],
        "Ich fahre jeden Tag 30 km zum Einkaufen und möchte, dass sich das ändert.",
        False,
    ),
    (
        "Doreen Kaminski",
        "Stadtwerke Waren GmbH",
        "Projektleiterin Breitband",
        "wirtschaft",
        "gemeinde",
        "Waren (Müritz)",
        ["digital", "energie"],
        "Glasfaser bis ins letzte Dorf: Ich bringe den Ausbauplan mit.",
        True,
    ),
]


@transaction.atomic
def load_demo_participants(*, workshop: Workshop) -> list[Participant]:
    """Add the demo participants the workshop does not have yet (matched by name)."""
    existing = set(workshop.participants.values_list("display_name", flat=True))
    created = []
    for name, organisation, function, group, level, place, fields, introduction, consent in DEMO_PARTICIPANTS:
        if name in existing:
            continue
        participant = Participant(
            workshop=workshop,
            display_name=name,
            organisation=organisation,
            function=function,
            actor_group=group,
            level=level,
            place=place,
            fields_of_work=fields,
            introduction=introduction,
            consent_to_be_named=consent,
        )
        participant.set_new_resume_token()
        participant.full_clean()
        participant.save()
        created.append(participant)
    return created
