"""The wall and the moderation page cost the same number of queries for 5 and for 300 answers."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from discussion import services
from discussion.models import Answer, Vote
from tests.factories import make_participant
from workshops.models import Role


def fill(question, count: int) -> None:
    """``count`` answers from several people, spread over two themes, with dots."""
    people = [make_participant(question.workshop) for _ in range(5)]
    themes = [services.create_theme(question=question, name=name) for name in ("Mobilität", "Gesundheit")]
    answers = Answer.objects.bulk_create(
        Answer(
            question=question,
            participant=people[n % 5] if n % 7 else None,
            text=f"Antwort {n}",
            theme=themes[n % 3] if n % 3 < 2 else None,
            hidden=n % 11 == 0,
            highlighted=n % 13 == 0,
        )
        for n in range(count)
    )
    Vote.objects.bulk_create(
        Vote(question=question, answer=answer, participant=people[n % 5])
        for n, answer in enumerate(answers[:20])
    )
    question.refresh_from_db()


@pytest.fixture
def team_client(team):
    client = Client()
    client.force_login(team[Role.FACILITATOR])
    return client


@pytest.mark.parametrize("answers", [5, 300])
def test_participant_page_query_count_does_not_grow(
    participant_client, question, answers, django_assert_num_queries
):
    question.anonymous = False
    question.save()
    fill(question, answers)
    url = reverse(
        "discussion:participant_question", kwargs={"code": question.workshop.join_code, "pk": question.pk}
    )
    # participant with workshop, question, own answers, wall answers, themes
    with django_assert_num_queries(5):
        response = participant_client.get(url)
    assert response.content.decode().count('<li class="answer-card') == len(
        [n for n in range(answers) if n % 11 != 0]
    )


@pytest.mark.parametrize("answers", [5, 300])
def test_changed_wall_poll_query_count_does_not_grow(
    participant_client, question, answers, django_assert_num_queries
):
    fill(question, answers)
    url = reverse("discussion:wall_poll", kwargs={"code": question.workshop.join_code, "pk": question.pk})
    # revision, question, wall answers, themes
    with django_assert_num_queries(4):
        participant_client.get(url, {"rev": 0}, HTTP_HX_REQUEST="true")


@pytest.mark.parametrize("answers", [5, 300])
def test_unchanged_wall_poll_is_one_query(participant_client, question, answers, django_assert_num_queries):
    fill(question, answers)
    url = reverse("discussion:wall_poll", kwargs={"code": question.workshop.join_code, "pk": question.pk})
    with django_assert_num_queries(1):
        response = participant_client.get(url, {"rev": question.revision}, HTTP_HX_REQUEST="true")
    assert response.status_code == 204


@pytest.mark.parametrize("answers", [5, 300])
def test_moderation_page_query_count_does_not_grow(team_client, question, answers, django_assert_num_queries):
    fill(question, answers)
    url = reverse("discussion:moderation", kwargs={"slug": question.workshop.slug, "pk": question.pk})
    # session user, membership+workshop, question, answers, themes
    with django_assert_num_queries(5):
        response = team_client.get(url)
    assert response.content.decode().count('draggable="true"') == answers


@pytest.mark.parametrize("answers", [5, 300])
def test_moderation_action_query_count_does_not_grow(
    team_client, question, answers, django_assert_num_queries
):
    fill(question, answers)
    answer = question.answers.first()
    url = reverse("discussion:answer_flag", kwargs={"slug": question.workshop.slug, "pk": answer.pk})
    # user, membership, answer; in the transaction: save, bump revision; then the board: question,
    # answers, themes (the rest is transaction bookkeeping)
    with django_assert_num_queries(10):
        team_client.post(url, {"action": "highlight"}, HTTP_HX_REQUEST="true")


@pytest.mark.parametrize("answers", [5, 300])
def test_presentation_query_count_does_not_grow(team_client, question, answers, django_assert_num_queries):
    fill(question, answers)
    cache.clear()
    url = reverse("discussion:presentation", kwargs={"slug": question.workshop.slug, "pk": question.pk})
    # user, membership+workshop, question, workshop with its running item, answers, themes
    with django_assert_num_queries(6):
        team_client.get(url)


@pytest.mark.parametrize("answers", [5, 300])
def test_vote_page_query_count_does_not_grow(
    participant_client, question, answers, django_assert_num_queries
):
    fill(question, answers)
    url = reverse("discussion:vote_page", kwargs={"code": question.workshop.join_code, "pk": question.pk})
    # participant with workshop, question, answers with dots
    with django_assert_num_queries(3):
        participant_client.get(url)


@pytest.mark.parametrize("earlier", [0, 40])
def test_answer_post_htmx_query_count_does_not_grow(
    participant_client, question, participant, earlier, django_assert_num_queries
):
    question.answers_per_participant = 50
    question.save()
    Answer.objects.bulk_create(
        Answer(question=question, participant=participant, text=f"Frühere Antwort {n}")
        for n in range(earlier)
    )
    url = reverse("discussion:answer_create", kwargs={"code": question.workshop.join_code, "pk": question.pk})
    # participant with workshop, question; savepoint, bump (the row lock), limit and own count,
    # insert, release. The insert comes after the lock, so answers are created in the order they
    # commit (the walls' increments rely on it). Neither the own answers nor the wall are rendered.
    with django_assert_num_queries(7) as captured:
        response = participant_client.post(url, {"text": "Neu"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.content.decode().count('class="own-answer"') == 1
    assert [q["sql"].split()[0] for q in captured.captured_queries] == [
        "SELECT",
        "SELECT",
        "SAVEPOINT",
        "UPDATE",
        "SELECT",
        "INSERT",
        "RELEASE",
    ]
