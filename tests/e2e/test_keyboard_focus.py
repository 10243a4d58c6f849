"""Keyboard focus stays with the control one used, even when htmx replaces it (static/js/focus.js)."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import joined_context
from tests.factories import add_member, make_answer, make_participant, make_question, make_user, make_workshop
from workshops.models import Role


@pytest.mark.django_db(transaction=True)
def test_voting_by_keyboard_keeps_focus_on_the_answers_buttons(live_server, new_context):
    workshop = make_workshop(organiser=make_user())
    question = make_question(workshop, voting_open=True, dots_per_participant=3, max_dots_per_answer=2)
    make_answer(question, text="Rufbus am Abend")
    participant = make_participant(workshop, display_name="Anna")
    page = joined_context(new_context, live_server, participant).new_page()
    page.goto(f"{live_server.url}/j/{workshop.join_code}/fragen/{question.pk}/punkte/")
    add = page.get_by_role("button", name="Punkt setzen „Rufbus am Abend“")
    remove = page.get_by_role("button", name="Punkt zurücknehmen „Rufbus am Abend“")

    add.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Ihre Punkte: 1")).to_be_visible()
    expect(add).to_be_focused()
    # The second dot uses up what one answer may get: "add" is disabled, focus moves on to "remove".
    page.keyboard.press("Enter")
    expect(page.get_by_text("Ihre Punkte: 2")).to_be_visible()
    expect(add).to_be_disabled()
    expect(remove).to_be_focused()


@pytest.mark.django_db(transaction=True)
def test_hiding_an_answer_by_keyboard_keeps_focus_on_its_button(live_server, page, team_login):
    facilitator = make_user("moderatorin")
    workshop = make_workshop(organiser=make_user())
    add_member(workshop, user=facilitator, role=Role.FACILITATOR)
    question = make_question(workshop)
    make_answer(question, text="Rufbus am Abend")
    team_login(page, "moderatorin")
    page.goto(f"{live_server.url}/w/{workshop.slug}/fragen/{question.pk}/")

    page.get_by_role("button", name="Ausblenden „Rufbus am Abend“").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("button", name="Einblenden „Rufbus am Abend“")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Ausblenden „Rufbus am Abend“")).to_be_focused()


@pytest.mark.django_db(transaction=True)
def test_editing_an_answer_by_keyboard_moves_focus_to_its_field_and_back(live_server, new_context):
    workshop = make_workshop(organiser=make_user())
    question = make_question(workshop)
    participant = make_participant(workshop, display_name="Anna")
    make_answer(question, participant=participant, text="Rufbus am Abend")
    page = joined_context(new_context, live_server, participant).new_page()
    page.goto(f"{live_server.url}/j/{workshop.join_code}/fragen/{question.pk}/")

    page.get_by_role("link", name="Bearbeiten „Rufbus am Abend“").focus()
    page.keyboard.press("Enter")
    field = page.locator("#own-answers").get_by_role("textbox", name="Ihre Antwort")
    expect(field).to_be_focused()
    field.fill("Rufbus auch am Wochenende")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    expect(page.get_by_role("link", name="Bearbeiten „Rufbus auch am Wochenende“")).to_be_focused()


@pytest.mark.django_db(transaction=True)
def test_answering_by_keyboard_keeps_focus_in_the_form_then_on_the_note_after_the_last_answer(
    live_server, new_context
):
    workshop = make_workshop(organiser=make_user())
    question = make_question(workshop, answers_per_participant=2)
    participant = make_participant(workshop, display_name="Anna")
    page = joined_context(new_context, live_server, participant).new_page()
    page.goto(f"{live_server.url}/j/{workshop.join_code}/fragen/{question.pk}/")
    field = page.get_by_role("textbox", name="Ihre Antwort")

    field.fill("Rufbus am Abend")
    page.get_by_role("button", name="Antwort senden").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#own-answer-list .answer-text")).to_have_text(["Rufbus am Abend"])
    expect(field).to_be_focused()  # ready for the second answer
    expect(field).to_have_value("")

    field.fill("Schulweg sicherer machen")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    done = page.locator("#answers-done")
    expect(done).to_have_text("Sie haben alle 2 Antworten geschrieben.")
    expect(done).to_be_focused()  # the form is gone; focus is not thrown to the top of the page
