import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import add_member, make_item, make_participant, make_user, make_workshop
from tests.workshops.html import attrs, texts
from workshops.models import Role, Workshop


@pytest.fixture
def organiser_client(organiser):
    client = Client()
    client.force_login(organiser)
    return client


def workshop_data(**fields):
    data = {
        "title": "Nahversorgung sichern",
        "subtitle": "",
        "region": "Uckermark",
        "venue": "Prenzlau",
        "date": "2030-09-03",
        "start_time": "17:00",
        "planned_end_time": "20:30",
        "organiser_name": "",
        "description": "",
        "status": "draft",
        "max_participants": "60",
    }
    return {**data, **fields}


def test_dashboard_splits_upcoming_and_past_and_shows_my_role(organiser_client, organiser):
    today = timezone.localdate()
    soon = make_workshop(title="Bald", date=today + dt.timedelta(days=3))
    add_member(soon, organiser, role=Role.NOTE_TAKER)
    make_workshop(title="Heute", date=today, organiser=organiser)
    make_workshop(title="Vorbei", date=today - dt.timedelta(days=30), organiser=organiser)
    make_workshop(title="Fremd", date=today, organiser=make_user())

    response = organiser_client.get(reverse("workshops:dashboard"))

    upcoming, past = texts(response, "main .card-list")[0], texts(response, "main .card-list")[1]
    assert texts(response, ".card h3") == ["Heute", "Bald", "Vorbei"]
    assert "Ihre Rolle: Veranstalter" in upcoming and "Ihre Rolle: Protokoll" in upcoming
    assert "Vorbei" in past


@pytest.mark.parametrize("count", [1, 30])
def test_dashboard_costs_the_same_queries_for_few_and_many_workshops(
    organiser_client, organiser, count, django_assert_num_queries
):
    for _ in range(count):
        make_workshop(organiser=organiser)
    with django_assert_num_queries(2):  # the user, the workshops with my role
        response = organiser_client.get(reverse("workshops:dashboard"))
    assert len(texts(response, ".card")) == count


def test_create_workshop_makes_me_organiser_and_opens_the_agenda(organiser_client, organiser):
    response = organiser_client.post(reverse("workshops:create"), workshop_data())
    workshop = Workshop.objects.get(title="Nahversorgung sichern")
    assert response["Location"] == f"/w/{workshop.slug}/agenda/"
    assert list(workshop.memberships.values_list("user__username", "role")) == [("orga", Role.ORGANISER)]
    assert (workshop.start_time, workshop.planned_end_time) == (dt.time(17), dt.time(20, 30))


@pytest.mark.parametrize(
    ("bad", "field", "message"),
    [
        ({"title": " "}, "title", "Bitte geben Sie einen Titel ein."),
        ({"start_time": "21:00"}, "planned_end_time", "Das geplante Ende muss nach dem Beginn liegen."),
        ({"planned_end_time": "17:00"}, "planned_end_time", "Das geplante Ende muss nach dem Beginn liegen."),
        ({"date": "31.02.2030"}, "date", "Bitte ein gültiges Datum eingeben."),
    ],
    ids=["empty-title", "start-after-end", "end-equals-start", "bad-date"],
)
def test_create_workshop_with_bad_input_shows_the_error_at_the_field(organiser_client, bad, field, message):
    response = organiser_client.post(reverse("workshops:create"), workshop_data(**bad))
    assert response.status_code == 200
    assert texts(response, f"#id_{field}_error") == [message]
    assert attrs(response, f"#id_{field}", "autofocus") == [""]
    assert attrs(response, "#id_venue", "value") == ["Prenzlau"]
    assert Workshop.objects.count() == 0


def test_edit_workshop_saves_and_returns_to_the_overview(organiser_client, workshop):
    response = organiser_client.post(
        reverse("workshops:edit", kwargs={"slug": workshop.slug}), workshop_data(title="Neuer Titel")
    )
    assert response["Location"] == f"/w/{workshop.slug}/"
    workshop.refresh_from_db()
    assert (workshop.title, workshop.region) == ("Neuer Titel", "Uckermark")


def test_edit_workshop_with_start_after_end_saves_nothing(organiser_client, workshop):
    response = organiser_client.post(
        reverse("workshops:edit", kwargs={"slug": workshop.slug}),
        workshop_data(title="Neuer Titel", start_time="22:00"),
    )
    assert texts(response, "#id_planned_end_time_error") == ["Das geplante Ende muss nach dem Beginn liegen."]
    assert attrs(response, "#id_title", "value") == ["Neuer Titel"]
    workshop.refresh_from_db()
    assert workshop.title == "Daseinsvorsorge im ländlichen Raum"


def test_detail_shows_the_facts_and_the_agenda_total(organiser_client, workshop):
    make_item(workshop, duration_minutes=120)
    make_item(workshop, duration_minutes=90)
    response = organiser_client.get(workshop.get_absolute_url())
    assert texts(response, "h1") == ["Daseinsvorsorge im ländlichen Raum"]
    assert (
        texts(response, "main > p")[-1]
        == "2 Punkte, 210 von 180 geplanten Minuten. Sie überzieht um 30 Minuten."
    )


def test_duplicate_form_suggests_the_title(organiser_client, workshop):
    response = organiser_client.get(reverse("workshops:duplicate", kwargs={"slug": workshop.slug}))
    assert attrs(response, "#id_title", "value") == ["Daseinsvorsorge im ländlichen Raum"]


def test_duplicate_copies_the_agenda_not_the_participants_and_opens_the_copy(team, workshop):
    make_item(workshop, title="Begrüßung", duration_minutes=15)
    make_item(workshop, title="Diskussion", duration_minutes=60)
    make_participant(workshop)
    client = Client()
    client.force_login(team[Role.FACILITATOR])

    response = client.post(
        reverse("workshops:duplicate", kwargs={"slug": workshop.slug}),
        {"title": "Daseinsvorsorge in Demmin", "date": "2030-10-01"},
        follow=True,
    )

    copy = Workshop.objects.get(title="Daseinsvorsorge in Demmin")
    assert response.redirect_chain == [(f"/w/{copy.slug}/agenda/", 302)]
    assert texts(response, "#messages .message") == [
        "„Daseinsvorsorge in Demmin“ wurde als neuer Workshop angelegt, mit der Tagesordnung der Vorlage."
    ]
    assert texts(response, ".agenda-title") == ["Begrüßung", "Diskussion"]
    assert copy.date == dt.date(2030, 10, 1)
    assert copy.participants.count() == 0
    assert list(copy.memberships.values_list("user", "role")) == [(team[Role.FACILITATOR].pk, Role.ORGANISER)]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"title": "", "date": "2030-10-01"}, "title", "Bitte geben Sie einen Titel ein."),
        ({"title": "Kopie", "date": ""}, "date", "Bitte geben Sie das Datum des neuen Workshops an."),
        ({"title": "Kopie", "date": "morgen"}, "date", "Bitte ein gültiges Datum eingeben."),
    ],
    ids=["empty-title", "no-date", "bad-date"],
)
def test_duplicate_with_bad_input_shows_the_error_and_copies_nothing(
    organiser_client, workshop, data, field, message
):
    response = organiser_client.post(reverse("workshops:duplicate", kwargs={"slug": workshop.slug}), data)
    assert response.status_code == 200
    assert texts(response, f"#id_{field}_error") == [message]
    assert Workshop.objects.count() == 1


def test_organiser_deletes_a_workshop_with_everything_in_it_after_typing_its_title(
    client, workshop, organiser
):
    from discussion.models import Answer
    from participants.models import Participant
    from tests.factories import make_answer, make_question
    from workshops.models import Workshop

    make_answer(make_question(workshop), participant=make_participant(workshop))
    client.force_login(organiser)

    response = client.post(f"/w/{workshop.slug}/loeschen/", {"confirm_title": workshop.title}, follow=True)

    assert response.redirect_chain == [("/workshops/", 302)]
    assert [str(m) for m in response.context["messages"]] == [f"„{workshop.title}“ wurde gelöscht."]
    assert (Workshop.objects.count(), Participant.objects.count(), Answer.objects.count()) == (0, 0, 0)


def test_deleting_with_a_wrong_title_deletes_nothing_and_says_so(client, workshop, organiser):
    from workshops.models import Workshop

    client.force_login(organiser)

    response = client.post(f"/w/{workshop.slug}/loeschen/", {"confirm_title": "Falscher Titel"})

    assert response.status_code == 200
    assert (
        "Der eingegebene Titel stimmt nicht überein. Es wurde nichts gelöscht." in response.content.decode()
    )
    assert 'value="Falscher Titel"' in response.content.decode()
    assert Workshop.objects.filter(pk=workshop.pk).exists()


def test_delete_button_only_for_organisers(personas, workshop):
    delete_link = f'href="/w/{workshop.slug}/loeschen/"'
    assert delete_link in personas["organiser"].get(f"/w/{workshop.slug}/").content.decode()
    assert delete_link not in personas["facilitator"].get(f"/w/{workshop.slug}/").content.decode()
