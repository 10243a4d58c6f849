import json

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_item, make_workshop
from tests.workshops.html import attrs, texts
from workshops.models import AgendaItem, Role

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def facilitator_client(team):
    client = Client()
    client.force_login(team[Role.FACILITATOR])
    return client


@pytest.fixture
def abc(workshop):
    """17:00 start, 19:00 planned end; three items of 15, 45 and 30 minutes."""
    workshop.start_time, workshop.planned_end_time = "17:00", "19:00"
    workshop.save()
    workshop.refresh_from_db()
    return [
        make_item(workshop, title="Begrüßung", kind=AgendaItem.Kind.WELCOME, duration_minutes=15),
        make_item(workshop, title="Impuls", duration_minutes=45, presenters="Dr. Roth"),
        make_item(workshop, title="Diskussion", kind=AgendaItem.Kind.DISCUSSION, duration_minutes=30),
    ]


def url(workshop, name="agenda", **kwargs):
    return reverse(f"workshops:{name}", kwargs={"slug": workshop.slug, **kwargs})


def rows(response):
    return [
        f"{time} {title}"
        for time, title in zip(texts(response, ".agenda-time"), texts(response, ".agenda-title"), strict=True)
    ]


def shown_messages(response):
    return texts(response, "#messages .message")


def item_data(prefix="new", **fields):
    data = {"title": "Pause", "kind": "break", "duration_minutes": "15", "presenters": "", "description": ""}
    data.update(fields)
    return {f"{prefix}-{name}": value for name, value in data.items()}


def titles(workshop):
    return list(workshop.agenda_items.values_list("title", flat=True))


# The page ---------------------------------------------------------------------------------------


def test_agenda_page_shows_times_kind_duration_presenters_and_minutes_left(facilitator_client, workshop, abc):
    response = facilitator_client.get(url(workshop))
    assert response.status_code == 200
    assert rows(response) == ["17:00–17:15 Begrüßung", "17:15–18:00 Impuls", "18:00–18:30 Diskussion"]
    assert texts(response, f"#item-{abc[1].pk} .agenda-meta") == ["Input / Vortrag 45 Minuten Dr. Roth"]
    assert texts(response, ".agenda-summary .notice") == ["Noch 30 Minuten frei bis zum geplanten Ende."]
    assert texts(response, "[role=alert]") == []
    assert response["Vary"] == "HX-Request, Cookie, Accept-Language"


def test_agenda_page_warns_when_the_agenda_overruns(facilitator_client, workshop, abc):
    make_item(workshop, title="Fazit", duration_minutes=40)
    response = facilitator_client.get(url(workshop))
    assert texts(response, "[role=alert]") == [
        "Die Tagesordnung ist zu lang. Sie überzieht das geplante Ende um 10 Minuten."
    ]
    assert texts(response, ".is-overrun .agenda-title") == ["Fazit"]


def test_agenda_page_under_htmx_answers_with_the_fragment_only(facilitator_client, workshop, abc):
    response = facilitator_client.get(url(workshop), **HTMX)
    content = response.content.decode()
    assert "<html" not in content
    assert content.strip().startswith('<div id="messages" hx-swap-oob="innerHTML">')
    assert rows(response) == ["17:00–17:15 Begrüßung", "17:15–18:00 Impuls", "18:00–18:30 Diskussion"]


def test_agenda_page_is_read_only_for_note_takers(team, workshop, abc):
    client = Client()
    client.force_login(team[Role.NOTE_TAKER])
    response = client.get(url(workshop))
    assert rows(response) == ["17:00–17:15 Begrüßung", "17:15–18:00 Impuls", "18:00–18:30 Diskussion"]
    assert texts(response, "main form") == []
    assert texts(response, ".drag-handle") == []
    assert b"js/agenda.js" not in response.content


@pytest.mark.parametrize("count", [2, 60])
def test_agenda_page_costs_the_same_queries_for_2_and_60_items(
    facilitator_client, workshop, count, django_assert_num_queries
):
    for n in range(count):
        make_item(workshop, title=f"Punkt {n}", duration_minutes=2)
    # The user, their membership with the workshop, the items.
    with django_assert_num_queries(3):
        response = facilitator_client.get(url(workshop))
    assert len(rows(response)) == count


# Adding -----------------------------------------------------------------------------------------


def test_add_item_plain_redirects_to_the_new_item_with_a_message(facilitator_client, workshop, abc):
    response = facilitator_client.post(url(workshop, "item_add"), item_data())
    item = workshop.agenda_items.get(title="Pause")
    assert response.status_code == 302
    assert response["Location"] == f"{url(workshop)}#item-{item.pk}"
    page = facilitator_client.get(response["Location"])
    assert shown_messages(page) == ["„Pause“ wurde hinzugefügt."]
    assert rows(page)[-1] == "18:30–18:45 Pause"


def test_add_item_htmx_returns_the_agenda_with_new_times_and_a_fresh_focused_form(
    facilitator_client, workshop, abc
):
    response = facilitator_client.post(url(workshop, "item_add"), item_data(), **HTMX)
    assert response.status_code == 200
    assert rows(response)[-1] == "18:30–18:45 Pause"
    assert texts(response, ".agenda-summary .notice") == ["Noch 15 Minuten frei bis zum geplanten Ende."]
    assert shown_messages(response) == ["„Pause“ wurde hinzugefügt."]
    assert attrs(response, "#id_new-title", "value") == [None]
    assert attrs(response, "#id_new-title", "autofocus") == [""]
    assert titles(workshop) == ["Begrüßung", "Impuls", "Diskussion", "Pause"]


BAD_ITEMS = [
    pytest.param({"title": "  "}, "title", "Bitte geben Sie einen Titel ein.", id="empty-title"),
    pytest.param(
        {"duration_minutes": "0"},
        "duration_minutes",
        "Die Dauer muss mindestens 1 Minute betragen.",
        id="zero",
    ),
    pytest.param(
        {"duration_minutes": "-5"},
        "duration_minutes",
        "Die Dauer muss mindestens 1 Minute betragen.",
        id="negative",
    ),
    pytest.param(
        {"duration_minutes": "601"},
        "duration_minutes",
        "Die Dauer darf höchstens 600 Minuten betragen.",
        id="over-600",
    ),
    pytest.param(
        {"duration_minutes": "zehn"},
        "duration_minutes",
        "Bitte geben Sie die Dauer als ganze Zahl von Minuten an.",
        id="not-a-number",
    ),
    pytest.param(
        {"duration_minutes": ""},
        "duration_minutes",
        "Bitte geben Sie die Dauer in Minuten an.",
        id="no-duration",
    ),
    pytest.param(
        {"kind": "party"}, "kind", "Bitte wählen Sie eine der angebotenen Arten.", id="unknown-kind"
    ),
]


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize(("bad", "field", "message"), BAD_ITEMS)
def test_add_item_with_bad_input_shows_the_error_at_the_field_and_keeps_the_input(
    facilitator_client, workshop, abc, bad, field, message, htmx
):
    data = item_data(**{"title": "Mittagspause", "presenters": "Küche", **bad})
    response = facilitator_client.post(url(workshop, "item_add"), data, **(HTMX if htmx else {}))
    # 200 on both paths: htmx 2 would not swap a 4xx answer into the page.
    assert response.status_code == 200
    assert texts(response, f"#id_new-{field}_error") == [message]
    assert attrs(response, f"#id_new-{field}", "autofocus") == [""]
    assert attrs(response, "#id_new-presenters", "value") == ["Küche"]
    assert ("<html" in response.content.decode()) is not htmx
    assert titles(workshop) == ["Begrüßung", "Impuls", "Diskussion"]


# Editing ----------------------------------------------------------------------------------------


def test_edit_item_plain_get_shows_the_agenda_with_the_item_as_a_form(facilitator_client, workshop, abc):
    response = facilitator_client.get(url(workshop, "item_edit", pk=abc[1].pk))
    assert texts(response, ".is-editing h3") == ["„Impuls“ bearbeiten"]
    assert attrs(response, f"#id_item-{abc[1].pk}-title", "value") == ["Impuls"]
    assert texts(response, ".agenda-title") == ["Begrüßung", "„Impuls“ bearbeiten", "Diskussion"]


def test_edit_item_htmx_get_returns_only_the_items_form(facilitator_client, workshop, abc):
    response = facilitator_client.get(url(workshop, "item_edit", pk=abc[1].pk), **HTMX)
    assert attrs(response, "li", "id") == [f"item-{abc[1].pk}"]
    assert attrs(response, f"#id_item-{abc[1].pk}-duration_minutes", "value") == ["45"]
    assert attrs(response, f"#id_item-{abc[1].pk}-title", "autofocus") == [""]


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_edit_item_saves_and_the_following_times_move(facilitator_client, workshop, abc, htmx):
    data = item_data(prefix=f"item-{abc[1].pk}", title="Impulsvortrag", kind="talk", duration_minutes="60")
    response = facilitator_client.post(
        url(workshop, "item_edit", pk=abc[1].pk), data, follow=not htmx, **(HTMX if htmx else {})
    )
    assert rows(response) == ["17:00–17:15 Begrüßung", "17:15–18:15 Impulsvortrag", "18:15–18:45 Diskussion"]
    assert shown_messages(response) == ["„Impulsvortrag“ wurde gespeichert."]
    abc[1].refresh_from_db()
    assert (abc[1].title, abc[1].duration_minutes) == ("Impulsvortrag", 60)


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize(("bad", "field", "message"), BAD_ITEMS)
def test_edit_item_with_bad_input_keeps_the_form_open_with_the_error(
    facilitator_client, workshop, abc, bad, field, message, htmx
):
    prefix = f"item-{abc[1].pk}"
    data = item_data(prefix=prefix, **{"title": "Impulsvortrag", "presenters": "Dr. Roth", **bad})
    response = facilitator_client.post(
        url(workshop, "item_edit", pk=abc[1].pk), data, **(HTMX if htmx else {})
    )
    assert response.status_code == 200
    assert texts(response, f"#id_{prefix}-{field}_error") == [message]
    assert texts(response, ".is-editing h3") == ["„Impuls“ bearbeiten"]
    assert attrs(response, f"#id_{prefix}-presenters", "value") == ["Dr. Roth"]
    abc[1].refresh_from_db()
    assert (abc[1].title, abc[1].duration_minutes) == ("Impuls", 45)


def test_edit_item_of_another_workshop_is_not_found(facilitator_client, workshop, abc):
    foreign = make_item(make_workshop(), title="Fremd")
    response = facilitator_client.post(
        url(workshop, "item_edit", pk=foreign.pk), item_data(prefix=f"item-{foreign.pk}", title="Gekapert")
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.title == "Fremd"


# Deleting ---------------------------------------------------------------------------------------


def test_delete_item_plain_get_asks_for_confirmation_in_the_page(facilitator_client, workshop, abc):
    response = facilitator_client.get(url(workshop, "item_delete", pk=abc[0].pk))
    assert texts(response, ".is-confirming p") == [
        "„Begrüßung“ wirklich löschen? Der Punkt verschwindet aus der Tagesordnung; die Zeiten der folgenden Punkte rücken nach."
    ]
    assert titles(workshop) == ["Begrüßung", "Impuls", "Diskussion"]


def test_delete_item_htmx_get_returns_only_the_confirmation(facilitator_client, workshop, abc):
    response = facilitator_client.get(url(workshop, "item_delete", pk=abc[0].pk), **HTMX)
    assert attrs(response, "li", "id") == [f"item-{abc[0].pk}"]
    assert texts(response, "button") == ["Ja, löschen"]


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_delete_item_removes_it_and_the_rest_moves_up(facilitator_client, workshop, abc, htmx):
    response = facilitator_client.post(
        url(workshop, "item_delete", pk=abc[0].pk), follow=not htmx, **(HTMX if htmx else {})
    )
    assert rows(response) == ["17:00–17:45 Impuls", "17:45–18:15 Diskussion"]
    assert shown_messages(response) == ["„Begrüßung“ wurde gelöscht."]
    assert list(workshop.agenda_items.values_list("title", "position")) == [("Impuls", 1), ("Diskussion", 2)]


# Moving and reordering --------------------------------------------------------------------------


def test_move_item_plain_redirects_to_the_moved_item(facilitator_client, workshop, abc):
    response = facilitator_client.post(url(workshop, "item_move", pk=abc[2].pk), {"direction": "up"})
    assert response["Location"] == f"{url(workshop)}#item-{abc[2].pk}"
    page = facilitator_client.get(response["Location"])
    assert rows(page) == ["17:00–17:15 Begrüßung", "17:15–17:45 Diskussion", "17:45–18:30 Impuls"]
    assert shown_messages(page) == ["„Diskussion“ ist jetzt Punkt 2."]


def test_move_item_htmx_returns_new_times_and_keeps_the_button_ids(facilitator_client, workshop, abc):
    response = facilitator_client.post(
        url(workshop, "item_move", pk=abc[0].pk), {"direction": "down"}, **HTMX
    )
    assert rows(response) == ["17:00–17:45 Impuls", "17:45–18:00 Begrüßung", "18:00–18:30 Diskussion"]
    assert shown_messages(response) == ["„Begrüßung“ ist jetzt Punkt 2."]
    # htmx puts the focus back on the element with the same id: the button just pressed.
    assert attrs(response, f"#move-down-{abc[0].pk}", "aria-label") == ["„Begrüßung“ nach unten verschieben"]
    # The first item cannot move further up.
    assert attrs(response, f"#move-up-{abc[1].pk}", "disabled") == [""]


def test_move_item_with_an_unknown_direction_is_a_bad_request(facilitator_client, workshop, abc):
    response = facilitator_client.post(url(workshop, "item_move", pk=abc[0].pk), {"direction": "left"})
    assert response.status_code == 400
    assert titles(workshop) == ["Begrüßung", "Impuls", "Diskussion"]


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_reorder_saves_the_whole_order(facilitator_client, workshop, abc, htmx):
    a, b, c = (item.pk for item in abc)
    response = facilitator_client.post(
        url(workshop, "agenda_reorder"), {"ids": [c, a, b]}, follow=not htmx, **(HTMX if htmx else {})
    )
    assert rows(response) == ["17:00–17:30 Diskussion", "17:30–17:45 Begrüßung", "17:45–18:30 Impuls"]
    assert shown_messages(response) == ["Die neue Reihenfolge wurde gespeichert."]


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize(
    ("ids", "message"),
    [
        pytest.param(
            "foreign",
            "Die Reihenfolge passt nicht zur aktuellen Tagesordnung. Bitte laden Sie die Seite neu.",
            id="foreign",
        ),
        pytest.param(
            "missing",
            "Die Reihenfolge passt nicht zur aktuellen Tagesordnung. Bitte laden Sie die Seite neu.",
            id="missing",
        ),
        pytest.param(
            "twice",
            "Die Reihenfolge passt nicht zur aktuellen Tagesordnung. Bitte laden Sie die Seite neu.",
            id="twice",
        ),
        pytest.param("garbage", "Die Reihenfolge enthält eine ungültige Angabe.", id="garbage"),
        pytest.param("none", "Die neue Reihenfolge fehlt.", id="none"),
    ],
)
def test_reorder_with_a_wrong_list_is_refused_with_400_and_nothing_changes(
    facilitator_client, workshop, abc, ids, message, htmx
):
    a, b, c = (item.pk for item in abc)
    foreign = make_item(make_workshop(), title="Fremd")
    posted = {
        "foreign": [c, foreign.pk, a, b],
        "missing": [c, a],
        "twice": [c, a, a, b],
        "garbage": [c, "x", a],
        "none": [],
    }[ids]
    response = facilitator_client.post(
        url(workshop, "agenda_reorder"), {"ids": posted}, **(HTMX if htmx else {})
    )
    assert response.status_code == 400
    if htmx:
        assert response.content.decode() == message
    else:
        assert shown_messages(response) == [message]
        assert rows(response) == ["17:00–17:15 Begrüßung", "17:15–18:00 Impuls", "18:00–18:30 Diskussion"]
    assert list(workshop.agenda_items.values_list("title", "position")) == [
        ("Begrüßung", 1),
        ("Impuls", 2),
        ("Diskussion", 3),
    ]
    assert foreign.workshop.agenda_items.get().position == 1


# CSRF -------------------------------------------------------------------------------------------


@pytest.fixture
def strict_client(team):
    client = Client(enforce_csrf_checks=True)
    client.force_login(team[Role.FACILITATOR])
    return client


def test_posting_without_a_csrf_token_is_forbidden_and_saves_nothing(strict_client, workshop, abc):
    a, b, c = (item.pk for item in abc)
    assert strict_client.post(url(workshop, "item_add"), item_data(), **HTMX).status_code == 403
    assert strict_client.post(url(workshop, "agenda_reorder"), {"ids": [c, b, a]}).status_code == 403
    assert strict_client.post(url(workshop, "item_delete", pk=a)).status_code == 403
    assert titles(workshop) == ["Begrüßung", "Impuls", "Diskussion"]


def test_posting_with_a_wrong_csrf_token_is_forbidden(strict_client, workshop, abc):
    strict_client.get(url(workshop))
    response = strict_client.post(url(workshop, "item_add"), item_data(), HTTP_X_CSRFTOKEN="x" * 64, **HTMX)
    assert response.status_code == 403
    assert titles(workshop) == ["Begrüßung", "Impuls", "Diskussion"]


def test_htmx_posts_with_the_token_from_the_page_header_succeed(strict_client, workshop, abc):
    page = strict_client.get(url(workshop))
    headers = json.loads(attrs(page, "body", "hx-headers")[0])
    response = strict_client.post(
        url(workshop, "item_add"), item_data(), HTTP_X_CSRFTOKEN=headers["x-csrftoken"], **HTMX
    )
    assert response.status_code == 200
    assert titles(workshop) == ["Begrüßung", "Impuls", "Diskussion", "Pause"]


# Read-only and public agenda --------------------------------------------------------------------


def test_agenda_sheet_shows_the_programme_and_the_public_link(facilitator_client, workshop, abc):
    response = facilitator_client.get(url(workshop, "agenda_sheet"))
    assert texts(response, ".agenda-table tbody tr") == [
        "17:00–17:15 Begrüßung",
        "17:15–18:00 Impuls Dr. Roth",
        "18:00–18:30 Diskussion",
    ]
    assert attrs(response, "#share-url", "value") == [f"http://testserver/programm/{workshop.share_token}/"]


def test_public_agenda_needs_no_login_and_shows_title_date_venue_and_programme(client, workshop, abc):
    workshop.venue = "Kulturhaus Pasewalk"
    workshop.save()
    response = client.get(f"/programm/{workshop.share_token}/")
    assert response.status_code == 200
    assert texts(response, "h1") == ["Daseinsvorsorge im ländlichen Raum"]
    assert texts(response, ".facts dd") == [
        "Dienstag, 14. Mai 2030",
        "17:00 bis 19:00 Uhr",
        "Kulturhaus Pasewalk",
    ]
    assert texts(response, ".agenda-table tbody tr")[1] == "17:15–18:00 Impuls Dr. Roth"
    assert texts(response, ".tabs, #share-url, main form") == []
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_public_agenda_with_an_unknown_token_is_not_found(client, workshop):
    assert client.get("/programm/erraten/").status_code == 404


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_edit_item_over_someone_elses_change_is_refused_until_saved_again(
    facilitator_client, workshop, abc, htmx
):
    prefix = f"item-{abc[1].pk}"
    form = facilitator_client.get(url(workshop, "item_edit", pk=abc[1].pk))
    version = attrs(form, f"#id_{prefix}-version", "value")[0]
    # Meanwhile a colleague saves the same item.
    AgendaItem.objects.filter(pk=abc[1].pk).update(title="Impuls (Kollegin)", duration_minutes=50)

    mine = item_data(prefix=prefix, title="Impuls (ich)", kind="talk", duration_minutes="40", version=version)
    response = facilitator_client.post(
        url(workshop, "item_edit", pk=abc[1].pk), mine, **(HTMX if htmx else {})
    )

    assert response.status_code == 200
    assert texts(response, ".is-editing .form-errors p") == [
        "Jemand anderes hat diesen Punkt inzwischen geändert. Prüfen Sie Ihre Eingaben und speichern Sie erneut.",
        "Gespeichert ist jetzt: „Impuls (Kollegin)“, Input / Vortrag, 50 Minuten, Dr. Roth",
    ]
    assert attrs(response, f"#id_{prefix}-title", "value") == ["Impuls (ich)"]
    abc[1].refresh_from_db()
    assert (abc[1].title, abc[1].duration_minutes) == ("Impuls (Kollegin)", 50)

    # Saving again, now knowing the other change, goes through.
    mine[f"{prefix}-version"] = attrs(response, f"#id_{prefix}-version", "value")[0]
    facilitator_client.post(url(workshop, "item_edit", pk=abc[1].pk), mine, **(HTMX if htmx else {}))
    abc[1].refresh_from_db()
    assert (abc[1].title, abc[1].duration_minutes) == ("Impuls (ich)", 40)
