import pytest

from workshops.vocabulary import ActorGroup, Level


@pytest.fixture
def open_workshop(workshop):
    workshop.joining_open = True
    workshop.save(update_fields=["joining_open"])
    return workshop


@pytest.fixture
def join_data():
    """What a person types into the join form."""
    return {
        "display_name": "Katrin Wendt",
        "organisation": "Amt Penzliner Land",
        "function": "Leitende Verwaltungsbeamtin",
        "actor_group": ActorGroup.ADMINISTRATION,
        "level": Level.MUNICIPALITY,
        "place": "Penzlin",
        "fields_of_work": ["kinderbetreuung", "verwaltung"],
        "introduction": "Ich suche Ideen für gemeinsame Kitaplanung.",
    }
