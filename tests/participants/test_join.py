import re

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from participants.access import SESSION_KEY
from participants.models import Participant, hash_token
from participants.views import NEW_TOKEN_KEY
from tests.conftest import login_participant
from tests.factories import make_participant, make_workshop


def join_url(workshop):
    return f"/j/{workshop.join_code}/"


def test_join_plain_creates_participant_binds_session_and_shows_resume_link_once(
    client, open_workshop, join_data
):
    response = client.post(join_url(open_workshop), join_data)

    participant = Participant.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/j/{open_workshop.join_code}/ich/"
    assert (participant.display_name, participant.organisation, participant.fields_of_work) == (
        "Katrin Wendt",
        "Amt Penzliner Land",
        ["kinderbetreuung", "verwaltung"],
    )
    assert participant.consent_to_be_named is False
    assert participant.added_by_team is False
    assert client.session[SESSION_KEY] == {str(open_workshop.pk): participant.pk}

    page = client.get(response["Location"]).content.decode()
    token = re.search(rf"/j/{open_workshop.join_code}/weiter/([\w-]+)/", page).group(1)
    assert len(token) >= 22  # at least 128 bits in URL-safe base64
    assert participant.resume_token_hash == hash_token(token)
    assert token not in client.get(response["Location"]).content.decode()  # shown once only


def test_join_htmx_redirects_the_client(client, open_workshop, join_data):
    response = client.post(join_url(open_workshop), join_data, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert response["HX-Redirect"] == f"/j/{open_workshop.join_code}/ich/"
    assert Participant.objects.count() == 1


def test_join_htmx_with_errors_answers_the_form_partial(client, open_workshop, join_data):
    response = client.post(join_url(open_workshop), {**join_data, "display_name": ""}, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="join">')
    assert "Bitte geben Sie einen Namen an." in html
    assert 'value="Amt Penzliner Land"' in html  # nothing typed is lost
    assert "HX-Request" in response["Vary"].split(", ")
    assert Participant.objects.count() == 0


def test_join_code_is_case_insensitive(client, open_workshop):
    response = client.get(f"/j/{open_workshop.join_code.lower()}/")
    assert response.status_code == 200
    assert "Stellen Sie sich kurz vor" in response.content.decode()


def test_join_page_of_bound_participant_goes_to_their_page(client, open_workshop):
    login_participant(client, make_participant(open_workshop))
    response = client.get(join_url(open_workshop))
    assert response["Location"] == f"/j/{open_workshop.join_code}/ich/"


def test_join_unknown_code_shows_friendly_page_with_code_field(client, db):
    response = client.get("/j/XXXXXX/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Diesen Code kennen wir nicht" in html
    assert 'name="code"' in html


def test_join_closed_shows_message_and_no_form(client, workshop):
    response = client.get(join_url(workshop))
    html = response.content.decode()
    assert "Der Beitritt ist gerade geschlossen" in html
    assert '<form method="post" action="/j/' not in html


def test_join_after_closing_is_refused_and_nothing_saved(client, workshop, join_data):
    response = client.post(join_url(workshop), join_data)
    assert response.status_code == 200
    assert "Der Beitritt zu diesem Workshop ist geschlossen." in response.content.decode()
    assert Participant.objects.count() == 0


def test_home_code_field_goes_to_the_join_page(client, open_workshop):
    response = client.get("/", {"code": f" {open_workshop.join_code.lower()} "})
    assert response["Location"] == f"/j/{open_workshop.join_code}/"


def test_home_unknown_code_reshows_the_form_with_message(client, db):
    response = client.get("/", {"code": "QQQQQQ"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Diesen Code kennen wir nicht." in html
    assert 'value="QQQQQQ"' in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("display_name", "x" * 101, "aus höchstens 100 Zeichen besteht. (Er besteht aus 101 Zeichen.)"),
        ("introduction", "y" * 281, "aus höchstens 280 Zeichen besteht. (Er besteht aus 281 Zeichen.)"),
        ("organisation", "Amt\x07Penzlin", "Bitte entfernen Sie Steuerzeichen"),
        ("display_name", "Anna\tBerg", "Bitte entfernen Sie Steuerzeichen"),
        ("actor_group", "bauern", "„bauern“ ist keine bekannte Akteursgruppe."),
        ("level", "mond", "„mond“ ist keine bekannte Ebene."),
        ("fields_of_work", ["raumfahrt"], "„raumfahrt“ ist kein bekanntes Handlungsfeld."),
        ("display_name", "Null\x00Byte", "Nullzeichen sind nicht erlaubt."),
    ],
)
def test_join_bad_input_is_refused_with_message(client, open_workshop, join_data, field, value, message):
    response = client.post(join_url(open_workshop), {**join_data, field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Participant.objects.count() == 0


def test_join_introduction_keeps_line_breaks(client, open_workshop, join_data):
    client.post(join_url(open_workshop), {**join_data, "introduction": "Erstens.\r\nZweitens."})
    assert Participant.objects.get().introduction == "Erstens.\nZweitens."


def test_join_capacity_full_is_refused(client, open_workshop, join_data):
    open_workshop.max_participants = 1
    open_workshop.save()
    make_participant(open_workshop)

    response = client.post(join_url(open_workshop), join_data)

    assert "Dieser Workshop ist voll (höchstens 1 Teilnehmende)." in response.content.decode()
    assert Participant.objects.count() == 1


def test_join_rate_limit_per_ip(open_workshop, join_data, settings):
    settings.WERKSTATT_JOINS_PER_IP_PER_MINUTE = 2
    for n in range(2):
        assert (
            Client().post(join_url(open_workshop), {**join_data, "display_name": f"P{n}"}).status_code == 302
        )

    response = Client().post(join_url(open_workshop), join_data)

    htmx = Client().post(join_url(open_workshop), join_data, HTTP_HX_REQUEST="true")
    assert response.status_code == 429
    assert "Von Ihrem Netz kamen gerade sehr viele Anmeldungen." in response.content.decode()
    assert htmx.status_code == 200
    assert "Von Ihrem Netz kamen gerade sehr viele Anmeldungen." in htmx.content.decode()
    assert Participant.objects.count() == 2
    other_ip = Client(REMOTE_ADDR="10.0.0.9").post(join_url(open_workshop), join_data)
    assert other_ip.status_code == 302


def test_resume_link_binds_another_browser(open_workshop):
    participant = make_participant(open_workshop)
    token = participant.set_new_resume_token()
    participant.save()
    phone = Client()

    response = phone.get(f"/j/{open_workshop.join_code}/weiter/{token}/")

    assert response["Location"] == f"/j/{open_workshop.join_code}/ich/"
    assert phone.session[SESSION_KEY] == {str(open_workshop.pk): participant.pk}


def test_new_resume_link_invalidates_the_old_one(client, open_workshop):
    participant = make_participant(open_workshop)
    old = participant.set_new_resume_token()
    participant.save()
    login_participant(client, participant)

    response = client.post(f"/j/{open_workshop.join_code}/ich/neuer-link/")
    new = client.session[NEW_TOKEN_KEY]

    assert response["Location"] == f"/j/{open_workshop.join_code}/ich/"
    assert Client().get(f"/j/{open_workshop.join_code}/weiter/{old}/").status_code == 404
    assert Client().get(f"/j/{open_workshop.join_code}/weiter/{new}/").status_code == 302


def test_new_resume_link_htmx_answers_the_link_partial(client, open_workshop):
    participant = make_participant(open_workshop)
    login_participant(client, participant)

    response = client.post(f"/j/{open_workshop.join_code}/ich/neuer-link/", HTTP_HX_REQUEST="true")

    html = response.content.decode()
    token = re.search(r"/weiter/([\w-]+)/", html).group(1)
    participant.refresh_from_db()
    assert html.lstrip().startswith('<div id="resume-link">')
    assert participant.resume_token_hash == hash_token(token)


def test_resume_with_token_of_another_workshop_is_refused(client, open_workshop):
    other = make_participant(make_workshop())
    token = other.set_new_resume_token()
    other.save()

    response = client.get(f"/j/{open_workshop.join_code}/weiter/{token}/")

    assert response.status_code == 404
    assert "Dieser persönliche Link gilt nicht (mehr)" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_edit_own_introduction_plain_and_htmx(client, open_workshop, join_data):
    participant = make_participant(open_workshop)
    login_participant(client, participant)
    url = f"/j/{open_workshop.join_code}/ich/bearbeiten/"

    plain = client.post(url, {**join_data, "introduction": "Neu."})
    htmx = client.post(url, {**join_data, "introduction": "Neuer."}, HTTP_HX_REQUEST="true")

    participant.refresh_from_db()
    assert plain["Location"] == f"/j/{open_workshop.join_code}/ich/"
    assert htmx["HX-Redirect"] == f"/j/{open_workshop.join_code}/ich/"
    assert participant.introduction == "Neuer."


def test_leave_deletes_the_participant_and_unbinds(client, open_workshop):
    participant = make_participant(open_workshop)
    keep = make_participant(open_workshop)
    login_participant(client, participant)

    response = client.post(f"/j/{open_workshop.join_code}/ich/verlassen/")

    assert response["Location"] == "/"
    assert list(Participant.objects.all()) == [keep]
    assert client.session[SESSION_KEY] == {}
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Sie haben den Workshop verlassen. Ihre Angaben sind gelöscht."
    ]


def test_participant_session_of_another_workshop_is_sent_to_join(client, open_workshop):
    login_participant(client, make_participant(make_workshop()))
    response = client.get(f"/j/{open_workshop.join_code}/vorstellungsrunde/")
    assert response["Location"] == f"/j/{open_workshop.join_code}/"


def test_one_browser_in_two_workshops_is_its_own_participant_in_each(client, open_workshop):
    other = make_workshop(title="Zweiter Workshop")
    login_participant(client, make_participant(open_workshop, display_name="Erste Rolle"))
    login_participant(client, make_participant(other, display_name="Zweite Rolle"))
    assert "Erste Rolle" in client.get(f"/j/{open_workshop.join_code}/ich/").content.decode()
    page = client.get(f"/j/{other.join_code.lower()}/ich/").content.decode()
    assert "Zweite Rolle" in page
    assert "Erste Rolle" not in page


def test_home_code_lookups_are_rate_limited_per_ip(client, db):
    for _ in range(60):
        assert client.get("/", {"code": "QQQQQQ"}).status_code == 200
    response = client.get("/", {"code": "QQQQQQ"})
    assert response.status_code == 429
    assert "Bitte warten Sie eine Minute" in response.content.decode()


def test_join_errors_are_announced_and_tied_to_their_field(client, open_workshop, join_data):
    response = client.post(join_url(open_workshop), {**join_data, "display_name": ""})
    html = response.content.decode()
    assert '<div class="form-errors" role="alert">' in html
    assert "Bitte prüfen Sie die markierten Felder." in html
    assert 'aria-describedby="id_display_name_error"' in html
    assert '<p class="error" id="id_display_name_error">Bitte geben Sie einen Namen an. </p>' in html


def test_session_naming_a_participant_of_another_workshop_gets_nothing(client, open_workshop):
    """Even a session that maps this workshop to someone else's id (the cookie is signed, so only
    a bug could do this) shows nothing of the other workshop."""
    foreign = make_participant(make_workshop(), display_name="Fremde Person")
    session = client.session
    session[SESSION_KEY] = {str(open_workshop.pk): foreign.pk}
    session.save()
    client.cookies["sessionid"] = session.session_key

    response = client.get(f"/j/{open_workshop.join_code}/ich/")

    assert response["Location"] == f"/j/{open_workshop.join_code}/"


@pytest.mark.parametrize(
    ("language", "code_help", "introduction_help"),
    [
        (
            "de",
            "Der Code aus 6 Zeichen steht auf der Einladung oder an der Leinwand.",
            "Höchstens 280 Zeichen.",
        ),
        ("en", "The 6-character code is on the invitation or on the screen.", "At most 280 characters."),
    ],
)
def test_help_texts_with_numbers_follow_the_language_of_the_request(
    client, open_workshop, language, code_help, introduction_help
):
    client.post("/i18n/setlang/", {"language": language, "next": "/"})

    home = client.get("/").content.decode()
    join = client.get(join_url(open_workshop)).content.decode()

    assert code_help in home
    assert introduction_help in join


def test_guessing_codes_on_the_join_page_is_rate_limited_per_ip(client, db):
    for _ in range(60):
        assert client.get("/j/QQQQQQ/").status_code == 404
    response = client.get("/j/QQQQQQ/")
    assert response.status_code == 429
    assert "Bitte warten Sie eine Minute" in response.content.decode()
