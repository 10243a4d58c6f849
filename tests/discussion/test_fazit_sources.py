"""Statements taken into the Fazit in one click from an answer or a theme on the moderation page."""

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse

from discussion import fazit as services
from discussion.models import Statement, Theme
from tests.conftest import PERSONAS
from tests.factories import make_answer, make_question, make_workshop


@pytest.fixture
def theme(question):
    return Theme.objects.create(question=question, name="Rufbus im ländlichen Raum")


@pytest.fixture
def answer(question, participant, theme):
    return make_answer(question, participant, text="Schulbusse auch für alle öffnen", theme=theme)


@pytest.fixture
def moderator(client, organiser):
    client.force_login(organiser)
    return client


def from_answer_url(workshop, answer):
    return reverse("discussion:statement_from_answer", kwargs={"slug": workshop.slug, "pk": answer.pk})


def from_theme_url(workshop, theme):
    return reverse("discussion:statement_from_theme", kwargs={"slug": workshop.slug, "pk": theme.pk})


def statement_rows(workshop):
    return list(
        Statement.objects.filter(fazit__workshop=workshop).values_list(
            "part", "position", "text", "source_answer", "source_theme"
        )
    )


def test_answer_taken_into_fazit_plain(moderator, workshop, question, answer):
    response = moderator.post(from_answer_url(workshop, answer), {"part": "open"})
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "discussion:moderation", kwargs={"slug": workshop.slug, "pk": question.pk}
    )
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Ins Fazit übernommen (Offen / strittig)."
    ]
    assert statement_rows(workshop) == [("open", 1, "Schulbusse auch für alle öffnen", answer.pk, None)]


def test_theme_taken_into_fazit_htmx(moderator, workshop, question, theme):
    response = moderator.post(from_theme_url(workshop, theme), {"part": "agreed"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["Vary"] == "HX-Request, Cookie, Accept-Language"
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="board"')
    assert '<p class="message" role="status">Ins Fazit übernommen (Vereinbart).</p>' in body
    assert statement_rows(workshop) == [("agreed", 1, "Rufbus im ländlichen Raum", None, theme.pk)]


def test_chosen_part_is_used_and_positions_follow(moderator, workshop, answer, theme):
    moderator.post(from_answer_url(workshop, answer), {"part": "next_step"})
    moderator.post(from_theme_url(workshop, theme), {"part": "next_step"})
    assert statement_rows(workshop) == [
        ("next_step", 1, "Schulbusse auch für alle öffnen", answer.pk, None),
        ("next_step", 2, "Rufbus im ländlichen Raum", None, theme.pk),
    ]


@pytest.mark.parametrize("htmx", [False, True])
def test_locked_fazit_refuses_and_creates_nothing(moderator, workshop, organiser, answer, htmx):
    services.finalise(fazit=services.fazit_for(workshop), user=organiser)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = moderator.post(from_answer_url(workshop, answer), {"part": "open"}, follow=not htmx, **headers)
    message = "Das Fazit ist abgeschlossen und kann nicht mehr geändert werden."
    if htmx:
        assert f'<p class="message message-error" role="status">{message}</p>' in response.content.decode()
    else:
        assert [str(m) for m in response.context["messages"]] == [message]
    assert statement_rows(workshop) == []


@pytest.mark.parametrize("htmx", [False, True])
def test_unknown_part_refused(moderator, workshop, theme, htmx):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = moderator.post(
        from_theme_url(workshop, theme), {"part": "everything"}, follow=not htmx, **headers
    )
    message = "Diesen Teil des Fazits gibt es nicht."
    if htmx:
        assert f'<p class="message message-error" role="status">{message}</p>' in response.content.decode()
    else:
        assert [str(m) for m in response.context["messages"]] == [message]
    assert statement_rows(workshop) == []


def test_answer_or_theme_of_another_workshop_is_404(moderator, workshop, organiser):
    other_question = make_question(make_workshop(organiser=organiser))
    foreign_answer = make_answer(other_question)
    foreign_theme = Theme.objects.create(question=other_question, name="Fremd")
    assert moderator.post(from_answer_url(workshop, foreign_answer), {"part": "open"}).status_code == 404
    assert moderator.post(from_theme_url(workshop, foreign_theme), {"part": "open"}).status_code == 404
    assert Statement.objects.count() == 0


def test_moderation_page_offers_buttons_with_defaults(moderator, workshop, question, answer, theme):
    body = moderator.get(
        reverse("discussion:moderation", kwargs={"slug": workshop.slug, "pk": question.pk})
    ).content.decode()
    assert f'action="{from_answer_url(workshop, answer)}"' in body
    assert f'action="{from_theme_url(workshop, theme)}"' in body
    assert f'<select id="to-fazit-answer-{answer.pk}" name="part">' in body
    assert '<option value="open" selected>Offen / strittig</option>' in body
    assert '<option value="agreed" selected>Vereinbart</option>' in body
    assert body.count("Ins Fazit übernehmen<span") == 2


def test_fazit_page_shows_the_source(moderator, workshop, question, answer, theme):
    moderator.post(from_answer_url(workshop, answer), {"part": "open"})
    moderator.post(from_theme_url(workshop, theme), {"part": "agreed"})
    body = moderator.get(reverse("discussion:fazit", kwargs={"slug": workshop.slug})).content.decode()
    assert (
        '<p class="statement-source muted">aus Antwort auf Leitfrage '
        "„Welche Chancen bieten integrierte Planungsansätze?“</p>"
    ) in body
    assert (
        '<p class="statement-source muted">aus Thema „Rufbus im ländlichen Raum“ '
        "(Leitfrage „Welche Chancen bieten integrierte Planungsansätze?“)</p>"
    ) in body


def test_deleting_the_source_keeps_the_statement(moderator, workshop, answer, theme):
    moderator.post(from_answer_url(workshop, answer), {"part": "open"})
    moderator.post(from_theme_url(workshop, theme), {"part": "agreed"})
    answer.delete()
    theme.delete()
    assert sorted(statement_rows(workshop)) == [
        ("agreed", 1, "Rufbus im ländlichen Raum", None, None),
        ("open", 1, "Schulbusse auch für alle öffnen", None, None),
    ]


@pytest.mark.parametrize("name", ["statement_from_answer", "statement_from_theme"])
def test_from_source_permission_matrix(personas, workshop, question, name):
    statuses, logins = {}, {}
    for persona in PERSONAS:
        theme = Theme.objects.create(question=question, name=f"Thema {persona}")
        source = make_answer(question, theme=theme) if name == "statement_from_answer" else theme
        url = reverse(f"discussion:{name}", kwargs={"slug": workshop.slug, "pk": source.pk})
        response = personas[persona].post(url, {"part": "open"})
        statuses[persona] = response.status_code
        if persona in ("anonymous", "participant", "other_participant"):
            logins[persona] = response["Location"] == f"{reverse(settings.LOGIN_URL)}?next={url}"
    expected = {p: 404 for p in PERSONAS}
    expected.update(anonymous=302, participant=302, other_participant=302, facilitator=302, organiser=302)
    assert statuses == expected
    assert logins == {"anonymous": True, "participant": True, "other_participant": True}
    assert Statement.objects.filter(fazit__workshop=workshop).count() == 2


@pytest.mark.parametrize("sources", [1, 30])
def test_fazit_page_with_sources_query_count_is_fixed(
    moderator, workshop, question, sources, django_assert_num_queries
):
    for n in range(sources):
        services.statement_from_answer(answer=make_answer(question, text=f"Antwort {n}"), part="open")
        theme = Theme.objects.create(question=question, name=f"Thema {n}")
        services.statement_from_theme(theme=theme, part="agreed")
    # user, membership with workshop, Fazit, statements with counts and sources, comments
    with django_assert_num_queries(5):
        page = moderator.get(reverse("discussion:fazit", kwargs={"slug": workshop.slug})).content.decode()
    assert page.count('class="statement-source muted"') == 2 * sources
