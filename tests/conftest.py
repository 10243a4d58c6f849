import pytest
from django.conf import settings
from django.test import Client

from participants.access import SESSION_KEY
from tests.factories import add_member, make_participant, make_user, make_workshop
from workshops.models import Role


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and live-wall fragments live in the cache: start every test empty."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# Everyone who may ask, for the permission matrices (see the ``personas`` fixture).
PERSONAS = [
    "anonymous",
    "other_team",
    "participant",
    "other_participant",
    "note_taker",
    "facilitator",
    "organiser",
]


@pytest.fixture(autouse=True)
def _live_walls_are_fresh(settings):
    """Live walls may lag a second behind the database (discussion.live): tests that change a
    wall and poll right after want it fresh every time. Tests of the lag set it back."""
    from discussion import live

    settings.WERKSTATT_LIVE_LAG_SECONDS = 0
    live.forget_recent_revisions()
    yield
    live.forget_recent_revisions()


@pytest.fixture(autouse=True)
def _default_language():
    """A request in English leaves English active in the thread; every test starts in German."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _rate_limit_clock_stands_still(monkeypatch):
    """django-ratelimit counts per fixed time window; a test that crossed a window boundary
    would see its count reset. Stop its clock (and only its clock) for every test."""
    import types

    import django_ratelimit.core

    now = django_ratelimit.core.time.time()
    monkeypatch.setattr(django_ratelimit.core, "time", types.SimpleNamespace(time=lambda: now))


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The persona fixtures create several accounts per test; a real password hash each is slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def login_participant(client: Client, participant) -> Client:
    """Bind ``participant`` to this client's browser session, as joining does."""
    session = client.session
    joined = dict(session.get(SESSION_KEY, {}))
    joined[str(participant.workshop_id)] = participant.pk
    session[SESSION_KEY] = joined
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return client


@pytest.fixture
def organiser(db):
    return make_user("orga")


@pytest.fixture
def workshop(organiser):
    return make_workshop(organiser=organiser, title="Daseinsvorsorge im ländlichen Raum")


@pytest.fixture
def team(workshop, organiser):
    """One user per role on ``workshop``."""
    return {
        Role.ORGANISER: organiser,
        Role.FACILITATOR: add_member(workshop, role=Role.FACILITATOR),
        Role.NOTE_TAKER: add_member(workshop, role=Role.NOTE_TAKER),
    }


@pytest.fixture
def personas(db, workshop, team):
    """Clients for the permission matrix: who is asking?"""

    def client_for(user=None, participant=None):
        client = Client()
        if user is not None:
            client.force_login(user)
        if participant is not None:
            login_participant(client, participant)
        return client

    other_workshop = make_workshop(organiser=make_user())
    return {
        "anonymous": client_for(),
        "other_team": client_for(user=other_workshop.memberships.get().user),
        "participant": client_for(participant=make_participant(workshop)),
        "other_participant": client_for(participant=make_participant(other_workshop)),
        "note_taker": client_for(user=team[Role.NOTE_TAKER]),
        "facilitator": client_for(user=team[Role.FACILITATOR]),
        "organiser": client_for(user=team[Role.ORGANISER]),
    }
