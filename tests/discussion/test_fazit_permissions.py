"""Permission matrix for every Fazit, summary and export view."""

import pytest
from django.conf import settings
from django.urls import NoReverseMatch, reverse

from discussion import fazit as services
from tests.conftest import PERSONAS
from tests.discussion.summary_factories import make_statement

TEAM_RANK = {"note_taker": 1, "facilitator": 2, "organiser": 3}

# (method, url name, needs a statement pk, minimum role, status for an allowed GET/POST)
TEAM_VIEWS = [
    ("get", "fazit", False, "facilitator", 200),
    ("post", "fazit_introduction", False, "facilitator", 302),
    ("post", "statement_add", False, "facilitator", 302),
    ("get", "statement_edit", True, "facilitator", 200),
    ("post", "statement_delete", True, "facilitator", 302),
    ("post", "statement_move", True, "facilitator", 302),
    ("post", "fazit_finalise", False, "facilitator", 302),
    ("get", "summary", False, "note_taker", 200),
    ("post", "summary_sections", False, "organiser", 302),
    ("get", "summary_pdf", False, "organiser", 200),
    ("get", "summary_markdown", False, "organiser", 200),
    ("get", "workshop_archive", False, "organiser", 200),
    ("post", "summary_publish", False, "organiser", 302),
    ("post", "summary_unpublish", False, "organiser", 302),
]
POST_DATA = {
    "fazit_introduction": {"introduction": "Einleitung"},
    "statement_add": {"part": "agreed", "agreed-text": "Neu"},
    "statement_move": {"direction": "down"},
    "summary_sections": {"sections": ["cover", "fazit"]},
}


def expected_team_status(persona, minimum, allowed_status):
    if persona in ("anonymous", "participant", "other_participant"):
        return 302  # to the login page (checked below)
    if persona in TEAM_RANK and TEAM_RANK[persona] >= TEAM_RANK[minimum]:
        return allowed_status
    return 404


# One test per view, every persona inside it: the personas fixture is costly to build.
@pytest.mark.parametrize(("method", "name", "with_pk", "minimum", "allowed_status"), TEAM_VIEWS)
def test_team_views_permission_matrix(personas, workshop, method, name, with_pk, minimum, allowed_status):
    if name == "summary_publish":
        services.finalise(fazit=services.fazit_for(workshop), user=None)
    statuses, logins = {}, {}
    for persona in PERSONAS:
        statement = make_statement(workshop) if with_pk else None
        kwargs = {"slug": workshop.slug, **({"pk": statement.pk} if statement else {})}
        url = reverse(f"discussion:{name}", kwargs=kwargs)
        response = getattr(personas[persona], method)(url, POST_DATA.get(name, {}))
        statuses[persona] = response.status_code
        if response.status_code == 302 and persona in ("anonymous", "participant", "other_participant"):
            logins[persona] = response["Location"] == f"{reverse(settings.LOGIN_URL)}?next={url}"
    assert statuses == {p: expected_team_status(p, minimum, allowed_status) for p in PERSONAS}
    assert logins == {"anonymous": True, "participant": True, "other_participant": True}


def _join_url(workshop):
    try:
        return reverse("participants:join", kwargs={"code": workshop.join_code})
    except NoReverseMatch:
        pytest.skip("participants:join comes with the participants app (not merged on this branch)")


@pytest.mark.parametrize("name", ["participant_fazit", "endorse"])
def test_participant_views_permission_matrix(personas, workshop, name):
    join_url = _join_url(workshop)
    statement = make_statement(workshop)
    kwargs = {"code": workshop.join_code, **({"pk": statement.pk} if name == "endorse" else {})}
    url = reverse(f"discussion:{name}", kwargs=kwargs)
    outcomes = {}
    for persona in PERSONAS:
        if name == "endorse":
            response = personas[persona].post(url, {f"s{statement.pk}-stance": "support"})
        else:
            response = personas[persona].get(url)
        outcomes[persona] = (response.status_code, response.get("Location"))
    expected = {persona: (302, join_url) for persona in PERSONAS}
    expected["participant"] = (
        (302, f"{url.removesuffix(f'{statement.pk}/')}#statement-{statement.pk}")
        if name == "endorse"
        else (200, None)
    )
    assert outcomes == expected


def test_published_pdf_open_to_everyone_with_the_link(personas, workshop):
    services.finalise(fazit=services.fazit_for(workshop), user=None)
    token = services.publish(fazit=services.fazit_for(workshop)).publication_token
    url = reverse("discussion:published_pdf", kwargs={"token": token})
    outcomes = {p: (r.status_code, r["Content-Type"]) for p in PERSONAS for r in [personas[p].get(url)]}
    assert outcomes == {p: (200, "application/pdf") for p in PERSONAS}


def test_csv_permission_matrix(personas, workshop):
    url = reverse("discussion:summary_csv", kwargs={"slug": workshop.slug, "kind": "fazit"})
    statuses = {p: personas[p].get(url).status_code for p in PERSONAS}
    expected = {
        "anonymous": 302,
        "participant": 302,
        "other_participant": 302,
        "other_team": 404,
        "note_taker": 404,
        "facilitator": 404,
    }
    assert statuses == {p: expected.get(p, 200) for p in PERSONAS}
