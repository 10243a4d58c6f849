import re

import pytest

from participants import services
from tests.conftest import login_participant
from tests.factories import make_participant
from workshops.models import Role
from workshops.vocabulary import ActorGroup, FieldOfWork, Level


def test_overview_counts_matrix_and_missing(workshop):
    make_participant(
        workshop, actor_group="verwaltung", level="gemeinde", fields_of_work=["energie", "pflege"]
    )
    make_participant(workshop, actor_group="verwaltung", level="gemeinde", fields_of_work=["energie"])
    make_participant(workshop, actor_group="politik", level="landkreis")
    make_participant(workshop, actor_group="buerger", level="")

    overview = services.overview(workshop=workshop)

    assert [value for value, _label in overview.levels] == [*Level.values, ""]
    cells = {row.actor_group: row.cells for row in overview.rows}
    assert cells["verwaltung"] == [2, 0, 0, 0, 0, 0]
    assert cells["politik"] == [0, 1, 0, 0, 0, 0]
    assert cells["buerger"] == [0, 0, 0, 0, 0, 1]
    assert overview.column_totals == [2, 1, 0, 0, 0, 1]
    assert overview.total == 4
    assert dict(overview.fields_of_work)[FieldOfWork.ENERGY.label] == 2
    assert dict(overview.fields_of_work)[FieldOfWork.CARE.label] == 1
    assert overview.missing_actor_groups == [
        ActorGroup.REGIONAL_PLANNING.label,
        ActorGroup.BUSINESS.label,
        ActorGroup.CIVIL_SOCIETY.label,
        ActorGroup.SCIENCE.label,
        ActorGroup.OTHER.label,
    ]


def test_overview_page_marks_empty_cells_not_at_the_table(client, workshop, organiser):
    make_participant(workshop, actor_group="verwaltung", level="gemeinde")
    client.force_login(organiser)

    html = client.get(f"/w/{workshop.slug}/wer-ist-da/").content.decode()

    caption = "Teilnehmende nach Akteursgruppe und Ebene. Leere Felder: nicht am Tisch."
    assert f'<caption class="visually-hidden">{caption}</caption>' in html
    assert '<th scope="row">Verwaltung</th>' in html
    assert (
        html.count('<span class="empty-long">nicht am Tisch</span>') == 8 * 5 - 1
    )  # every empty matrix cell
    assert html.count('<td class="empty">nicht am Tisch</td>') == 14  # every field of work nobody covers
    assert "1 Person am Tisch" in html


def test_introductions_filter_plain_and_htmx(client, workshop):
    me = make_participant(workshop, display_name="Anna", actor_group="politik", level="land")
    make_participant(workshop, display_name="Bernd", actor_group="politik", level="gemeinde")
    make_participant(workshop, display_name="Carla", actor_group="wirtschaft", level="land")
    login_participant(client, me)
    url = f"/j/{workshop.join_code}/vorstellungsrunde/"

    plain = client.get(url, {"actor_group": "politik", "level": "land"})
    htmx = client.get(url, {"actor_group": "politik"}, HTTP_HX_REQUEST="true")
    unknown = client.get(url, {"actor_group": "bauern"})

    assert [p.display_name for p in plain.context["participants"]] == ["Anna"]
    assert [p.display_name for p in htmx.context["participants"]] == ["Anna", "Bernd"]
    assert htmx.content.decode().lstrip().startswith('<div id="introductions"')
    assert [p.display_name for p in unknown.context["participants"]] == ["Anna", "Bernd", "Carla"]


@pytest.mark.parametrize("path", ["vorstellungsrunde", "wer-ist-da", "teilnehmende", "beamer"])
def test_team_poll_answers_204_when_nothing_changed_and_the_partial_when_it_did(
    client, workshop, organiser, path
):
    make_participant(workshop)
    client.force_login(organiser)
    url = f"/w/{workshop.slug}/{path}/"
    poll_url = client.get(url).context["poll_url"]

    unchanged = client.get(poll_url, HTTP_HX_REQUEST="true")
    make_participant(workshop)
    changed = client.get(poll_url, HTTP_HX_REQUEST="true")

    assert (unchanged.status_code, unchanged.content) == (204, b"")
    new_poll_url = re.search(r'hx-get="([^"]*rev=[^"]*)"', changed.content.decode()).group(1)
    assert changed.status_code == 200
    assert new_poll_url.startswith(f"{url}?rev=")
    assert new_poll_url != poll_url


def test_participant_poll_unchanged_costs_two_queries(client, workshop, django_assert_num_queries):
    me = make_participant(workshop)
    login_participant(client, me)
    rev = services.revision(workshop_id=workshop.pk)
    # the bound participant with the workshop, the revision
    with django_assert_num_queries(2):
        response = client.get(
            f"/j/{workshop.join_code}/vorstellungsrunde/", {"rev": rev}, HTTP_HX_REQUEST="true"
        )
    assert response.status_code == 204


def test_revision_changes_on_edit_and_leave(workshop):
    participant = make_participant(workshop)
    before = services.revision(workshop_id=workshop.pk)
    services.update_participant(participant=participant, introduction="Neu")
    edited = services.revision(workshop_id=workshop.pk)
    services.remove_participant(participant=participant)
    assert len({before, edited, services.revision(workshop_id=workshop.pk)}) == 3


def _fill(workshop, n):
    groups, levels = ActorGroup.values, Level.values
    for i in range(n):
        make_participant(
            workshop,
            actor_group=groups[i % len(groups)],
            level=levels[i % len(levels)],
            fields_of_work=[FieldOfWork.values[i % 14]],
            introduction=f"Vorstellung {i}",
        )


@pytest.mark.parametrize("n", [3, 200])
@pytest.mark.parametrize("path", ["vorstellungsrunde", "wer-ist-da", "teilnehmende", "beamer"])
def test_team_list_pages_query_count_does_not_grow(
    client, workshop, organiser, django_assert_num_queries, n, path
):
    _fill(workshop, n)
    client.force_login(organiser)
    # user, membership with workshop, revision, the list
    with django_assert_num_queries(4):
        response = client.get(f"/w/{workshop.slug}/{path}/")
    assert response.status_code == 200


@pytest.mark.parametrize("n", [3, 200])
@pytest.mark.parametrize("path", ["vorstellungsrunde", "wer-ist-da"])
def test_participant_pages_query_count_does_not_grow(client, workshop, django_assert_num_queries, n, path):
    _fill(workshop, n)
    login_participant(client, workshop.participants.first())
    # the bound participant with the workshop, revision, the list
    with django_assert_num_queries(3):
        response = client.get(f"/j/{workshop.join_code}/{path}/")
    assert response.status_code == 200


def test_beamer_shows_code_link_count_and_newest_introductions(client, workshop, team):
    for i in range(11):
        make_participant(workshop, display_name=f"Person Nr. {i}")
    client.force_login(team[Role.NOTE_TAKER])

    html = client.get(f"/w/{workshop.slug}/beamer/").content.decode()

    assert f'<p class="beamer-code">{workshop.join_code}</p>' in html
    assert f'<p class="beamer-link">http://testserver/j/{workshop.join_code}/</p>' in html
    assert "11 Personen sind da" in html
    assert "Person Nr. 10" in html and "Person Nr. 2<" in html
    assert "Person Nr. 1<" not in html  # only the nine newest fit on the wall


def test_team_poll_unchanged_costs_three_queries(client, workshop, organiser, django_assert_num_queries):
    make_participant(workshop)
    client.force_login(organiser)
    rev = services.revision(workshop_id=workshop.pk)
    # the user, the membership with its workshop, the revision
    with django_assert_num_queries(3):
        response = client.get(f"/w/{workshop.slug}/teilnehmende/", {"rev": rev}, HTTP_HX_REQUEST="true")
    assert response.status_code == 204


def test_beamer_poll_notices_joining_opened(client, workshop, organiser):
    client.force_login(organiser)
    first = client.get(f"/w/{workshop.slug}/beamer/")
    rev = first.context["poll_url"].split("rev=")[1]
    services.set_joining(workshop=workshop, joining_open=True)

    response = client.get(f"/w/{workshop.slug}/beamer/", {"rev": rev}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert "Machen Sie mit!" in response.content.decode()


@pytest.mark.parametrize("path", ["vorstellungsrunde", "wer-ist-da"])
def test_changed_poll_fragment_is_rendered_once_per_revision(
    client, workshop, django_assert_num_queries, path
):
    """A room full of phones polls after each join: the second phone gets the cached fragment."""
    login_participant(client, make_participant(workshop))
    url = f"/j/{workshop.join_code}/{path}/"
    first = client.get(url, {"rev": "old"}, HTTP_HX_REQUEST="true")
    # the bound participant with the workshop, the revision: no list query
    with django_assert_num_queries(2):
        second = client.get(url, {"rev": "old"}, HTTP_HX_REQUEST="true")
    assert second.content == first.content
    assert second["Vary"] == first["Vary"]
