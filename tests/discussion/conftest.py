import pytest

from tests.conftest import login_participant
from tests.factories import make_participant, make_question


@pytest.fixture
def question(workshop):
    return make_question(workshop, text="Welche Chancen bieten integrierte Planungsansätze?")


@pytest.fixture
def participant(workshop):
    return make_participant(workshop, display_name="Anna Becker")


@pytest.fixture
def participant_client(client, participant):
    return login_participant(client, participant)
