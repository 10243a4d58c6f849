import types

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


@pytest.fixture
def live_clock(settings, monkeypatch):
    """Live walls lag a second, as in production, on a clock the test moves (``clock.now += 1``)."""
    from discussion import live

    settings.WERKSTATT_LIVE_LAG_SECONDS = 1
    clock = types.SimpleNamespace(now=5000.0)
    monkeypatch.setattr(live, "monotonic", lambda: clock.now)
    monkeypatch.setattr(live, "wall_clock", lambda: clock.now)
    return clock
