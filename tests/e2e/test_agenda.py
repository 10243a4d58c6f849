"""A facilitator builds an agenda in a real browser: create a workshop, add items, reorder them
by drag and drop and by keyboard, and watch the computed times follow."""

import pytest
from playwright.sync_api import expect

from tests.factories import make_user
from workshops.models import Workshop


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
