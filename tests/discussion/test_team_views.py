import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from discussion import services
from discussion.models import Answer, GuidingQuestion, Note, NoteVersion, Theme
from tests.factories import make_answer, make_item, make_question, make_workshop
from workshops.models import Role

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def facilitator(team):
    client = Client()
    client.force_login(team[Role.FACILITATOR])
    return client


@pytest.fixture
def note_taker(team):
    client = Client()
    client.force_login(team[Role.NOTE_TAKER])
    return client


def team_url(name, workshop, **kwargs):
    return reverse(f"discussion:{name}", kwargs={"slug": workshop.slug, **kwargs})


def flash(html: str) -> str:
    return re.search(r'<p class="message[^"]*" role="status">(.*?)</p>', html).group(1)


def test_question_create_plain_makes_a_draft(facilitator, workshop):
    item = make_item(workshop, title="Diskussion")
    response = facilitator.post(
        team_url("question_create", workshop),
        {
            "text": "  Was braucht die Region?  ",
            "agenda_item": item.pk,
            "fields_of_work": ["mobilitaet", "gesundheit"],
            "visibility": "participants",
            "anonymous": "on",
            "answers_per_participant": 3,
            "max_dots_per_answer": 2,
        },
    )
    question = GuidingQuestion.objects.get()
    assert response["Location"] == team_url("moderation", workshop, pk=question.pk)
    assert (question.text, question.status, question.agenda_item, question.fields_of_work) == (
        "Was braucht die Region?",
        "draft",
        item,
        ["mobilitaet", "gesundheit"],
    )


def test_question_create_with_a_foreign_agenda_item_is_refused(facilitator, workshop):
    foreign = make_item(make_workshop())
    response = facilitator.post(
        team_url("question_create", workshop),
        {
            "text": "Frage?",
            "agenda_item": foreign.pk,
            "visibility": "participants",
            "answers_per_participant": 3,
            "max_dots_per_answer": 2,
        },
    )
    assert response.status_code == 200
    assert "Bitte eine gültige Auswahl treffen. Dies ist keine gültige Auswahl." in response.content.decode()
    assert GuidingQuestion.objects.count() == 0


def test_question_edit_changes_settings_and_bumps_revision(facilitator, question):
    response = facilitator.post(
        team_url("question_edit", question.workshop, pk=question.pk),
        {
            "text": "Neu?",
            "visibility": "team",
            "answers_per_participant": 1,
            "dots_per_participant": 5,
            "max_dots_per_answer": 1,
        },
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert (
        question.text,
        question.visibility,
        question.anonymous,
        question.dots_per_participant,
        question.revision,
    ) == (
        "Neu?",
        "team",
        False,
        5,
        1,
    )


@pytest.mark.parametrize("htmx", [False, True])
def test_question_status_opens_and_closes(facilitator, workshop, htmx):
    question = make_question(workshop, status=GuidingQuestion.Status.DRAFT)
    headers = HTMX if htmx else {}
    response = facilitator.post(
        team_url("question_status", workshop, pk=question.pk), {"status": "open"}, **headers
    )
    question.refresh_from_db()
    assert question.status == "open"
    if htmx:
        assert (
            flash(response.content.decode()) == "Die Leitfrage ist geöffnet: Teilnehmende können antworten."
        )
    else:
        assert response["Location"] == team_url("moderation", workshop, pk=question.pk)


@pytest.mark.parametrize("htmx", [False, True])
def test_hide_and_unhide_answer(facilitator, question, htmx):
    answer = make_answer(question, text="Unpassend")
    headers = HTMX if htmx else {}
    flag_url = team_url("answer_flag", question.workshop, pk=answer.pk)
    response = facilitator.post(flag_url, {"action": "hide"}, **headers)
    answer.refresh_from_db()
    assert answer.hidden is True
    if htmx:
        html = response.content.decode()
        assert flash(html) == "Die Antwort ist ausgeblendet."
        assert 'class="mod-answer is-hidden"' in html
    else:
        assert response.status_code == 302
    facilitator.post(flag_url, {"action": "unhide"}, **headers)
    answer.refresh_from_db()
    assert (answer.hidden, Answer.objects.count()) == (False, 1)


@pytest.mark.parametrize("htmx", [False, True])
def test_highlight_answer(facilitator, question, htmx):
    answer = make_answer(question)
    facilitator.post(
        team_url("answer_flag", question.workshop, pk=answer.pk),
        {"action": "highlight"},
        **(HTMX if htmx else {}),
    )
    answer.refresh_from_db()
    assert answer.highlighted is True


@pytest.mark.parametrize("htmx", [False, True])
def test_card_answer_is_added_on_behalf(facilitator, question, htmx):
    response = facilitator.post(
        team_url("card_answer", question.workshop, pk=question.pk),
        {"text": "Bürgerbus ausbauen", "card_author": "Frau Lange"},
        **(HTMX if htmx else {}),
    )
    assert list(Answer.objects.values_list("text", "card_author", "participant")) == [
        ("Bürgerbus ausbauen", "Frau Lange", None)
    ]
    if htmx:
        assert flash(response.content.decode()) == "Die Karte wurde übernommen."


@pytest.mark.parametrize("htmx", [False, True])
def test_card_answer_overlong_keeps_the_text(facilitator, question, htmx):
    text = "b" * 501
    response = facilitator.post(
        team_url("card_answer", question.workshop, pk=question.pk), {"text": text}, **(HTMX if htmx else {})
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Eine Antwort darf höchstens 500 Zeichen lang sein (jetzt: 501)." in html
    assert text in html
    assert Answer.objects.count() == 0


@pytest.mark.parametrize("htmx", [False, True])
def test_theme_create_rename_merge(facilitator, question, htmx):
    headers = HTMX if htmx else {}
    workshop = question.workshop
    facilitator.post(team_url("theme_create", workshop, pk=question.pk), {"name": "Mobilität"}, **headers)
    facilitator.post(team_url("theme_create", workshop, pk=question.pk), {"name": "ÖPNV"}, **headers)
    mobility, transport = Theme.objects.order_by("pk")
    facilitator.post(
        team_url("theme_rename", workshop, pk=mobility.pk), {"name": "Mobilität im Alltag"}, **headers
    )
    answer = make_answer(question, theme=mobility)
    response = facilitator.post(
        team_url("theme_merge", workshop, pk=mobility.pk), {"target": transport.pk}, **headers
    )
    answer.refresh_from_db()
    assert list(Theme.objects.values_list("name", flat=True)) == ["ÖPNV"]
    assert answer.theme == transport
    if htmx:
        assert flash(response.content.decode()) == "Die Themen wurden zu „ÖPNV“ zusammengeführt."


def test_theme_create_without_name_shows_the_error(facilitator, question):
    response = facilitator.post(
        team_url("theme_create", question.workshop, pk=question.pk), {"name": ""}, **HTMX
    )
    assert "Bitte geben Sie dem Thema einen Namen." in response.content.decode()
    assert Theme.objects.count() == 0


@pytest.mark.parametrize("htmx", [False, True])
def test_answer_theme_by_select(facilitator, question, htmx):
    theme = services.create_theme(question=question, name="Gesundheit")
    answer = make_answer(question)
    headers = HTMX if htmx else {}
    facilitator.post(
        team_url("answer_theme", question.workshop, pk=answer.pk), {"theme": theme.pk}, **headers
    )
    answer.refresh_from_db()
    assert answer.theme == theme
    facilitator.post(team_url("answer_theme", question.workshop, pk=answer.pk), {"theme": ""}, **headers)
    answer.refresh_from_db()
    assert answer.theme is None


def test_answer_theme_from_another_question_is_refused(facilitator, question):
    other_theme = services.create_theme(question=make_question(question.workshop), name="Fremd")
    answer = make_answer(question)
    response = facilitator.post(
        team_url("answer_theme", question.workshop, pk=answer.pk), {"theme": other_theme.pk}, **HTMX
    )
    assert flash(response.content.decode()) == "Dieses Thema gibt es bei dieser Leitfrage nicht."
    answer.refresh_from_db()
    assert answer.theme is None


def test_moderating_another_workshops_answer_is_not_found(facilitator, workshop):
    foreign = make_answer(make_question(make_workshop()))
    response = facilitator.post(team_url("answer_flag", workshop, pk=foreign.pk), {"action": "hide"})
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.hidden is False


@pytest.mark.parametrize("htmx", [False, True])
def test_voting_start_reveal_stop(facilitator, question, htmx):
    for _ in range(4):
        make_answer(question)
    headers = HTMX if htmx else {}
    voting_url = team_url("voting", question.workshop, pk=question.pk)
    facilitator.post(voting_url, {"action": "start"}, **headers)
    facilitator.post(voting_url, {"action": "reveal"}, **headers)
    question.refresh_from_db()
    assert (question.voting_open, question.results_revealed, question.dots_per_participant) == (True, True, 3)
    facilitator.post(voting_url, {"action": "stop"}, **headers)
    facilitator.post(voting_url, {"action": "conceal"}, **headers)
    question.refresh_from_db()
    assert (question.voting_open, question.results_revealed) == (False, False)


def test_moderation_poll_reports_changes_without_replacing_the_board(facilitator, question):
    poll = team_url("moderation_poll", question.workshop, pk=question.pk)
    assert facilitator.get(poll, {"rev": 0}, **HTMX).status_code == 204
    services.add_card_answer(question=question, text="Neu")
    html = facilitator.get(poll, {"rev": 0}, **HTMX).content.decode()
    assert "Es sind neue Antworten oder Änderungen eingegangen." in html
    assert "hx-trigger" not in html


def test_presentation_shows_question_join_code_qr_and_answers(facilitator, question):
    services.add_card_answer(question=question, text="Auf dem Beamer")
    html = facilitator.get(team_url("presentation", question.workshop, pk=question.pk)).content.decode()
    assert f"<strong>{question.workshop.join_code}</strong>" in html
    assert f"http://testserver/j/{question.workshop.join_code}/" in html
    assert "<svg" in html and "QR-Code zum Beitreten" in html
    assert "Auf dem Beamer" in html


def test_projector_shows_answers_of_a_team_only_question_and_dots_when_revealed(
    facilitator, workshop, participant
):
    question = make_question(
        workshop, visibility=GuidingQuestion.Visibility.TEAM, dots_per_participant=2, voting_open=True
    )
    answer = services.add_card_answer(question=question, text="Nur Team")
    services.add_vote(answer=answer, participant=participant)
    poll = team_url("projector_poll", workshop, pk=question.pk)
    html = facilitator.get(poll, {"rev": 0}, **HTMX).content.decode()
    assert "Nur Team" in html
    assert "1 Punkt" not in html
    services.set_results_revealed(question=question, revealed=True)
    html = facilitator.get(poll, {"rev": 0}, **HTMX).content.decode()
    assert '<p class="answer-dots">1 Punkt</p>' in html


def test_ranking_lists_answers_by_dots(note_taker, workshop, participant):
    question = make_question(workshop, dots_per_participant=3, voting_open=True)
    low, high = make_answer(question, text="Wenig"), make_answer(question, text="Viel")
    for answer in (high, high, low):
        services.add_vote(answer=answer, participant=participant)
    html = note_taker.get(team_url("ranking", workshop, pk=question.pk)).content.decode()
    rows = re.findall(r"<tr><td>(\d+)</td><td>(.*?)</td><td>.*?</td><td>(\d+)</td></tr>", html)
    assert rows == [("1", "Viel", "2"), ("2", "Wenig", "1")]
    assert "1 Person hat abgestimmt." in html


@pytest.mark.parametrize("htmx", [False, True])
def test_cockpit_moves_through_the_agenda(facilitator, workshop, htmx):
    first, second = (
        make_item(workshop, title="Begrüßung", duration_minutes=15),
        make_item(workshop, title="Diskussion"),
    )
    headers = HTMX if htmx else {}
    move = team_url("cockpit_move", workshop)
    facilitator.post(move, {"action": "next"}, **headers)
    workshop.refresh_from_db()
    assert workshop.current_item == first
    response = facilitator.post(move, {"action": "next"}, **headers)
    workshop.refresh_from_db()
    assert workshop.current_item == second
    if htmx:
        assert '<p class="now-title">Diskussion</p>' in response.content.decode()
    facilitator.post(move, {"action": "start", "item": first.pk}, **headers)
    workshop.refresh_from_db()
    assert workshop.current_item == first
    facilitator.post(move, {"action": "end"}, **headers)
    workshop.refresh_from_db()
    assert (workshop.current_item, workshop.current_item_started_at) == (None, None)


def test_cockpit_start_of_a_foreign_item_is_not_found(facilitator, workshop):
    foreign = make_item(make_workshop())
    response = facilitator.post(team_url("cockpit_move", workshop), {"action": "start", "item": foreign.pk})
    assert response.status_code == 404


def test_cockpit_shows_countdown_participants_and_open_questions(
    facilitator, workshop, question, participant
):
    item = make_item(workshop, title="Diskussion", duration_minutes=45)
    services.set_current_item(workshop=workshop, item=item)
    services.add_card_answer(question=question, text="Eins")
    html = facilitator.get(team_url("cockpit", workshop)).content.decode()
    workshop.refresh_from_db()
    ends_at = workshop.current_item_started_at.replace(microsecond=0)
    assert 'data-ends-at="' + (ends_at + dt.timedelta(minutes=45)).isoformat() + '"' in html
    assert "noch 45 Minuten" in html
    assert '<p class="big-number">1</p>' in html
    assert "1 Antwort" in html


def note_url(workshop, item):
    return team_url("note_edit", workshop, item_pk=item.pk)


def test_note_autosave_htmx_returns_only_the_meta_with_new_version(note_taker, workshop):
    item = make_item(workshop)
    response = note_taker.post(note_url(workshop, item), {"text": "Erste Notiz", "version": 0}, **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="note-meta">')
    assert '<input type="hidden" name="version" value="1" id="id_version">' in html
    assert "<textarea" not in html
    assert Note.objects.get().text == "Erste Notiz"


def test_note_plain_save_redirects_with_message(note_taker, workshop):
    item = make_item(workshop)
    response = note_taker.post(note_url(workshop, item), {"text": "Notiz", "version": 0})
    assert response["Location"] == note_url(workshop, item)
    assert "Die Notiz wurde gespeichert." in note_taker.get(response["Location"]).content.decode()


def test_note_conflict_shows_both_texts_and_saves_nothing(note_taker, facilitator, workshop):
    item = make_item(workshop)
    note_taker.post(note_url(workshop, item), {"text": "Von Protokoll", "version": 0}, **HTMX)
    response = facilitator.post(note_url(workshop, item), {"text": "Von Moderation", "version": 0}, **HTMX)
    html = response.content.decode()
    assert "Konflikt: Jemand anderes hat diese Notiz inzwischen gespeichert" in html
    assert "<p>Von Protokoll</p>" in html
    assert '<button type="submit" name="overwrite" value="1">' in html
    assert Note.objects.get().text == "Von Protokoll"
    plain = facilitator.post(note_url(workshop, item), {"text": "Von Moderation", "version": 0})
    assert plain.status_code == 409
    assert "Von Moderation</textarea>" in plain.content.decode()
    facilitator.post(
        note_url(workshop, item), {"text": "Von Moderation", "version": 0, "overwrite": 1}, **HTMX
    )
    assert Note.objects.get().text == "Von Moderation"
    assert list(NoteVersion.objects.values_list("version", "text")) == [
        (2, "Von Moderation"),
        (1, "Von Protokoll"),
    ]


def test_note_page_renders_sanitised_preview_and_versions(note_taker, workshop):
    item = make_item(workshop)
    note_taker.post(note_url(workshop, item), {"text": "**Wichtig** <script>alert(1)</script>", "version": 0})
    html = note_taker.get(note_url(workshop, item)).content.decode()
    assert "<p><strong>Wichtig</strong> </p>" in html
    assert "<script>alert(1)</script>" not in html
    assert "Fassung 1 ·" in html


def test_notes_of_another_workshops_item_are_not_found(note_taker, workshop):
    foreign = make_item(make_workshop())
    assert note_taker.post(note_url(workshop, foreign), {"text": "x", "version": 0}).status_code == 404


def test_cockpit_shows_how_far_behind_schedule_the_running_item_started(facilitator, workshop):
    make_item(workshop, title="Begrüßung", duration_minutes=15)
    discussion = make_item(workshop, title="Diskussion", duration_minutes=60)
    services.set_current_item(workshop=workshop, item=discussion)
    started = timezone.localtime(workshop.current_item_started_at)
    planned_start = (
        dt.datetime.combine(started.date(), workshop.start_time) + dt.timedelta(minutes=15)
    ).time()
    workshop.current_item_started_at = timezone.make_aware(
        dt.datetime.combine(started.date(), planned_start) + dt.timedelta(minutes=12)
    )
    workshop.save()
    html = facilitator.get(team_url("cockpit", workshop)).content.decode()
    assert '<p class="schedule-drift">12 Minuten hinter dem Zeitplan</p>' in html


def test_presentation_shows_the_running_item_with_its_countdown(facilitator, question):
    item = make_item(question.workshop, title="Diskussion", duration_minutes=30)
    services.set_current_item(workshop=question.workshop, item=item)
    html = facilitator.get(team_url("presentation", question.workshop, pk=question.pk)).content.decode()
    assert '<p class="now-title">Diskussion</p>' in html
    assert "noch 30 Minuten" in html


def test_cockpit_without_javascript_says_what_runs_now(facilitator, workshop):
    make_item(workshop, title="Begrüßung")
    move = team_url("cockpit_move", workshop)
    response = facilitator.post(move, {"action": "next"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Jetzt läuft: Begrüßung"]
    response = facilitator.post(move, {"action": "end"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Der Live-Ablauf ist beendet."]


def test_cockpit_offers_previous_and_start_only_where_they_make_sense(facilitator, workshop):
    first, second = make_item(workshop, title="Begrüßung"), make_item(workshop, title="Diskussion")
    move = team_url("cockpit_move", workshop)
    start_buttons = re.compile(r'name="item" value="(\d+)"')

    facilitator.post(move, {"action": "next"})
    html = facilitator.get(team_url("cockpit", workshop)).content.decode()
    assert ">Vorheriger Punkt</button>" not in html
    assert start_buttons.findall(html) == [str(second.pk)]

    facilitator.post(move, {"action": "next"})
    html = facilitator.get(team_url("cockpit", workshop)).content.decode()
    assert ">Vorheriger Punkt</button>" in html
    assert start_buttons.findall(html) == [str(first.pk)]
