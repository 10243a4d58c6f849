"""Who may open what: every participants view against every persona (exact status and redirect)."""

import pytest

from tests.conftest import PERSONAS
from tests.factories import make_participant

LOGIN = "login"  # redirect to the team login
JOIN = "join"  # redirect to this workshop's join page
ME = "me"  # redirect to the participant's own page
LIST = "list"  # redirect to the team's participant list
HOME = "home"

TEAM_READ = {"anonymous": LOGIN, "other_team": 404, "participant": LOGIN, "other_participant": LOGIN,
             "note_taker": 200, "facilitator": 200, "organiser": 200}  # fmt: skip
TEAM_EDIT = {**TEAM_READ, "note_taker": 404}
TEAM_EDIT_POST = {**TEAM_EDIT, "facilitator": LIST, "organiser": LIST}
ORGANISER_ONLY = {**TEAM_EDIT, "facilitator": 404}
PARTICIPANT_ONLY = {persona: JOIN for persona in PERSONAS} | {"participant": 200}

VIEWS = {
    "team_list": ("get", "/w/{slug}/teilnehmende/", TEAM_READ),
    "team_introductions": ("get", "/w/{slug}/vorstellungsrunde/", TEAM_READ),
    "team_overview": ("get", "/w/{slug}/wer-ist-da/", TEAM_READ),
    "beamer": ("get", "/w/{slug}/beamer/", TEAM_READ),
    "qr": ("get", "/w/{slug}/qr.svg", TEAM_READ),
    "team_add": ("get", "/w/{slug}/teilnehmende/neu/", TEAM_EDIT),
    "team_edit": ("get", "/w/{slug}/teilnehmende/{pk}/bearbeiten/", TEAM_EDIT),
    "team_remove": ("get", "/w/{slug}/teilnehmende/{pk}/entfernen/", TEAM_EDIT),
    "team_remove_post": ("post", "/w/{slug}/teilnehmende/{pk}/entfernen/", TEAM_EDIT_POST),
    "team_import": ("get", "/w/{slug}/teilnehmende/import/", TEAM_EDIT),
    "team_joining_post": ("post", "/w/{slug}/teilnehmende/beitritt/", TEAM_EDIT_POST),
    "team_export": ("get", "/w/{slug}/teilnehmende/export.csv", ORGANISER_ONLY),
    "team_erase": ("get", "/w/{slug}/teilnehmende/daten-loeschen/", ORGANISER_ONLY),
    "team_erase_post": (
        "post",
        "/w/{slug}/teilnehmende/daten-loeschen/",
        {**ORGANISER_ONLY, "organiser": LIST},
    ),
    "me": ("get", "/j/{code}/ich/", PARTICIPANT_ONLY),
    "me_edit": ("get", "/j/{code}/ich/bearbeiten/", PARTICIPANT_ONLY),
    "me_leave": ("get", "/j/{code}/ich/verlassen/", PARTICIPANT_ONLY),
    "me_leave_post": ("post", "/j/{code}/ich/verlassen/", {**PARTICIPANT_ONLY, "participant": HOME}),
    "me_new_link_post": ("post", "/j/{code}/ich/neuer-link/", {**PARTICIPANT_ONLY, "participant": ME}),
    "introductions": ("get", "/j/{code}/vorstellungsrunde/", PARTICIPANT_ONLY),
    "overview": ("get", "/j/{code}/wer-ist-da/", PARTICIPANT_ONLY),
    "join": ("get", "/j/{code}/", {**{p: 200 for p in PERSONAS}, "participant": ME}),
    "resume_bad_token": ("get", "/j/{code}/weiter/nicht-gueltig/", {p: 404 for p in PERSONAS}),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("view", list(VIEWS))
def test_permission_matrix(personas, workshop, view, persona):
    workshop.joining_open = True
    workshop.save(update_fields=["joining_open"])
    target = make_participant(workshop)
    method, pattern, expected = VIEWS[view]
    url = pattern.format(slug=workshop.slug, code=workshop.join_code, pk=target.pk)

    response = getattr(personas[persona], method)(url)

    outcome = expected[persona]
    redirects = {
        LOGIN: f"/konto/anmelden/?next={url}",
        JOIN: f"/j/{workshop.join_code}/",
        ME: f"/j/{workshop.join_code}/ich/",
        LIST: f"/w/{workshop.slug}/teilnehmende/",
        HOME: "/",
    }
    if outcome in redirects:
        assert (response.status_code, response["Location"]) == (302, redirects[outcome])
    else:
        assert response.status_code == outcome
