import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import add_member, make_user, make_workshop
from tests.workshops.html import attrs, texts
from workshops.models import Membership, Role

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def organiser_client(organiser):
    client = Client()
    client.force_login(organiser)
    return client


def url(workshop, name="team", **kwargs):
    return reverse(f"workshops:{name}", kwargs={"slug": workshop.slug, **kwargs})


def members(workshop):
    return sorted(workshop.memberships.values_list("user__username", "role"))


def membership(workshop, username):
    return Membership.objects.get(workshop=workshop, user__username=username)


def test_team_page_lists_everyone_with_their_role_organisers_first(organiser_client, workshop):
    add_member(workshop, make_user("zora"), role=Role.NOTE_TAKER)
    add_member(workshop, make_user("anton"), role=Role.FACILITATOR)
    response = organiser_client.get(url(workshop))
    assert texts(response, "tbody th") == ["orga Sie", "anton", "zora"]
    assert attrs(response, "tbody select option[selected]", "value") == [
        "organiser",
        "facilitator",
        "note_taker",
    ]


def test_team_page_is_read_only_for_facilitators(team, workshop):
    client = Client()
    client.force_login(team[Role.FACILITATOR])
    response = client.get(url(workshop))
    assert [row.split(" ")[-1] for row in texts(response, "tbody tr")] == [
        "Veranstalter",
        "Moderation",
        "Protokoll",
    ]
    assert texts(response, "main form") == []


@pytest.mark.parametrize("count", [2, 40])
def test_team_page_costs_the_same_queries_for_a_small_and_a_large_team(
    organiser_client, workshop, count, django_assert_num_queries
):
    for _ in range(count - 1):
        add_member(workshop, role=Role.NOTE_TAKER)
    # The user, their membership with the workshop, the team with its users.
    with django_assert_num_queries(3):
        response = organiser_client.get(url(workshop))
    assert len(texts(response, "tbody tr")) == count


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_add_member_by_username_with_a_role(organiser_client, workshop, htmx):
    make_user("Berta")
    response = organiser_client.post(
        url(workshop, "member_add"),
        {"username": " berta ", "role": "note_taker"},
        follow=not htmx,
        **(HTMX if htmx else {}),
    )
    assert texts(response, "#messages .message") == ["Berta gehört jetzt zum Team (Protokoll)."]
    assert texts(response, "tbody th") == ["orga Sie", "Berta"]
    assert members(workshop) == [("Berta", Role.NOTE_TAKER), ("orga", Role.ORGANISER)]


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"username": "niemand", "role": "facilitator"},
            "username",
            "Es gibt kein Konto mit dem Benutzernamen „niemand“.",
        ),
        ({"username": "orga", "role": "facilitator"}, "username", "orga gehört bereits zum Team."),
        (
            {"username": "", "role": "facilitator"},
            "username",
            "Bitte geben Sie den Benutzernamen der Person ein.",
        ),
        ({"username": "orga2", "role": "chef"}, "role", "Bitte wählen Sie eine der angebotenen Rollen."),
    ],
    ids=["unknown", "already-member", "empty", "unknown-role"],
)
def test_add_member_with_bad_input_shows_the_error_at_the_field(
    organiser_client, workshop, data, field, message, htmx
):
    make_user("orga2")
    response = organiser_client.post(url(workshop, "member_add"), data, **(HTMX if htmx else {}))
    assert response.status_code == 200
    assert texts(response, f"#id_{field}_error") == [message]
    assert attrs(response, "#id_username", "value") == [data["username"] or None]
    assert members(workshop) == [("orga", Role.ORGANISER)]


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_change_role(organiser_client, workshop, team, htmx):
    member = membership(workshop, team[Role.NOTE_TAKER].username)
    response = organiser_client.post(
        url(workshop, "member_role", pk=member.pk),
        {"role": "facilitator"},
        follow=not htmx,
        **(HTMX if htmx else {}),
    )
    assert texts(response, "#messages .message") == [
        f"{member.user.username} hat jetzt die Rolle Moderation."
    ]
    member.refresh_from_db()
    assert member.role == Role.FACILITATOR


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize("action", ["demote", "remove"])
def test_the_last_organiser_can_be_neither_demoted_nor_removed(organiser_client, workshop, htmx, action):
    me = membership(workshop, "orga")
    name, data = ("member_role", {"role": "note_taker"}) if action == "demote" else ("member_remove", {})
    response = organiser_client.post(
        url(workshop, name, pk=me.pk), data, follow=not htmx, **(HTMX if htmx else {})
    )
    assert response.status_code == 200
    assert texts(response, "#messages .message-error") == [
        "Ein Workshop braucht mindestens eine Person in der Rolle Veranstalter."
    ]
    assert members(workshop) == [("orga", Role.ORGANISER)]


def test_change_role_to_an_unknown_role_changes_nothing(organiser_client, workshop, team):
    member = membership(workshop, team[Role.NOTE_TAKER].username)
    response = organiser_client.post(
        url(workshop, "member_role", pk=member.pk), {"role": "chef"}, follow=True
    )
    assert texts(response, "#messages .message-error") == ["Bitte wählen Sie eine der angebotenen Rollen."]
    member.refresh_from_db()
    assert member.role == Role.NOTE_TAKER


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_remove_member(organiser_client, workshop, team, htmx):
    member = membership(workshop, team[Role.FACILITATOR].username)
    response = organiser_client.post(
        url(workshop, "member_remove", pk=member.pk), follow=not htmx, **(HTMX if htmx else {})
    )
    assert texts(response, "#messages .message") == [f"{member.user.username} gehört nicht mehr zum Team."]
    assert not workshop.memberships.filter(pk=member.pk).exists()


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_an_organiser_who_removes_themself_goes_to_the_dashboard(organiser_client, workshop, htmx):
    add_member(workshop, make_user("nachfolge"), role=Role.ORGANISER)
    me = membership(workshop, "orga")
    response = organiser_client.post(url(workshop, "member_remove", pk=me.pk), **(HTMX if htmx else {}))
    if htmx:
        assert (response.status_code, response["HX-Redirect"]) == (200, "/workshops/")
    else:
        assert (response.status_code, response["Location"]) == (302, "/workshops/")
    assert members(workshop) == [("nachfolge", Role.ORGANISER)]


def test_a_member_of_another_workshop_is_not_found(organiser_client, workshop):
    other = make_workshop(organiser=make_user("fremd"))
    foreign = membership(other, "fremd")
    response = organiser_client.post(url(workshop, "member_remove", pk=foreign.pk))
    assert response.status_code == 404
    assert members(other) == [("fremd", Role.ORGANISER)]
