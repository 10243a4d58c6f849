"""How much does the live participant view cost? Prints milliseconds per request.

    .venv/bin/python bench/participants_poll.py [participants=200] [requests=300]

Uses a throw-away SQLite database (or DATABASE_URL). Measures, through Django's test client
(no network): an unchanged live poll (answers 204), a changed poll (renders the fragment),
and the full introductions and overview pages.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SQLITE_PATH", str(Path(tempfile.mkdtemp()) / "bench.sqlite3"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from participants import services  # noqa: E402
from participants.access import SESSION_KEY  # noqa: E402
from tests.factories import make_participant, make_user, make_workshop  # noqa: E402
from workshops.vocabulary import ActorGroup, Level  # noqa: E402


def timed(client: Client, url: str, count: int, **headers) -> tuple[float, int, int]:
    client.get(url, **headers)  # warm up
    # Django empties the query log when a request starts, so read it right after one.
    connection.force_debug_cursor = True
    status = client.get(url, **headers).status_code
    queries = len(connection.queries)
    connection.force_debug_cursor = False
    start = time.perf_counter()
    for _ in range(count):
        client.get(url, **headers)
    return (time.perf_counter() - start) * 1000 / count, status, queries


def main() -> None:
    participants = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    requests = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    call_command("migrate", verbosity=0)
    organiser = make_user(f"bench{time.time_ns()}")
    workshop = make_workshop(organiser=organiser)
    for i in range(participants):
        make_participant(
            workshop,
            actor_group=ActorGroup.values[i % len(ActorGroup.values)],
            level=Level.values[i % len(Level.values)],
            introduction="Was ich mitbringe und was ich erwarte, in einem Satz. " * 3,
        )
    team = Client()
    team.force_login(organiser)
    phone = Client()
    session = phone.session
    session[SESSION_KEY] = {str(workshop.pk): workshop.participants.first().pk}
    session.save()
    phone.cookies["sessionid"] = session.session_key

    rev = services.revision(workshop_id=workshop.pk)
    htmx = {"HTTP_HX_REQUEST": "true"}
    rows = [
        (
            "participant poll, unchanged (204)",
            phone,
            f"/j/{workshop.join_code}/vorstellungsrunde/?rev={rev}",
            htmx,
        ),
        ("team list poll, unchanged (204)", team, f"/w/{workshop.slug}/teilnehmende/?rev={rev}", htmx),
        (
            "participant poll, changed (cached fragment)",
            phone,
            f"/j/{workshop.join_code}/vorstellungsrunde/?rev=old",
            htmx,
        ),
        ("introductions page", phone, f"/j/{workshop.join_code}/vorstellungsrunde/", {}),
        ("who-is-here overview page", phone, f"/j/{workshop.join_code}/wer-ist-da/", {}),
        ("team participant list page", team, f"/w/{workshop.slug}/teilnehmende/", {}),
        ("projector page", team, f"/w/{workshop.slug}/beamer/", {}),
    ]
    print(f"{participants} participants, {requests} requests each, database: {connection.vendor}")
    for label, client, url, headers in rows:
        ms, status, queries = timed(client, url, requests, **headers)
        print(f"{label:44} {ms:7.2f} ms/request  status {status}  {queries} queries")


if __name__ == "__main__":
    main()
