"""A changed poll sends only the new answers when nothing else changed, else the whole wall."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from discussion import live, services
from discussion.models import Answer, GuidingQuestion
from tests.factories import make_participant
from workshops.models import Role

HTMX = {"HTTP_HX_REQUEST": "true"}
ANNOUNCEMENT = (
    '<p id="wall-announcement" class="visually-hidden" aria-live="polite" hx-swap-oob="innerHTML">{}</p>'
)


def poll_url(question) -> str:
    return reverse("discussion:wall_poll", kwargs={"code": question.workshop.join_code, "pk": question.pk})


def texts(html: str) -> list[str]:
    return re.findall(r'<p class="answer-text">(.*?)</p>', html)


def shown(participant_client, question) -> tuple[int, int]:
    """(revision, count) the participant's wall names after a full poll."""
    html = participant_client.get(poll_url(question), {"rev": "", "count": 0}, **HTMX).content.decode()
    rev, count = re.search(r"\?rev=(\d+)&amp;count=(\d+)", html).groups()
    return int(rev), int(count)


@pytest.fixture
def answered(question, participant):
    for text in ("Erste", "Zweite"):
        services.add_answer(question=question, participant=participant, text=text)
    return question


def test_new_answers_only_are_sent_out_of_band(participant_client, answered, participant):
    rev, count = shown(participant_client, answered)
    services.add_answer(question=answered, participant=make_participant(answered.workshop), text="Dritte")
    services.add_card_answer(question=answered, text="Vierte")
    response = participant_client.get(poll_url(answered), {"rev": rev, "count": count}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert response["HX-Reswap"] == "none"
    assert html.startswith(
        f'<div id="wall-poll" hx-get="{poll_url(answered)}?rev={rev + 2}&amp;count=4" hx-trigger="every 3s" '
        'hx-target="#wall" hx-swap="outerHTML" hx-swap-oob="outerHTML"></div>\n'
        '<ul id="wall-answers" hx-swap-oob="beforeend">'
    )
    assert texts(html) == ["Dritte", "Vierte"]
    assert 'id="wall"' not in html
    assert html.endswith(ANNOUNCEMENT.format("2 neue Antworten"))


def test_answers_the_client_already_shows_are_not_sent_again(participant_client, answered, participant):
    rev, _count = shown(participant_client, answered)
    services.add_card_answer(question=answered, text="Dritte")
    services.add_card_answer(question=answered, text="Vierte")
    # A wall rendered at ``rev`` that already showed "Dritte" (committed just after) says count=3.
    html = participant_client.get(poll_url(answered), {"rev": rev, "count": 3}, **HTMX).content.decode()
    assert texts(html) == ["Vierte"]
    assert html.endswith(ANNOUNCEMENT.format("1 neue Antwort"))


def test_named_wall_increment_shows_the_authors(participant_client, answered):
    GuidingQuestion.objects.filter(pk=answered.pk).update(anonymous=False)  # a named question from the start
    rev, count = shown(participant_client, answered)
    services.add_answer(
        question=answered, participant=make_participant(answered.workshop, display_name="Ben"), text="Dritte"
    )
    html = participant_client.get(poll_url(answered), {"rev": rev, "count": count}, **HTMX).content.decode()
    assert '<p class="answer-author">Ben</p>' in html


@pytest.mark.parametrize(
    "change",
    [
        lambda q: services.set_answer_flags(answer=q.answers.first(), hidden=True),
        lambda q: services.set_answer_flags(answer=q.answers.first(), highlighted=True),
        lambda q: services.create_theme(question=q, name="Mobilität"),
        lambda q: services.edit_answer(
            answer=q.answers.first(), participant=q.answers.first().participant, text="Geändert"
        ),
        lambda q: services.set_results_revealed(question=q, revealed=True),
        lambda q: q.answers.first().participant.delete(),
    ],
    ids=["hide", "highlight", "theme", "edit", "reveal", "author leaves"],
)
def test_any_other_change_sends_the_whole_wall(participant_client, answered, change):
    rev, count = shown(participant_client, answered)
    services.add_card_answer(question=answered, text="Neu")
    change(GuidingQuestion.objects.get(pk=answered.pk))
    response = participant_client.get(poll_url(answered), {"rev": rev, "count": count}, **HTMX)
    html = response.content.decode()
    assert "HX-Reswap" not in response
    assert html.lstrip().startswith('<div id="wall" class="wall wall-participants">')


def test_existing_themes_send_the_whole_wall(participant_client, answered):
    services.create_theme(question=answered, name="Mobilität")
    rev, count = shown(participant_client, answered)
    services.add_card_answer(question=answered, text="Neu")
    response = participant_client.get(poll_url(answered), {"rev": rev, "count": count}, **HTMX)
    assert response.content.decode().lstrip().startswith('<div id="wall" ')


def test_a_client_without_answers_gets_the_whole_wall(participant_client, question):
    rev, count = shown(participant_client, question)
    assert count == 0
    services.add_card_answer(question=question, text="Erste")
    response = participant_client.get(poll_url(question), {"rev": rev, "count": count}, **HTMX)
    assert texts(response.content.decode()) == ["Erste"]
    assert response.content.decode().lstrip().startswith('<div id="wall" ')


def test_increment_costs_four_queries_however_long_the_wall(
    participant_client, answered, django_assert_num_queries
):
    for n in range(50):
        services.add_card_answer(question=answered, text=f"Karte {n}")
    rev, count = shown(participant_client, answered)
    services.add_card_answer(question=answered, text="Neu")
    # revision check, question, themes exist?, the new answers
    with django_assert_num_queries(4):
        html = participant_client.get(
            poll_url(answered), {"rev": rev, "count": count}, **HTMX
        ).content.decode()
    assert texts(html) == ["Neu"]


def test_projector_poll_gets_increments_too(team, answered):
    facilitator_client = Client()
    facilitator_client.force_login(team[Role.FACILITATOR])
    poll = reverse("discussion:projector_poll", kwargs={"slug": answered.workshop.slug, "pk": answered.pk})
    answered.refresh_from_db()
    rev = answered.revision
    services.add_card_answer(question=answered, text="Dritte")
    response = facilitator_client.get(poll, {"rev": rev, "count": 2}, **HTMX)
    assert response["HX-Reswap"] == "none"
    assert texts(response.content.decode()) == ["Dritte"]


def test_increment_shows_dots_only_once_results_are_revealed(participant_client, answered):
    rev, count = shown(participant_client, answered)
    services.add_card_answer(question=answered, text="Dritte")
    html = participant_client.get(poll_url(answered), {"rev": rev, "count": count}, **HTMX).content.decode()
    assert texts(html) == ["Dritte"]
    assert "Punkt" not in html

    services.set_results_revealed(question=answered, revealed=True)
    rev, count = shown(participant_client, answered)
    services.add_card_answer(question=answered, text="Vierte")
    html = participant_client.get(poll_url(answered), {"rev": rev, "count": count}, **HTMX).content.decode()
    assert texts(html) == ["Vierte"]
    assert '<p class="answer-dots">0 Punkte</p>' in html


def test_while_answers_pour_in_a_wall_rendered_within_the_lag_is_reused_and_caught_up(
    participant_client, answered, live_clock
):
    """A busy question changes many times a second: a large wall is rendered at most once per
    WERKSTATT_LIVE_LAG_SECONDS; the wall names the revision it shows, so the next poll appends
    what it lacks."""
    first_rev, first_count = shown(participant_client, answered)
    assert first_count == 2

    services.add_card_answer(question=answered, text="Dritte")
    live_clock.now += 0.5
    html = participant_client.get(poll_url(answered), {"rev": "", "count": 0}, **HTMX).content.decode()
    assert texts(html) == ["Erste", "Zweite"]  # the wall as rendered half a second ago
    assert f"?rev={first_rev}&amp;count=2" in html
    # The next poll (once this process reads the revision again) gets just what is missing.
    live_clock.now += 0.6
    html = participant_client.get(poll_url(answered), {"rev": first_rev, "count": 2}, **HTMX).content.decode()
    assert texts(html) == ["Dritte"]


def test_a_changed_layout_is_never_served_from_an_older_wall(participant_client, answered, settings):
    settings.WERKSTATT_LIVE_LAG_SECONDS = 60
    shown(participant_client, answered)
    services.set_answer_flags(answer=answered.answers.get(text="Erste"), hidden=True)
    html = participant_client.get(poll_url(answered), {"rev": "", "count": 0}, **HTMX).content.decode()
    assert texts(html) == ["Zweite"]


def test_an_old_wall_is_rendered_anew_once_the_lag_has_passed(participant_client, answered, live_clock):
    shown(participant_client, answered)
    services.add_card_answer(question=answered, text="Dritte")
    live_clock.now += 1.01
    html = participant_client.get(poll_url(answered), {"rev": "", "count": 0}, **HTMX).content.decode()
    assert texts(html) == ["Erste", "Zweite", "Dritte"]


def test_a_client_never_gets_an_older_wall_than_it_shows(participant_client, answered, live_clock):
    """The cached wall (2 answers) is young enough to be reused, but this client's wall, rendered
    just after, already shows the third answer: it gets the current wall, nothing taken away."""
    rev, count = shown(participant_client, answered)
    assert count == 2
    services.add_card_answer(question=answered, text="Dritte")
    live.forget_recent_revisions()  # this process reads the revision again; the wall stays young
    html = participant_client.get(poll_url(answered), {"rev": rev, "count": 3}, **HTMX).content.decode()
    assert texts(html) == ["Erste", "Zweite", "Dritte"]
    assert "neue Antwort" not in html


def test_new_answers_follow_the_order_they_were_written_in_not_the_clock(participant_client, answered):
    """Two app hosts' clocks may differ: the wall orders by id, which follows the commit order."""
    rev, count = shown(participant_client, answered)
    late = services.add_card_answer(question=answered, text="Später geschrieben")
    Answer.objects.filter(pk=late.pk).update(created_at=answered.answers.get(text="Erste").created_at)
    html = participant_client.get(poll_url(answered), {"rev": rev, "count": count}, **HTMX).content.decode()
    assert texts(html) == ["Später geschrieben"]
    html = participant_client.get(poll_url(answered), {"rev": "", "count": 0}, **HTMX).content.decode()
    assert texts(html) == ["Erste", "Zweite", "Später geschrieben"]
