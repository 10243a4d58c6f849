import pytest
from django.contrib.messages import get_messages

from participants import services
from participants.models import Participant
from tests.factories import make_participant, make_workshop
from workshops.models import Role, Workshop


@pytest.fixture
def facilitator_client(client, team):
    client.force_login(team[Role.FACILITATOR])
    return client


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_team_list_shows_participants_code_and_qr(facilitator_client, workshop):
    make_participant(workshop, display_name="Katrin Wendt", organisation="Amt Penzliner Land")

    response = facilitator_client.get(f"/w/{workshop.slug}/teilnehmende/")

    html = response.content.decode()
    assert response.context["participants"][0].display_name == "Katrin Wendt"
    assert f'<strong class="join-code">{workshop.join_code}</strong>' in html
    assert f'src="/w/{workshop.slug}/qr.svg"' in html
    assert "Amt Penzliner Land" in html


def test_qr_code_is_an_svg_of_the_join_link(facilitator_client, workshop):
    response = facilitator_client.get(f"/w/{workshop.slug}/qr.svg")
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")
    assert b'class="qrline"' in response.content


@pytest.mark.parametrize("htmx", [False, True])
def test_team_opens_and_closes_joining(facilitator_client, workshop, htmx):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    url = f"/w/{workshop.slug}/teilnehmende/beitritt/"

    opened = facilitator_client.post(url, {"action": "open"}, **headers)
    workshop.refresh_from_db()
    assert workshop.joining_open is True
    closed = facilitator_client.post(url, {"action": "close"}, **headers)
    workshop.refresh_from_db()
    assert workshop.joining_open is False

    if htmx:
        assert opened.content.decode().lstrip().startswith('<section id="joining"')
        assert "Beitritt schließen" in opened.content.decode()
        assert "Beitritt öffnen" in closed.content.decode()
    else:
        assert closed["Location"] == f"/w/{workshop.slug}/teilnehmende/"
        assert messages_of(closed) == ["Der Beitritt ist jetzt offen.", "Der Beitritt ist jetzt geschlossen."]


def test_team_sets_max_participants_and_refuses_nonsense(facilitator_client, workshop):
    url = f"/w/{workshop.slug}/teilnehmende/beitritt/"
    facilitator_client.post(url, {"max_participants": "40"})
    bad = facilitator_client.post(url, {"max_participants": "0"})

    workshop.refresh_from_db()
    assert workshop.max_participants == 40
    assert messages_of(bad)[-1] == "Höchstzahl: Dieser Wert muss größer oder gleich 1 sein."


@pytest.mark.parametrize("htmx", [False, True])
def test_team_adds_participant_on_their_behalf(facilitator_client, workshop, join_data, htmx):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = facilitator_client.post(f"/w/{workshop.slug}/teilnehmende/neu/", join_data, **headers)

    participant = Participant.objects.get()
    assert (participant.display_name, participant.added_by_team, participant.workshop) == (
        "Katrin Wendt",
        True,
        workshop,
    )
    target = f"/w/{workshop.slug}/teilnehmende/"
    assert (response["HX-Redirect"] if htmx else response["Location"]) == target


def test_team_add_with_bad_input_keeps_what_was_typed(facilitator_client, workshop, join_data):
    response = facilitator_client.post(
        f"/w/{workshop.slug}/teilnehmende/neu/",
        {**join_data, "actor_group": "bauern"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<form id="participant-form"')
    assert "„bauern“ ist keine bekannte Akteursgruppe." in html
    assert 'value="Katrin Wendt"' in html
    assert Participant.objects.count() == 0


def test_team_edits_participant(facilitator_client, workshop, join_data):
    participant = make_participant(workshop)
    response = facilitator_client.post(
        f"/w/{workshop.slug}/teilnehmende/{participant.pk}/bearbeiten/",
        {**join_data, "function": "Amtsvorsteherin"},
    )
    participant.refresh_from_db()
    assert response["Location"] == f"/w/{workshop.slug}/teilnehmende/"
    assert participant.function == "Amtsvorsteherin"


def test_team_cannot_touch_participant_of_another_workshop(facilitator_client, workshop, join_data):
    foreign = make_participant(make_workshop())
    edit = facilitator_client.post(f"/w/{workshop.slug}/teilnehmende/{foreign.pk}/bearbeiten/", join_data)
    remove = facilitator_client.post(f"/w/{workshop.slug}/teilnehmende/{foreign.pk}/entfernen/")
    assert (edit.status_code, remove.status_code) == (404, 404)
    foreign.refresh_from_db()
    assert foreign.display_name.startswith("Person ")


@pytest.mark.parametrize("htmx", [False, True])
def test_team_removes_participant(facilitator_client, workshop, htmx):
    gone, stays = make_participant(workshop), make_participant(workshop)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}

    response = facilitator_client.post(f"/w/{workshop.slug}/teilnehmende/{gone.pk}/entfernen/", **headers)

    assert list(Participant.objects.all()) == [stays]
    if htmx:
        html = response.content.decode()
        assert html.lstrip().startswith('<section id="participant-list"')
        assert f"/teilnehmende/{stays.pk}/bearbeiten/" in html
        assert f"/teilnehmende/{gone.pk}/bearbeiten/" not in html
    else:
        assert response["Location"] == f"/w/{workshop.slug}/teilnehmende/"


def test_erase_personal_data_of_closed_workshop(client, workshop, organiser):
    workshop.status = Workshop.Status.CLOSED
    workshop.save()
    participant = make_participant(
        workshop,
        display_name="Katrin Wendt",
        place="Penzlin",
        introduction="Hallo",
        consent_to_be_named=True,
        level="gemeinde",
        fields_of_work=["energie"],
    )
    token = participant.set_new_resume_token()
    participant.save()
    client.force_login(organiser)

    response = client.post(f"/w/{workshop.slug}/teilnehmende/daten-loeschen/")

    participant.refresh_from_db()
    assert messages_of(response) == ["Die personenbezogenen Daten von 1 Teilnehmenden wurden gelöscht."]
    assert (participant.display_name, participant.organisation, participant.function, participant.place) == (
        "",
        "",
        "",
        "",
    )
    assert (participant.introduction, participant.consent_to_be_named) == ("", False)
    assert participant.erased_at is not None
    assert (participant.actor_group, participant.level, participant.fields_of_work) == (
        "verwaltung",
        "gemeinde",
        ["energie"],
    )
    assert services.participant_for_token(workshop=workshop, token=token) is None
    listing = client.get(f"/w/{workshop.slug}/teilnehmende/")
    assert listing.context["participants"] == []
    assert listing.context["erased_count"] == 1


def test_erase_refused_while_workshop_not_closed(client, workshop, organiser):
    participant = make_participant(workshop)
    client.force_login(organiser)

    response = client.post(f"/w/{workshop.slug}/teilnehmende/daten-loeschen/")

    participant.refresh_from_db()
    assert messages_of(response) == [
        "Personenbezogene Daten können erst gelöscht werden, wenn der Workshop abgeschlossen ist."
    ]
    assert participant.erased_at is None


def test_join_service_locks_capacity(workshop):
    workshop.joining_open = True
    workshop.max_participants = 2
    workshop.save()
    services.join_workshop(workshop=workshop, display_name="A", actor_group="politik")
    services.join_workshop(workshop=workshop, display_name="B", actor_group="politik")
    with pytest.raises(services.WorkshopFull):
        services.join_workshop(workshop=workshop, display_name="C", actor_group="politik")
    assert workshop.participants.count() == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_joins_never_exceed_the_maximum(workshop):
    """Ten phones join at once for five places: the lock on the workshop row lets exactly five in."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection, connections

    if connection.vendor == "sqlite":
        pytest.skip("the in-memory SQLite test database is not shared between threads")
    Workshop.objects.filter(pk=workshop.pk).update(joining_open=True, max_participants=5)

    def join(n):
        try:
            services.join_workshop(workshop=workshop, display_name=f"Person {n}", actor_group="politik")
            return "joined"
        except services.WorkshopFull:
            return "full"
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=10) as pool:
        outcomes = list(pool.map(join, range(10)))

    assert sorted(outcomes) == ["full"] * 5 + ["joined"] * 5
    assert workshop.participants.count() == 5


def test_team_max_participants_htmx_shows_error_in_the_fragment(facilitator_client, workshop):
    response = facilitator_client.post(
        f"/w/{workshop.slug}/teilnehmende/beitritt/", {"max_participants": "abc"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    workshop.refresh_from_db()
    assert html.lstrip().startswith('<section id="joining"')
    assert '<p class="error">Höchstzahl: Bitte eine ganze Zahl eingeben.</p>' in html
    assert workshop.max_participants == 150
