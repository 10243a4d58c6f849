"""Factories for the Fazit and summary tests (kept apart from the discussion tests' own)."""

from discussion import fazit as fazit_services
from discussion.models import Endorsement, Statement
from tests.factories import add_member, make_item, make_participant
from workshops.models import Role
from workshops.vocabulary import ActorGroup, Level


def make_statement(workshop, part=Statement.Part.AGREED, text="Wir gründen eine Arbeitsgruppe.", **fields):
    return fazit_services.add_statement(
        fazit=fazit_services.fazit_for(workshop), part=part, text=text, **fields
    )


def endorse(statement, participant, stance=Endorsement.Stance.SUPPORT, comment=""):
    return Endorsement.objects.create(
        statement=statement, participant=participant, stance=stance, comment=comment
    )


def fill_workshop(workshop, *, participants=3, items=3, statements_per_part=1):
    """A workshop with team, agenda, participants (every other one consents to be named), and a
    Fazit whose statements each have an endorsement from every participant."""
    add_member(workshop, role=Role.FACILITATOR)
    add_member(workshop, role=Role.NOTE_TAKER)
    for n in range(items):
        make_item(workshop, title=f"Tagesordnungspunkt {n + 1}")
    groups, levels = list(ActorGroup), list(Level)
    people = [
        make_participant(
            workshop,
            actor_group=groups[n % len(groups)],
            level=levels[n % len(levels)],
            consent_to_be_named=n % 2 == 0,
        )
        for n in range(participants)
    ]
    for part in Statement.Part.values:
        for n in range(statements_per_part):
            statement = make_statement(
                workshop, part=part, text=f"Aussage {part} {n + 1}", responsible="Landkreis", due="Herbst"
            )
            Endorsement.objects.bulk_create(
                Endorsement(statement=statement, participant=p, stance=Endorsement.Stance.SUPPORT)
                for p in people
            )
    return people
