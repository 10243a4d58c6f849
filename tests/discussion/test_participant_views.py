import re

import pytest
from django.urls import reverse

from discussion import services
from discussion.models import Answer, GuidingQuestion, Vote
from tests.conftest import login_participant
from tests.factories import make_answer, make_participant, make_question, make_workshop

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name, workshop, pk):
    return reverse(f"discussion:{name}", kwargs={"code": workshop.join_code, "pk": pk})


def texts_in(html: str, css_class: str) -> list[str]:
    return [m.strip() for m in re.findall(rf'<p class="{css_class}">(.*?)</p>', html, flags=re.S)]


def test_question_page_shows_form_own_answers_and_wall(participant_client, question, participant):
    make_answer(question, participant=participant, text="Meine Idee")
    make_answer(question, text="Von der Karte")
    response = participant_client.get(url("participant_question", question.workshop, question.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="answer-form"' in html
    assert texts_in(html, "answer-text") == ["Meine Idee", "Meine Idee", "Von der Karte"]


def test_draft_question_is_not_found_for_participants(participant_client, workshop):
    draft = make_question(workshop, status=GuidingQuestion.Status.DRAFT)
    assert participant_client.get(url("participant_question", workshop, draft.pk)).status_code == 404


def test_answer_create_plain_redirects_with_message(participant_client, question, participant):
    response = participant_client.post(
        url("answer_create", question.workshop, question.pk), {"text": "Rufbus"}
    )
    assert response.status_code == 302
    assert response["Location"] == url("participant_question", question.workshop, question.pk)
    assert list(Answer.objects.values_list("text", "participant")) == [("Rufbus", participant.pk)]
    page = participant_client.get(response["Location"]).content.decode()
    assert "Ihre Antwort wurde gespeichert." in page


def test_answer_create_htmx_returns_only_the_new_answer_and_a_fresh_form(participant_client, question):
    response = participant_client.post(
        url("answer_create", question.workshop, question.pk), {"text": "Rufbus"}, **HTMX
    )
    html = response.content.decode()
    answer = Answer.objects.get()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<li id="own-answer-{answer.pk}" class="own-answer">')
    # The first answer also removes the "no answers yet" line.
    assert '<p id="own-answers-empty" hx-swap-oob="delete"></p>' in html
    assert '<div id="answer-form" hx-swap-oob="true">' in html
    assert "<textarea" in html
    assert texts_in(html, "answer-text") == ["Rufbus"]
    assert response["Vary"] == "HX-Request, Cookie, Accept-Language"


def test_answer_create_htmx_second_answer_keeps_the_list_and_the_limit_closes_the_form(
    participant_client, question, participant
):
    question.answers_per_participant = 2
    question.save()
    make_answer(question, participant=participant, text="Erste")
    response = participant_client.post(
        url("answer_create", question.workshop, question.pk), {"text": "Zweite"}, **HTMX
    )
    html = response.content.decode()
    assert texts_in(html, "answer-text") == ["Zweite"]
    assert "own-answers-empty" not in html
    assert "<textarea" not in html
    assert "Sie haben alle 2 Antworten geschrieben." in html


def test_question_page_lists_own_answers_in_an_appendable_list(participant_client, question):
    html = participant_client.get(
        url("participant_question", question.workshop, question.pk)
    ).content.decode()
    assert '<ul id="own-answer-list" class="plain-list"></ul>' in html
    assert 'hx-target="#own-answer-list" hx-swap="beforeend"' in html
    assert '<p id="own-answers-empty" class="muted">Sie haben noch nicht geantwortet.</p>' in html


def test_answer_create_overlong_plain_rerenders_with_text_and_message(participant_client, question):
    text = "a" * 501
    response = participant_client.post(url("answer_create", question.workshop, question.pk), {"text": text})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Eine Antwort darf höchstens 500 Zeichen lang sein (jetzt: 501)." in html
    assert f">\n{text}</textarea>" in html
    assert Answer.objects.count() == 0


def test_answer_create_invalid_htmx_retargets_the_form(participant_client, question):
    response = participant_client.post(
        url("answer_create", question.workshop, question.pk), {"text": " "}, **HTMX
    )
    assert response["HX-Retarget"] == "#answer-form"
    assert response["HX-Reswap"] == "outerHTML"
    assert "Bitte schreiben Sie eine Antwort." in response.content.decode()
    assert Answer.objects.count() == 0


def test_answer_to_closed_question_shows_the_reason(participant_client, workshop):
    closed = make_question(workshop, status=GuidingQuestion.Status.CLOSED)
    response = participant_client.post(url("answer_create", workshop, closed.pk), {"text": "Hallo"})
    assert (
        "Diese Leitfrage ist nicht geöffnet: Antworten sind gerade nicht möglich."
        in response.content.decode()
    )
    assert Answer.objects.count() == 0


def test_answer_to_another_workshops_question_is_not_found(participant_client, workshop):
    foreign = make_question(make_workshop())
    response = participant_client.post(url("answer_create", workshop, foreign.pk), {"text": "Hallo"})
    assert response.status_code == 404
    assert Answer.objects.count() == 0


def test_html_in_answers_is_escaped_on_the_wall(participant_client, question):
    participant_client.post(
        url("answer_create", question.workshop, question.pk), {"text": "<script>alert(1)</script>"}
    )
    html = participant_client.get(
        url("participant_question", question.workshop, question.pk)
    ).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_answer_edit_plain_and_htmx(participant_client, question, participant):
    answer = make_answer(question, participant=participant, text="Alt")
    edit = reverse("discussion:answer_edit", kwargs={"code": question.workshop.join_code, "pk": answer.pk})
    assert participant_client.get(edit).status_code == 200
    response = participant_client.post(edit, {"text": "Neu"})
    assert response.status_code == 302
    response = participant_client.post(edit, {"text": "Neuer"}, **HTMX)
    assert texts_in(response.content.decode(), "answer-text") == ["Neuer"]
    answer.refresh_from_db()
    assert answer.text == "Neuer"


def test_answer_edit_invalid_htmx_retargets_the_item(participant_client, question, participant):
    answer = make_answer(question, participant=participant, text="Alt")
    edit = reverse("discussion:answer_edit", kwargs={"code": question.workshop.join_code, "pk": answer.pk})
    response = participant_client.post(edit, {"text": ""}, **HTMX)
    assert response["HX-Retarget"] == f"#own-answer-{answer.pk}"
    answer.refresh_from_db()
    assert answer.text == "Alt"


def test_editing_or_deleting_someone_elses_answer_is_not_found(participant_client, question):
    other = make_answer(question, participant=make_participant(question.workshop), text="Fremd")
    code = question.workshop.join_code
    edit = reverse("discussion:answer_edit", kwargs={"code": code, "pk": other.pk})
    delete = reverse("discussion:answer_delete", kwargs={"code": code, "pk": other.pk})
    assert participant_client.post(edit, {"text": "Übernommen"}).status_code == 404
    assert participant_client.post(delete).status_code == 404
    other.refresh_from_db()
    assert other.text == "Fremd"


def test_answer_delete_plain_and_htmx(participant_client, question, participant):
    first, second = (
        make_answer(question, participant=participant),
        make_answer(question, participant=participant),
    )
    code = question.workshop.join_code
    response = participant_client.post(
        reverse("discussion:answer_delete", kwargs={"code": code, "pk": first.pk})
    )
    assert response.status_code == 302
    response = participant_client.post(
        reverse("discussion:answer_delete", kwargs={"code": code, "pk": second.pk}), **HTMX
    )
    assert "Sie haben noch nicht geantwortet." in response.content.decode()
    assert Answer.objects.count() == 0


def test_unchanged_poll_costs_one_query_and_sends_no_content(
    participant_client, question, django_assert_num_queries
):
    make_answer(question)
    poll = url("wall_poll", question.workshop, question.pk)
    question.refresh_from_db()
    with django_assert_num_queries(1):
        response = participant_client.get(poll, {"rev": question.revision, "count": 1}, **HTMX)
    assert (response.status_code, response.content) == (204, b"")


def test_polls_within_the_memo_time_share_one_query_per_process(
    participant_client, question, live_clock, django_assert_num_queries
):
    """A room of phones polling costs one revision query per question and second, not one per
    poll; a change shows once the memo expires."""
    poll = url("wall_poll", question.workshop, question.pk)
    question.refresh_from_db()
    unchanged = {"rev": question.revision, "count": 0}
    with django_assert_num_queries(1):
        participant_client.get(poll, unchanged, **HTMX)
    services.add_card_answer(question=question, text="Neu")
    live_clock.now += 0.5
    with django_assert_num_queries(0):
        response = participant_client.get(poll, unchanged, **HTMX)
    assert response.status_code == 204  # still the remembered revision
    live_clock.now += 0.6
    response = participant_client.get(poll, unchanged, **HTMX)
    assert response.status_code == 200
    assert texts_in(response.content.decode(), "answer-text") == ["Neu"]


def test_the_poll_memo_still_checks_the_join_code_and_the_session(client, participant, question, settings):
    settings.WERKSTATT_LIVE_LAG_SECONDS = 60
    services.add_card_answer(question=question, text="Eins")
    poll = url("wall_poll", question.workshop, question.pk)
    login_participant(client, participant)
    assert client.get(poll, {"rev": 0}, **HTMX).status_code == 200
    other = make_workshop(title="Anderer Workshop")
    wrong_code = reverse("discussion:wall_poll", kwargs={"code": other.join_code, "pk": question.pk})
    assert client.get(wrong_code, {"rev": 0}, **HTMX).status_code == 404
    client.cookies.clear()
    response = client.get(poll, {"rev": 0}, **HTMX)
    assert response["HX-Redirect"] == f"/j/{question.workshop.join_code}/"


def test_changed_poll_sends_the_wall_and_announces_new_answers(participant_client, question):
    poll = url("wall_poll", question.workshop, question.pk)
    make_answer(question, text="Erste")
    services.add_card_answer(question=question, text="Zweite")
    services.add_card_answer(question=question, text="Dritte")
    response = participant_client.get(poll, {"rev": 0, "count": 0}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert texts_in(html, "answer-text") == ["Erste", "Zweite", "Dritte"]
    assert f'hx-get="{poll}?rev=2&amp;count=3"' in html
    assert html.endswith(
        '<p id="wall-announcement" class="visually-hidden" aria-live="polite" hx-swap-oob="innerHTML">3 neue Antworten</p>'
    )


def test_changed_poll_is_rendered_once_per_revision(participant_client, question, django_assert_num_queries):
    services.add_card_answer(question=question, text="Eins")
    poll = url("wall_poll", question.workshop, question.pk)
    participant_client.get(poll, {"rev": 0}, **HTMX)
    with django_assert_num_queries(2):  # revision check, then the question; the wall comes from the cache
        response = participant_client.get(poll, {"rev": 0}, **HTMX)
    assert texts_in(response.content.decode(), "answer-text") == ["Eins"]


def test_hidden_answers_vanish_from_the_participant_wall(participant_client, question):
    answer = services.add_card_answer(question=question, text="Unpassend")
    services.set_answer_flags(answer=answer, hidden=True)
    html = participant_client.get(
        url("wall_poll", question.workshop, question.pk), {"rev": 0}
    ).content.decode()
    assert "Unpassend" not in html


def test_team_only_wall_shows_no_answers_to_participants(participant_client, workshop):
    question = make_question(workshop, visibility=GuidingQuestion.Visibility.TEAM)
    services.add_card_answer(question=question, text="Geheim")
    html = participant_client.get(url("participant_question", workshop, question.pk)).content.decode()
    assert "Geheim" not in html
    assert "Bei dieser Leitfrage sieht nur das Moderationsteam die Antworten." in html


def test_named_wall_shows_the_authors_name(participant_client, workshop, participant):
    question = make_question(workshop, anonymous=False)
    make_answer(question, participant=participant)
    html = participant_client.get(url("participant_question", workshop, question.pk)).content.decode()
    assert texts_in(html, "answer-author") == ["Anna Becker"]


def test_poll_without_joining_redirects_to_join(client, question):
    response = client.get(url("wall_poll", question.workshop, question.pk), {"rev": 0}, **HTMX)
    assert response["HX-Redirect"] == f"/j/{question.workshop.join_code}/"


@pytest.fixture
def voting_question(workshop):
    return make_question(workshop, dots_per_participant=2, max_dots_per_answer=2, voting_open=True)


def test_vote_plain_and_htmx(participant_client, voting_question, participant):
    answer = make_answer(voting_question)
    vote_url = reverse(
        "discussion:vote", kwargs={"code": voting_question.workshop.join_code, "pk": answer.pk}
    )
    response = participant_client.post(vote_url, {"action": "add"})
    assert response.status_code == 302
    response = participant_client.post(vote_url, {"action": "add"}, **HTMX)
    html = response.content.decode()
    assert "Sie haben noch 0 von 2 Punkten." in html
    assert Vote.objects.filter(participant=participant).count() == 2
    response = participant_client.post(vote_url, {"action": "remove"}, **HTMX)
    assert "Sie haben noch 1 von 2 Punkten." in response.content.decode()


def test_vote_beyond_budget_shows_message(participant_client, voting_question):
    answers = [make_answer(voting_question) for _ in range(3)]
    code = voting_question.workshop.join_code
    for answer in answers:
        response = participant_client.post(
            reverse("discussion:vote", kwargs={"code": code, "pk": answer.pk}), {"action": "add"}, **HTMX
        )
    assert "Sie haben alle Ihre Punkte vergeben." in response.content.decode()
    assert Vote.objects.count() == 2


def test_vote_on_hidden_answer_is_refused(participant_client, voting_question):
    hidden = make_answer(voting_question, hidden=True)
    vote_url = reverse(
        "discussion:vote", kwargs={"code": voting_question.workshop.join_code, "pk": hidden.pk}
    )
    response = participant_client.post(vote_url, {"action": "add"})
    page = participant_client.get(response["Location"]).content.decode()
    assert "Diese Antwort ist ausgeblendet und kann keine Punkte bekommen." in page
    assert Vote.objects.count() == 0


def test_participant_question_list_shows_open_questions_and_running_item(
    participant_client, workshop, question
):
    make_question(workshop, text="Noch geheim?", status=GuidingQuestion.Status.DRAFT)
    item = workshop.agenda_items.create(position=1, title="Diskussion", duration_minutes=60)
    services.set_current_item(workshop=workshop, item=item)
    html = participant_client.get(
        reverse("discussion:participant_questions", kwargs={"code": workshop.join_code})
    ).content.decode()
    assert question.text in html
    assert "Noch geheim?" not in html
    assert '<p class="now-title">Diskussion</p>' in html
    assert "noch 60 Minuten" in html


def test_a_second_participant_cannot_use_the_first_ones_session_for_another_workshop(client, question):
    other_workshop = make_workshop()
    login_participant(client, make_participant(other_workshop))
    response = client.get(url("participant_question", question.workshop, question.pk))
    assert response.status_code == 302


def test_participant_navigation_leads_to_the_fazit_page(participant_client, workshop):
    fazit_url = reverse("discussion:participant_fazit", kwargs={"code": workshop.join_code})
    me_url = reverse("participants:me", kwargs={"code": workshop.join_code})

    me_page = participant_client.get(me_url).content.decode()
    fazit_page = participant_client.get(fazit_url).content.decode()

    assert f'<a href="{fazit_url}" >' in me_page
    assert f'<a href="{fazit_url}" aria-current="page">' in fazit_page


def test_a_poll_answered_from_a_remembered_revision_of_a_question_now_in_draft_is_not_found(
    participant_client, question, settings
):
    settings.WERKSTATT_LIVE_LAG_SECONDS = 60
    poll = url("wall_poll", question.workshop, question.pk)
    assert participant_client.get(poll, {"rev": ""}, **HTMX).status_code == 200  # remembered now
    services.set_question_status(question=question, status=GuidingQuestion.Status.DRAFT)
    assert participant_client.get(poll, {"rev": ""}, **HTMX).status_code == 404
