"""The live discussion in the summary: questions with answers by theme and dots, and the notes."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from discussion import services
from discussion.models import GuidingQuestion
from discussion.summary import gather_summary
from tests.factories import make_answer, make_item, make_participant, make_question, make_user


def discussion(workshop, answers: int):
    people = [make_participant(workshop, display_name=f"Geheim {n}") for n in range(3)]
    question = make_question(
        workshop, text="Was braucht die Region?", dots_per_participant=5, voting_open=True
    )
    theme = services.create_theme(question=question, name="Mobilität")
    made = [
        make_answer(question, participant=people[n % 3], text=f"Antwort {n}", theme=theme if n % 2 else None)
        for n in range(answers)
    ]
    services.add_vote(answer=made[-1], participant=people[0])
    make_answer(question, text="Ausgeblendet", hidden=True)
    make_question(workshop, text="Noch ein Entwurf?", status=GuidingQuestion.Status.DRAFT)
    services.save_note(
        agenda_item=make_item(workshop, title="Diskussion"),
        text="**Ergebnis** <script>x()</script>",
        base_version=0,
        user=make_user(),
    )
    return question


@pytest.mark.parametrize("answers", [2, 120])
def test_gather_summary_discussion_query_count_is_fixed(workshop, answers, django_assert_num_queries):
    discussion(workshop, answers)
    with django_assert_num_queries(9):
        summary = gather_summary(workshop=workshop)
    assert [r.question.text for r in summary.questions] == ["Was braucht die Region?"]
    assert sum(len(t.answers) for t in summary.questions[0].themes) == answers


def test_summary_page_shows_answers_by_theme_with_dots_and_sanitised_notes(workshop, organiser):
    discussion(workshop, 2)
    client = Client()
    client.force_login(organiser)
    html = client.get(reverse("discussion:summary", kwargs={"slug": workshop.slug})).content.decode()
    section = html[html.index('id="summary-questions"') : html.index('id="summary-notes"')]
    assert re.findall(r"<h[34][^>]*>(.*?)</h[34]>", section) == [
        "Was braucht die Region?",
        "Mobilität",
        "Ohne Thema",
    ]
    assert re.findall(r"<li[^>]*>(.*?)</li>", section) == ["Antwort 1 (1)", "Antwort 0 (0)"]
    assert "Ausgeblendet" not in html and "Noch ein Entwurf?" not in html and "Geheim" not in section
    assert '<div class="user-text summary-note" dir="auto"><p><strong>Ergebnis</strong> </p></div>' in html
