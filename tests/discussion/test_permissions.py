"""Who may use which discussion view: every view × every persona, with the exact answer."""

import pytest
from django.urls import reverse

from discussion import services
from participants.models import Participant
from tests.conftest import PERSONAS
from tests.factories import make_answer, make_item, make_question
from workshops.models import ROLE_RANK, Role

PARTICIPANT = "participant"

# (view, method, target, minimum role or PARTICIPANT, POST data). The target names the object
# whose pk goes into the URL.
CASES = [
    ("participant_questions", "get", None, PARTICIPANT, {}),
    ("participant_question", "get", "question", PARTICIPANT, {}),
    ("answer_create", "post", "question", PARTICIPANT, {"text": "Antwort"}),
    ("wall_poll", "get", "question", PARTICIPANT, {}),
    ("vote_page", "get", "question", PARTICIPANT, {}),
    ("answer_edit", "get", "answer", PARTICIPANT, {}),
    ("answer_edit", "post", "answer", PARTICIPANT, {"text": "Geändert"}),
    ("answer_delete", "post", "answer", PARTICIPANT, {}),
    ("vote", "post", "answer", PARTICIPANT, {"action": "add"}),
    ("questions", "get", None, Role.NOTE_TAKER, {}),
    ("question_create", "get", None, Role.FACILITATOR, {}),
    (
        "question_create",
        "post",
        None,
        Role.FACILITATOR,
        {"text": "Neu?", "visibility": "team", "answers_per_participant": 1, "max_dots_per_answer": 1},
    ),
    ("moderation", "get", "question", Role.FACILITATOR, {}),
    ("moderation_poll", "get", "question", Role.FACILITATOR, {}),
    ("question_edit", "get", "question", Role.FACILITATOR, {}),
    (
        "question_edit",
        "post",
        "question",
        Role.FACILITATOR,
        {
            "text": "Neu?",
            "visibility": "team",
            "anonymous": "on",
            "answers_per_participant": 1,
            "max_dots_per_answer": 1,
        },
    ),
    ("question_status", "post", "question", Role.FACILITATOR, {"status": "closed"}),
    ("voting", "post", "question", Role.FACILITATOR, {"action": "reveal"}),
    ("card_answer", "post", "question", Role.FACILITATOR, {"text": "Karte"}),
    ("theme_create", "post", "question", Role.FACILITATOR, {"name": "Thema"}),
    ("presentation", "get", "question", Role.NOTE_TAKER, {}),
    ("projector_poll", "get", "question", Role.NOTE_TAKER, {}),
    ("ranking", "get", "question", Role.NOTE_TAKER, {}),
    ("answer_flag", "post", "answer", Role.FACILITATOR, {"action": "hide"}),
    ("answer_theme", "post", "answer", Role.FACILITATOR, {"theme": ""}),
    ("theme_rename", "post", "theme", Role.FACILITATOR, {"name": "Umbenannt"}),
    ("theme_merge", "post", "theme", Role.FACILITATOR, {"target": "other_theme"}),
    ("cockpit", "get", None, Role.NOTE_TAKER, {}),
    ("cockpit_move", "post", None, Role.FACILITATOR, {"action": "next"}),
    ("notes", "get", None, Role.NOTE_TAKER, {}),
    ("note_edit", "get", "item", Role.NOTE_TAKER, {}),
    ("note_edit", "post", "item", Role.NOTE_TAKER, {"text": "Notiz", "version": 0}),
]
TEAM_ROLES = {"note_taker": Role.NOTE_TAKER, "facilitator": Role.FACILITATOR, "organiser": Role.ORGANISER}


def expected(persona: str, minimum: str, method: str, join_url: str) -> tuple[int, str]:
    ok = (302, "") if method == "post" else (200, "")
    if minimum == PARTICIPANT:
        return ok if persona == "participant" else (302, join_url)
    if persona in ("anonymous", "participant", "other_participant"):
        return 302, "/konto/anmelden/"
    if persona == "other_team" or ROLE_RANK[TEAM_ROLES[persona]] < ROLE_RANK[Role(minimum)]:
        return 404, ""
    return ok


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("view", "method", "target", "minimum", "data"), CASES)
def test_permission_matrix(personas, workshop, persona, view, method, target, minimum, data):
    client = personas[persona]
    author = Participant.objects.get(workshop=workshop)
    question = make_question(workshop, dots_per_participant=3, voting_open=True)
    theme = services.create_theme(question=question, name="Mobilität")
    other_theme = services.create_theme(question=question, name="Gesundheit")
    objects = {
        "question": question,
        "answer": make_answer(question, participant=author),
        "theme": theme,
        "item": make_item(workshop),
    }
    data = {k: other_theme.pk if v == "other_theme" else v for k, v in data.items()}
    if minimum == PARTICIPANT:
        kwargs = {"code": workshop.join_code}
    else:
        kwargs = {"slug": workshop.slug}
    if target == "item":
        kwargs["item_pk"] = objects["item"].pk
    elif target:
        kwargs["pk"] = objects[target].pk
    response = getattr(client, method)(reverse(f"discussion:{view}", kwargs=kwargs), data)

    status, location = expected(persona, minimum, method, f"/j/{workshop.join_code}/")
    assert response.status_code == status
    if location:
        assert response["Location"].startswith(location)
