"""A facilitator builds an agenda in a real browser: create a workshop, add items, reorder them
by drag and drop and by keyboard, and watch the computed times follow."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE
from tests.factories import add_member, make_item, make_user, make_workshop
from workshops.models import Workshop


def settled(page) -> None:
    """Wait until htmx has finished swapping and settling (it moves the focus while settling)."""
    page.wait_for_function(
        "!document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')"
    )


def agenda_rows(page) -> list[str]:
    """Each item as "start–end title", in the order shown."""
    items = page.locator(".agenda-item")
    return [
        f"{item.locator('.agenda-time').inner_text()} {item.locator('.agenda-title').inner_text()}"
        for item in items.all()
    ]


def add_item(page, title: str, minutes: int) -> None:
    form = page.locator("form.agenda-add")
    form.get_by_label("Titel:", exact=True).fill(title)
    form.get_by_label("Dauer (Minuten)").fill(str(minutes))
    form.get_by_role("button", name="Hinzufügen").click()
    expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()
    # The add form comes back empty with the cursor in its title, ready for the next item.
    expect(form.get_by_label("Titel:", exact=True)).to_be_focused()
    settled(page)


@pytest.mark.django_db(transaction=True)
def test_agenda_builder_reorders_by_drag_and_by_keyboard_and_the_times_follow(live_server, page, team_login):
    make_user("moderatorin")
    team_login(page, "moderatorin")

    page.get_by_role("link", name="Neuer Workshop").click()
    page.get_by_label("Titel:", exact=True).fill("Mobilität im ländlichen Raum")
    page.get_by_label("Datum").fill("2030-05-14")
    page.get_by_label("Beginn").fill("17:00")
    page.get_by_label("Geplantes Ende").fill("18:00")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("heading", name="Tagesordnung", level=1)).to_be_visible()
    workshop = Workshop.objects.get(title="Mobilität im ländlichen Raum")
    assert page.url == f"{live_server.url}/w/{workshop.slug}/agenda/"

    add_item(page, "Begrüßung", 15)
    add_item(page, "Impulsvortrag", 45)
    add_item(page, "Diskussion", 30)
    assert agenda_rows(page) == [
        "17:00–17:15 Begrüßung",
        "17:15–18:00 Impulsvortrag",
        "18:00–18:30 Diskussion",
    ]
    expect(page.get_by_role("alert")).to_have_text(
        "Die Tagesordnung ist zu lang. Sie überzieht das geplante Ende um 30 Minuten."
    )

    # Drag "Diskussion" by its handle onto the top edge of the first item.
    discussion = page.locator(".agenda-item", has=page.get_by_role("heading", name="Diskussion"))
    first = page.locator(".agenda-item").first
    discussion.locator(".drag-handle").drag_to(
        first.locator(".drag-handle"), target_position={"x": 10, "y": 3}
    )
    expect(page.locator(".agenda-item .agenda-time").first).to_have_text("17:00–17:30")
    assert agenda_rows(page) == [
        "17:00–17:30 Diskussion",
        "17:30–17:45 Begrüßung",
        "17:45–18:30 Impulsvortrag",
    ]
    expect(page.get_by_role("status").first).to_have_text("Die neue Reihenfolge wurde gespeichert.")

    # Move "Impulsvortrag" up with the keyboard; the focus stays on its button.
    move_up = page.get_by_role("button", name="„Impulsvortrag“ nach oben verschieben")
    move_up.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".agenda-item .agenda-title").nth(1)).to_have_text("Impulsvortrag")
    assert agenda_rows(page) == [
        "17:00–17:30 Diskussion",
        "17:30–18:15 Impulsvortrag",
        "18:15–18:30 Begrüßung",
    ]
    expect(move_up).to_be_focused()
    expect(page.get_by_role("status").first).to_have_text("„Impulsvortrag“ ist jetzt Punkt 2.")

    # Saved, not just shown: a reload gives the same order.
    page.reload()
    assert [row.split(" ", 1)[1] for row in agenda_rows(page)] == ["Diskussion", "Impulsvortrag", "Begrüßung"]
    assert list(workshop.agenda_items.values_list("title", "position")) == [
        ("Diskussion", 1),
        ("Impulsvortrag", 2),
        ("Begrüßung", 3),
    ]


@pytest.fixture
def small_agenda(db):
    user = make_user("moderator")
    workshop = make_workshop(title="Pflege im Alter", start_time="09:00", planned_end_time="10:00")
    add_member(workshop, user)
    for title, minutes in [("Begrüßung", 10), ("Vortrag", 30), ("Fazit", 20)]:
        make_item(workshop, title=title, duration_minutes=minutes)
    return workshop


@pytest.mark.django_db(transaction=True)
def test_inline_edit_and_delete_keep_the_keyboard_focus_in_place(live_server, page, team_login, small_agenda):
    team_login(page, "moderator")
    page.goto(f"{live_server.url}/w/{small_agenda.slug}/agenda/")

    # Moving the second item to the top disables its "up" button: the focus goes to "down".
    page.get_by_role("button", name="„Vortrag“ nach oben verschieben").click()
    expect(page.get_by_role("button", name="„Vortrag“ nach unten verschieben")).to_be_focused()

    # Edit inline: a bad duration keeps the form open with the message, the field focused.
    page.get_by_role("link", name="Bearbeiten: Fazit").click()
    edit_form = page.locator(".is-editing")
    expect(edit_form.get_by_label("Titel:")).to_be_focused()
    settled(page)
    edit_form.get_by_label("Dauer (Minuten):").fill("0")
    edit_form.get_by_role("button", name="Speichern").click()
    expect(edit_form.get_by_text("Die Dauer muss mindestens 1 Minute betragen.")).to_be_visible()
    expect(edit_form.get_by_label("Dauer (Minuten):")).to_be_focused()
    settled(page)
    edit_form.get_by_label("Dauer (Minuten):").fill("25")
    edit_form.get_by_role("button", name="Speichern").click()
    expect(page.locator(".agenda-item .agenda-time").last).to_have_text("09:40–10:05")
    expect(page.get_by_role("link", name="Bearbeiten: Fazit")).to_be_focused()
    expect(page.get_by_role("alert")).to_have_text(
        "Die Tagesordnung ist zu lang. Sie überzieht das geplante Ende um 5 Minuten."
    )

    # Delete asks first, inline; confirming removes the item and the times close up.
    page.get_by_role("link", name="Löschen: Vortrag").click()
    expect(page.get_by_role("button", name="Ja, löschen")).to_be_focused()
    settled(page)
    page.keyboard.press("Enter")
    expect(page.locator(".agenda-item")).to_have_count(2)
    assert agenda_rows(page) == ["09:00–09:10 Begrüßung", "09:10–09:35 Fazit"]
    expect(page.get_by_role("heading", name="Tagesordnung", level=1)).to_be_focused()
    expect(page.get_by_role("status").first).to_have_text("„Vortrag“ wurde gelöscht.")


@pytest.mark.django_db(transaction=True)
def test_the_agenda_builder_works_without_javascript(live_server, new_context, team_login, small_agenda):
    page = new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900}).new_page()
    team_login(page, "moderator")
    page.goto(f"{live_server.url}/w/{small_agenda.slug}/agenda/")
    expect(page.locator(".drag-handle").first).to_be_hidden()

    form = page.locator("form.agenda-add")
    form.get_by_label("Titel:", exact=True).fill("Pause")
    form.get_by_label("Dauer (Minuten):").fill("15")
    form.get_by_role("button", name="Hinzufügen").click()
    expect(page.get_by_role("status").first).to_have_text("„Pause“ wurde hinzugefügt.")

    page.get_by_role("button", name="„Pause“ nach oben verschieben").click()
    assert agenda_rows(page) == [
        "09:00–09:10 Begrüßung",
        "09:10–09:40 Vortrag",
        "09:40–09:55 Pause",
        "09:55–10:15 Fazit",
    ]

    page.get_by_role("link", name="Löschen: Vortrag").click()
    page.get_by_role("button", name="Ja, löschen").click()
    expect(page.get_by_role("status").first).to_have_text("„Vortrag“ wurde gelöscht.")
    assert agenda_rows(page) == ["09:00–09:10 Begrüßung", "09:10–09:25 Pause", "09:25–09:45 Fazit"]


@pytest.mark.django_db(transaction=True)
def test_organiser_manages_the_team_without_reloading(live_server, page, team_login):
    organiser = make_user("veranstalterin")
    make_user("kollege")
    workshop = make_workshop(title="Breitband im Landkreis", organiser=organiser)
    team_login(page, "veranstalterin")
    page.goto(f"{live_server.url}/w/{workshop.slug}/team/")

    page.get_by_label("Benutzername:").fill("kollege")
    page.get_by_label("Rolle:", exact=True).select_option(label="Protokoll")
    page.get_by_role("button", name="Hinzufügen").click()
    expect(page.get_by_role("status").first).to_have_text("kollege gehört jetzt zum Team (Protokoll).")

    page.get_by_label("Rolle von kollege").select_option(label="Moderation")
    page.get_by_role("button", name="Rolle ändern: kollege").click()
    expect(page.get_by_role("status").first).to_have_text("kollege hat jetzt die Rolle Moderation.")
    expect(page.get_by_label("Rolle von kollege")).to_be_focused()

    page.get_by_role("button", name="Entfernen: veranstalterin").click()
    expect(page.get_by_role("status").first).to_have_text(
        "Ein Workshop braucht mindestens eine Person in der Rolle Veranstalter."
    )
    assert sorted(workshop.memberships.values_list("user__username", "role")) == [
        ("kollege", "facilitator"),
        ("veranstalterin", "organiser"),
    ]


@pytest.mark.django_db(transaction=True)
def test_a_drop_on_a_stale_agenda_is_refused_and_the_saved_agenda_comes_back(
    live_server, page, team_login, small_agenda, browser_errors
):
    team_login(page, "moderator")
    page.goto(f"{live_server.url}/w/{small_agenda.slug}/agenda/")
    # Meanwhile another facilitator adds an item: this page's order no longer names every item.
    make_item(small_agenda, title="Pause", duration_minutes=10)

    fazit = page.locator(".agenda-item", has=page.get_by_role("heading", name="Fazit"))
    fazit.locator(".drag-handle").drag_to(
        page.locator(".agenda-item").first.locator(".drag-handle"), target_position={"x": 10, "y": 3}
    )

    expect(page.get_by_role("status").first).to_have_text(
        "Die Reihenfolge passt nicht zur aktuellen Tagesordnung. Bitte laden Sie die Seite neu."
    )
    expect(page.locator(".agenda-item")).to_have_count(4)
    assert agenda_rows(page) == [
        "09:00–09:10 Begrüßung",
        "09:10–09:40 Vortrag",
        "09:40–10:00 Fazit",
        "10:00–10:10 Pause",
    ]
    # Chromium logs every 4xx answer to fetch; here the 400 is the expected refusal.
    assert browser_errors == [
        "console: Failed to load resource: the server responded with a status of 400 (Bad Request)"
    ]
    browser_errors.clear()


@pytest.mark.django_db(transaction=True)
def test_drag_and_drop_works_with_a_finger_on_a_phone(live_server, new_context, team_login, small_agenda):
    page = new_context(**PHONE).new_page()
    team_login(page, "moderator")
    page.goto(f"{live_server.url}/w/{small_agenda.slug}/agenda/")
    page.locator(".agenda-list").evaluate("list => list.scrollIntoView()")  # touches must hit the screen
    source = page.locator(".agenda-item").nth(2).locator(".drag-handle").bounding_box()
    target = page.locator(".agenda-item").first.locator(".drag-handle").bounding_box()

    # Playwright's touchscreen only taps; a touch drag goes through the DevTools protocol.
    cdp = page.context.new_cdp_session(page)
    x, start, end = source["x"] + 8, source["y"] + source["height"] / 2, target["y"] + 4
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": start}]})
    for step in range(1, 11):
        y = start + (end - start) * step / 10
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})

    expect(page.locator(".agenda-item .agenda-time").first).to_have_text("09:00–09:20")
    assert agenda_rows(page) == ["09:00–09:20 Fazit", "09:20–09:30 Begrüßung", "09:30–10:00 Vortrag"]
