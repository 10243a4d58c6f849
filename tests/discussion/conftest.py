import os
import tempfile

import pytest
from django.conf import settings

from tests.conftest import login_participant
from tests.factories import make_participant, make_question

# The race tests run real threads against the test database. SQLite's default in-memory test
# database uses a shared cache with table locks that fail at once ("database table is locked")
# instead of waiting, so on SQLite the test database is a file: WAL, the busy timeout and
# IMMEDIATE transactions then serialise the writers as they do in production.
_default_db = settings.DATABASES["default"]
if _default_db["ENGINE"] == "django.db.backends.sqlite3" and not _default_db.get("TEST", {}).get("NAME"):
    _default_db.setdefault("TEST", {})["NAME"] = os.path.join(
        tempfile.gettempdir(), f"werkstatt-test-{os.getpid()}.sqlite3"
    )


@pytest.fixture
def question(workshop):
    return make_question(workshop, text="Welche Chancen bieten integrierte Planungsansätze?")


@pytest.fixture
def participant(workshop):
    return make_participant(workshop, display_name="Anna Becker")


@pytest.fixture
def participant_client(client, participant):
    return login_participant(client, participant)
