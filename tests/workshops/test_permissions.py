"""Who may use which workshops view: every view against every persona.

Outsiders (another team's member) get 404, so nobody learns a workshop exists; people without an
account (anonymous, participants) are sent to the login; team members below the view's role get 404.
"""

import pytest
from django.urls import reverse

from tests.conftest import PERSONAS
from tests.factories import make_item, make_user
from workshops.models import Membership, Role

RANK = {"note_taker": Role.NOTE_TAKER, "facilitator": Role.FACILITATOR, "organiser": Role.ORGANISER}
ORDER = [Role.NOTE_TAKER, Role.FACILITATOR, Role.ORGANISER]

# (url name, method, minimum role, status when allowed, data builder)
VIEWS = [
    ("detail", "get", Role.NOTE_TAKER, 200, None),
    ("edit", "get", Role.FACILITATOR, 200, None),
    ("edit", "post", Role.FACILITATOR, 302, "workshop"),
    ("duplicate", "get", Role.FACILITATOR, 200, None),
    ("duplicate", "post", Role.FACILITATOR, 302, "duplicate"),
    ("agenda", "get", Role.NOTE_TAKER, 200, None),
    ("agenda_sheet", "get", Role.NOTE_TAKER, 200, None),
    ("item_add", "post", Role.FACILITATOR, 302, "item"),
    ("item_edit", "get", Role.FACILITATOR, 200, None),
    ("item_edit", "post", Role.FACILITATOR, 302, "item"),
    ("item_delete", "get", Role.FACILITATOR, 200, None),
    ("item_delete", "post", Role.FACILITATOR, 302, None),
    ("item_move", "post", Role.FACILITATOR, 302, "move"),
    ("agenda_reorder", "post", Role.FACILITATOR, 302, "reorder"),
    ("team", "get", Role.NOTE_TAKER, 200, None),
    ("member_add", "post", Role.ORGANISER, 302, "member"),
    ("member_role", "post", Role.ORGANISER, 302, "role"),
    ("member_remove", "post", Role.ORGANISER, 302, None),
    ("delete", "get", Role.ORGANISER, 200, None),
    ("delete", "post", Role.ORGANISER, 302, "delete"),
]
ITEM_VIEWS = {"item_edit", "item_delete", "item_move"}
MEMBER_VIEWS = {"member_role", "member_remove"}


def request_data(kind, workshop, item):
    if kind == "workshop":
        return {
            "title": "Neu",
            "date": "2030-05-14",
            "start_time": "09:00",
            "planned_end_time": "12:00",
            "status": "draft",
            "max_participants": "100",
        }
    if kind == "delete":
        return {"confirm_title": workshop.title}
    if kind == "duplicate":
        return {"title": "Kopie", "date": "2030-06-01"}
    if kind == "item":
        prefix = f"item-{item.pk}" if item else "new"
        return {f"{prefix}-title": "Punkt", f"{prefix}-kind": "talk", f"{prefix}-duration_minutes": "20"}
    if kind == "move":
        return {"direction": "down"}
    if kind == "reorder":
        return {"ids": list(reversed(workshop.agenda_items.values_list("pk", flat=True)))}
    if kind == "member":
        return {"username": make_user().username, "role": "note_taker"}
    if kind == "role":
        return {"role": "facilitator"}
    return {}


def expected_outcome(persona, minimum):
    if persona in ("anonymous", "participant", "other_participant"):
        return "login"
    if persona == "other_team":
        return 404
    return "allowed" if ORDER.index(RANK[persona]) >= ORDER.index(minimum) else 404


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "method", "minimum", "allowed_status", "data"),
    VIEWS,
    ids=[f"{name}-{method}" for name, method, *_ in VIEWS],
)
def test_permission_matrix(personas, workshop, team, persona, name, method, minimum, allowed_status, data):
    make_item(workshop, title="Erster")
    item = make_item(workshop, title="Zweiter")
    kwargs = {"slug": workshop.slug}
    if name in ITEM_VIEWS:
        kwargs["pk"] = item.pk
    if name in MEMBER_VIEWS:
        kwargs["pk"] = Membership.objects.get(workshop=workshop, user=team[Role.NOTE_TAKER]).pk
    path = reverse(f"workshops:{name}", kwargs=kwargs)
    body = request_data(data, workshop, item if name == "item_edit" else None)

    response = getattr(personas[persona], method)(path, body)

    outcome = expected_outcome(persona, minimum)
    if outcome == "login":
        assert (response.status_code, response["Location"]) == (302, f"/konto/anmelden/?next={path}")
    elif outcome == 404:
        assert response.status_code == 404
    else:
        assert response.status_code == allowed_status
        if allowed_status == 302:
            assert response["Location"].startswith(("/w/", "/workshops/"))


@pytest.mark.parametrize("persona", PERSONAS)
def test_public_agenda_is_open_to_everyone(personas, workshop, persona):
    response = personas[persona].get(
        reverse("workshops:public_agenda", kwargs={"token": workshop.share_token})
    )
    assert response.status_code == 200


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", ["dashboard", "create"])
def test_dashboard_and_create_need_an_account(personas, persona, name):
    path = reverse(f"workshops:{name}")
    response = personas[persona].get(path)
    if persona in ("anonymous", "participant", "other_participant"):
        assert (response.status_code, response["Location"]) == (302, f"/konto/anmelden/?next={path}")
    else:
        assert response.status_code == 200


def test_an_expired_session_under_htmx_reloads_to_the_login_page(client, workshop):
    path = reverse("workshops:item_add", kwargs={"slug": workshop.slug})
    response = client.post(path, {}, HTTP_HX_REQUEST="true")
    assert (response.status_code, response["HX-Redirect"]) == (200, f"/konto/anmelden/?next={path}")
