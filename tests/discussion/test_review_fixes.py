"""Defects a review found: each test fails without its fix."""

from django.urls import reverse

from discussion.models import GuidingQuestion
from tests.factories import make_answer, make_item, make_question


def test_team_only_answers_stay_hidden_on_the_vote_page_until_voting_opens(personas, workshop):
    question = make_question(workshop, visibility=GuidingQuestion.Visibility.TEAM, voting_open=False)
    answer = make_answer(question, text="Nur für das Team")
    client = personas["participant"]
    vote_page = reverse("discussion:vote_page", kwargs={"code": workshop.join_code, "pk": question.pk})
    vote = reverse("discussion:vote", kwargs={"code": workshop.join_code, "pk": answer.pk})

    assert client.get(vote_page).status_code == 404
    assert client.post(vote, {"action": "add"}, HTTP_HX_REQUEST="true").status_code == 404

    GuidingQuestion.objects.filter(pk=question.pk).update(voting_open=True)
    assert "Nur für das Team" in client.get(vote_page).content.decode()


def test_wall_poll_with_an_id_beyond_the_database_range_is_not_found(client, workshop):
    url = f"/j/{workshop.join_code}/fragen/9999999999999999999999999/wand/"
    assert client.get(url).status_code == 404


def test_wall_poll_with_a_negative_count_sends_the_whole_wall(personas, workshop):
    question = make_question(workshop)
    make_answer(question, text="Erste")
    make_answer(question, text="Zweite")
    url = reverse("discussion:wall_poll", kwargs={"code": workshop.join_code, "pk": question.pk})
    response = personas["participant"].get(url, {"rev": "1", "count": "-1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Erste" in body and "Zweite" in body


def test_numbers_that_are_not_plain_digits_get_a_message_not_a_server_error(personas, workshop):
    facilitator = personas["facilitator"]
    question = make_question(workshop)
    answer = make_answer(question)
    item = make_item(workshop)
    theme_url = reverse("discussion:answer_theme", kwargs={"slug": workshop.slug, "pk": answer.pk})
    assert facilitator.post(theme_url, {"theme": "²"}).status_code in (200, 302)
    cockpit_url = reverse("discussion:cockpit_move", kwargs={"slug": workshop.slug})
    assert facilitator.post(cockpit_url, {"action": "start", "item": "abc"}).status_code == 404
    note_url = reverse("discussion:note_edit", kwargs={"slug": workshop.slug, "item_pk": item.pk})
    assert facilitator.post(note_url, {"text": "Notiz", "version": "0", "overwrite": "²"}).status_code in (
        200,
        302,
    )


def test_an_answered_anonymous_question_cannot_become_named(personas, workshop):
    from participants.models import Participant
    from tests.factories import make_participant

    question = make_question(workshop, anonymous=True)
    make_answer(question, participant=make_participant(workshop, display_name="Erika Geheim"))
    url = reverse("discussion:question_edit", kwargs={"slug": workshop.slug, "pk": question.pk})
    form = personas["facilitator"].get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value not in (None, False)}
    data.pop("anonymous", None)
    data["fields_of_work"] = []

    response = personas["facilitator"].post(url, data)

    assert response.status_code == 200
    assert "Sie kann nicht mehr auf Antworten mit Namen umgestellt werden." in response.content.decode()
    question.refresh_from_db()
    assert question.anonymous is True
    assert Participant.objects.filter(display_name="Erika Geheim").exists()


def test_a_statement_deleted_meanwhile_cannot_be_moved(workshop):
    import pytest

    from discussion import fazit
    from discussion.models import Statement
    from tests.discussion.summary_factories import make_statement

    statement = make_statement(workshop, text="Weg")
    Statement.objects.filter(pk=statement.pk).delete()
    with pytest.raises(Statement.DoesNotExist):
        fazit.move_statement(statement=statement, direction="up")
