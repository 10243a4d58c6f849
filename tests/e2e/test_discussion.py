"""The live discussion in real browsers: a facilitator and two participants on phones."""

import pytest
from playwright.sync_api import expect

from discussion import services
from discussion.models import GuidingQuestion
from tests.e2e.conftest import joined_context
from tests.factories import add_member, make_participant, make_question, make_user, make_workshop
from workshops.models import Role


def participant_page(new_context, live_server, participant, path):
    """A phone whose session is bound to ``participant``, as joining would do."""
    page = joined_context(new_context, live_server, participant).new_page()
    page.goto(f"{live_server.url}{path}")
    return page


@pytest.mark.django_db(transaction=True)
def test_live_discussion_with_two_participants(live_server, new_context, team_login, settings):
    settings.WERKSTATT_LIVE_LAG_SECONDS = 1  # as in production: walls may lag a second
    facilitator = make_user("moderatorin")
    workshop = make_workshop(organiser=make_user())
    add_member(workshop, user=facilitator, role=Role.FACILITATOR)
    question = make_question(workshop, text="Was brauchen die Dörfer?", status=GuidingQuestion.Status.DRAFT)
    anna, ben = (
        make_participant(workshop, display_name="Anna"),
        make_participant(workshop, display_name="Ben"),
    )
    question_path = f"/j/{workshop.join_code}/fragen/{question.pk}/"

    # The team opens the question.
    team = new_context(viewport={"width": 1280, "height": 900}).new_page()
    team_login(team, "moderatorin")
    team.goto(f"{live_server.url}/w/{workshop.slug}/fragen/{question.pk}/")
    team.get_by_role("button", name="Leitfrage öffnen").click()
    expect(team.get_by_role("status").filter(has_text="Die Leitfrage ist geöffnet")).to_be_visible()

    # Two participants on their phones answer; each sees the other's answer without a reload.
    anna_page = participant_page(new_context, live_server, anna, question_path)
    ben_page = participant_page(new_context, live_server, ben, question_path)
    anna_page.get_by_role("textbox", name="Ihre Antwort").fill("Ein Rufbus am Abend")
    anna_page.get_by_role("button", name="Antwort senden").click()
    expect(anna_page.locator("#own-answers")).to_contain_text("Ein Rufbus am Abend")
    expect(ben_page.locator("#wall")).to_contain_text("Ein Rufbus am Abend")
    ben_page.get_by_role("textbox", name="Ihre Antwort").fill("Eine Hausarztpraxis im Dorf")
    ben_page.get_by_role("button", name="Antwort senden").click()
    expect(anna_page.locator("#wall")).to_contain_text("Eine Hausarztpraxis im Dorf")

    # Anna starts typing; several live updates arrive; her half-typed text and focus stay.
    field = anna_page.get_by_role("textbox", name="Ihre Antwort")
    field.click()
    field.press_sequentially("Ein Dorfladen mit ")
    for n in range(3):
        services.add_card_answer(question=question, text=f"Karte {n}")
        expect(anna_page.locator("#wall")).to_contain_text(f"Karte {n}")
    expect(field).to_have_value("Ein Dorfladen mit ")
    expect(field).to_be_focused()
    # The updates came as increments, each answer exactly once, in order.
    expect(anna_page.locator("#wall .answer-text")).to_have_text(
        ["Ein Rufbus am Abend", "Eine Hausarztpraxis im Dorf", "Karte 0", "Karte 1", "Karte 2"]
    )
    field.press_sequentially("Café")
    expect(field).to_have_value("Ein Dorfladen mit Café")
    expect(anna_page.locator("#wall-announcement")).to_have_text("1 neue Antwort")

    # The team hides Ben's answer: it vanishes from the participants' walls.
    team.reload()
    team.get_by_role("button", name="Ausblenden „Eine Hausarztpraxis im Dorf“").click()
    expect(team.get_by_role("status").filter(has_text="Die Antwort ist ausgeblendet.")).to_be_visible()
    expect(anna_page.locator("#wall")).not_to_contain_text("Eine Hausarztpraxis im Dorf")
    expect(ben_page.locator("#wall")).not_to_contain_text("Eine Hausarztpraxis im Dorf")
    expect(field).to_have_value("Ein Dorfladen mit Café")

    # The projector shows the visible answers with the join code (and no CSP violation).
    team.goto(f"{live_server.url}/w/{workshop.slug}/fragen/{question.pk}/praesentation/")
    expect(team.get_by_role("heading", level=1)).to_have_text("Was brauchen die Dörfer?")
    expect(team.locator("#wall")).to_contain_text("Ein Rufbus am Abend")
    expect(team.locator("#wall")).not_to_contain_text("Eine Hausarztpraxis im Dorf")
    expect(team.get_by_text(workshop.join_code, exact=True)).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_notes_save_while_typing_and_report_a_conflict(live_server, new_context, team_login):
    workshop = make_workshop(organiser=make_user())
    for username in ("protokoll", "moderation"):
        add_member(workshop, user=make_user(username), role=Role.NOTE_TAKER)
    item = workshop.agenda_items.create(position=1, title="Diskussion", duration_minutes=60)
    note_url = f"{live_server.url}/w/{workshop.slug}/notizen/{item.pk}/"
    pages = {}
    for username in ("protokoll", "moderation"):
        page = new_context(viewport={"width": 1280, "height": 900}).new_page()
        team_login(page, username)
        page.goto(note_url)
        pages[username] = page

    notes = pages["protokoll"].get_by_role("textbox", name="Notizen")
    notes.click()
    notes.press_sequentially("- Rufbus prüfen")
    expect(pages["protokoll"].get_by_role("status").filter(has_text="Gespeichert (Fassung 1")).to_be_visible()
    notes.press_sequentially("\n- Praxis suchen")
    expect(pages["protokoll"].get_by_role("status").filter(has_text="Gespeichert (Fassung 2")).to_be_visible()
    expect(notes).to_have_value("- Rufbus prüfen\n- Praxis suchen")
    expect(notes).to_be_focused()

    # The second note-taker loaded version 0: their save is a conflict showing the other text.
    other = pages["moderation"].get_by_role("textbox", name="Notizen")
    other.fill("Meine Fassung")
    alert = pages["moderation"].get_by_role("alert")
    expect(alert).to_contain_text("Konflikt")
    expect(alert).to_contain_text("Praxis suchen")
    expect(other).to_have_value("Meine Fassung")
    pages["moderation"].get_by_role("button", name="Meine Fassung speichern (ersetzt die andere)").click()
    expect(
        pages["moderation"].get_by_role("status").filter(has_text="Gespeichert (Fassung 3")
    ).to_be_visible()
