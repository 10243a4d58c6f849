"""Demo discussion for the demo workshop: the seed's three Leitfragen on its "Diskussion" item,
with fictional answers (typed in by the team from paper cards), themes and some dots.

Idempotent: if the workshop already has guiding questions, nothing changes.
"""

from django.db import transaction

from discussion import services
from discussion.models import GuidingQuestion
from participants.models import Participant
from workshops.demo import Seed, load_seed
from workshops.models import AgendaItem, Workshop
from workshops.vocabulary import ActorGroup, FieldOfWork

# Per question: fields of work, then themes with their (fictional) answers.
_DEMO = [
    (
        [FieldOfWork.MOBILITY, FieldOfWork.HEALTH],
        {
            "Ressourcen bündeln": [
                "Gemeinden teilen sich Fachpersonal statt es jeweils allein vorzuhalten.",
                "Fördermittel lassen sich gezielter einsetzen, wenn die Planung abgestimmt ist.",
            ],
            "Blick über Ressortgrenzen": [
                "Schule, ÖPNV und Ärzteversorgung werden zusammen gedacht statt nebeneinander.",
                "Wechselwirkungen werden früh sichtbar, etwa Schulstandort und Busnetz.",
            ],
        },
    ),
    (
        [FieldOfWork.ADMINISTRATION],
        {
            "Zuständigkeiten": [
                "Unklar, wer die Umsetzung nach dem Modellvorhaben weiterträgt.",
                "Kommunale Selbstverwaltung bremst gemeinsame Entscheidungen.",
            ],
            "Personal und Geld": [
                "Kleine Ämter haben keine Kapazität für zusätzliche Abstimmungsrunden.",
                "Förderprogramme laufen aus, bevor Strukturen verstetigt sind.",
            ],
        },
    ),
    (
        [FieldOfWork.SOCIAL, FieldOfWork.ADMINISTRATION],
        {
            "Vor Ort verankern": [
                "Ohne die Vereine vor Ort bleibt jede Strategie Papier.",
                "Ehrenamtliche kennen die Bedarfe im Dorf besser als jede Statistik.",
            ],
            "Beteiligung gestalten": [
                "Beteiligung braucht feste Ansprechpersonen in der Verwaltung.",
                "Netzwerke müssen gepflegt werden – das kostet Zeit und Geld.",
            ],
        },
    ),
]

_DEMO_VOTERS = [
    ("Anna Becker", "Amt Stavenhagen", ActorGroup.ADMINISTRATION),
    ("Jens Krüger", "Landkreis Mecklenburgische Seenplatte", ActorGroup.ADMINISTRATION),
    ("Maria Schulz", "Dorfverein Kittendorf e. V.", ActorGroup.CIVIL_SOCIETY),
    ("Tobias Hahn", "Regionaler Planungsverband", ActorGroup.REGIONAL_PLANNING),
]


def _voters(workshop: Workshop) -> list[Participant]:
    """The workshop's participants; if it has none, a few fictional ones added by the team."""
    existing = list(workshop.participants.filter(erased_at__isnull=True)[:4])
    if existing:
        return existing
    voters = []
    for name, organisation, group in _DEMO_VOTERS:
        voter = Participant(
            workshop=workshop,
            display_name=name,
            organisation=organisation,
            actor_group=group,
            added_by_team=True,
        )
        voter.set_new_resume_token()
        voter.save()
        voters.append(voter)
    return voters


@transaction.atomic
def load_demo_discussion(*, workshop: Workshop, seed: Seed | None = None) -> list[GuidingQuestion]:
    if workshop.guiding_questions.exists():
        return list(workshop.guiding_questions.all())
    seed = seed or load_seed()
    item = workshop.agenda_items.filter(kind=AgendaItem.Kind.DISCUSSION).first()
    voters = _voters(workshop)
    questions = []
    for index, (text, (fields, themes)) in enumerate(zip(seed.guiding_questions, _DEMO, strict=False)):
        question = services.create_question(
            workshop=workshop, text=text, agenda_item=item, fields_of_work=[str(f) for f in fields]
        )
        services.set_question_status(question=question, status=GuidingQuestion.Status.OPEN)
        answers = []
        for theme_name, texts in themes.items():
            theme = services.create_theme(question=question, name=theme_name)
            for answer_text in texts:
                answer = services.add_card_answer(question=question, text=answer_text)
                services.assign_theme(answer=answer, theme=theme)
                answers.append(answer)
        # The first question has been voted on already, so the demo shows a ranking.
        if index == 0:
            services.start_voting(question=question)
            for voter_index, voter in enumerate(voters):
                for answer in (answers[voter_index % len(answers)], answers[0]):
                    services.add_vote(answer=answer, participant=voter)
            services.set_results_revealed(question=question, revealed=True)
        questions.append(question)
    return questions
