"""Discussion domain operations. Plain functions, keyword-only arguments, one transaction each.

Every change to what a wall shows bumps the question's ``revision`` in the same transaction,
so polls compare one number and cached walls go stale exactly when they should.
"""

from dataclasses import dataclass

import markdown
import nh3
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.utils.translation import gettext as _

from discussion.models import Answer, GuidingQuestion, Note, NoteVersion, Theme, Vote, default_dots
from participants.models import Participant
from workshops.models import AgendaItem, Workshop
from workshops.services import set_current_item

QUESTION_FIELDS = (
    "text",
    "agenda_item",
    "fields_of_work",
    "visibility",
    "anonymous",
    "answers_per_participant",
    "dots_per_participant",
    "max_dots_per_answer",
)


# Both columns take the old revision + 1: SQL evaluates every SET expression on the old row.
WHOLE_WALL_CHANGED = {"revision": F("revision") + 1, "layout_revision": F("revision") + 1}


def _bump(question: GuidingQuestion, *, appended: bool = False) -> None:
    """Mark the wall as changed. ``appended``: the only change was a new answer at the end, which
    a poll can send on its own; anything else makes polls send the whole wall."""
    changes = {"revision": F("revision") + 1} if appended else WHOLE_WALL_CHANGED
    GuidingQuestion.objects.filter(pk=question.pk).update(**changes)


def _bump_if_dots_shown(question: GuidingQuestion) -> None:
    """A dot changes what walls show only once the results are revealed. While they are hidden,
    a room full of people voting leaves every wall (and its cache) as it is; the team sees the
    counts on the ranking and on the moderation board when it loads."""
    if question.results_revealed:
        _bump(question)


def _lock_question(question: GuidingQuestion) -> GuidingQuestion:
    """Re-read the question under a row lock: its status and settings are then current."""
    return GuidingQuestion.objects.select_for_update().get(pk=question.pk)


# Participants' changes on the walls ----------------------------------------------------------


def refresh_walls_for_participant(*, participant: Participant, leaving: bool) -> None:
    """Bump the walls a participant appears on, so polls fetch them anew: on a change of their
    details the named walls with their answers (the name is shown there); when they leave,
    every wall with their answers or dots (those go with them). Called from the participants'
    model signals (discussion.apps), because participants must not import discussion."""
    questions = Answer.objects.filter(participant=participant)
    if not leaving:
        questions = questions.filter(question__anonymous=False)
    ids = set(questions.values_list("question_id", flat=True))
    if leaving:
        ids |= set(Vote.objects.filter(participant=participant).values_list("question_id", flat=True))
    if ids:
        GuidingQuestion.objects.filter(pk__in=ids).update(**WHOLE_WALL_CHANGED)


def refresh_named_walls(*, workshop: Workshop) -> None:
    """After a bulk erasure of personal data: every wall that shows names is fetched anew."""
    GuidingQuestion.objects.filter(workshop=workshop, anonymous=False).update(**WHOLE_WALL_CHANGED)


# Questions ------------------------------------------------------------------------------------


@transaction.atomic
def create_question(*, workshop: Workshop, **fields) -> GuidingQuestion:
    last = workshop.guiding_questions.aggregate(last=Max("position"))["last"]
    question = GuidingQuestion(
        workshop=workshop,
        position=(last or 0) + 1,
        **{k: v for k, v in fields.items() if k in QUESTION_FIELDS},
    )
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def update_question(*, question: GuidingQuestion, **fields) -> GuidingQuestion:
    stored = _lock_question(question)
    if stored.anonymous and fields.get("anonymous") is False and stored.answers.exists():
        # People answered on the promise of anonymity: their names must not appear afterwards.
        raise ValidationError(
            {
                "anonymous": _(
                    "Auf diese Leitfrage wurde schon anonym geantwortet. Sie kann nicht mehr auf Antworten mit Namen umgestellt werden."
                )
            }
        )
    for name, value in fields.items():
        if name in QUESTION_FIELDS:
            setattr(question, name, value)
    question.full_clean()
    question.save(update_fields=list(QUESTION_FIELDS))
    _bump(question)
    return question


@transaction.atomic
def set_question_status(*, question: GuidingQuestion, status: str) -> GuidingQuestion:
    question.status = GuidingQuestion.Status(status)
    question.save(update_fields=["status"])
    _bump(question)
    return question


# Answers --------------------------------------------------------------------------------------


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Bitte schreiben Sie eine Antwort."))
    if len(text) > Answer._meta.get_field("text").max_length:
        raise ValidationError(_("Eine Antwort darf höchstens 500 Zeichen lang sein."))
    return text


def _require_open(question: GuidingQuestion) -> None:
    if not question.is_open:
        raise ValidationError(_("Diese Leitfrage ist nicht geöffnet: Antworten sind gerade nicht möglich."))


@transaction.atomic
def add_answer(*, question: GuidingQuestion, participant: Participant, text: str) -> Answer:
    """A participant answers. The revision bump comes first and only matches an open question:
    it takes the question's row lock, so answers to one question are counted and written one
    after the other. The per-person limit (read after the lock) then holds even when the same
    person posts twice at once, and answers are created in the order they commit, which the
    walls' increments rely on (discussion.live.wall_increment). A refusal rolls the bump back
    with everything else."""
    text = _clean_text(text)
    if participant.workshop_id != question.workshop_id:
        raise ValidationError(_("Diese Leitfrage gehört zu einem anderen Workshop."))
    # An appended answer: the layout revision stays (see _bump).
    opened = GuidingQuestion.objects.filter(pk=question.pk, status=GuidingQuestion.Status.OPEN).update(
        revision=F("revision") + 1
    )
    if not opened:
        raise ValidationError(_("Diese Leitfrage ist nicht geöffnet: Antworten sind gerade nicht möglich."))
    limit, written = (
        GuidingQuestion.objects.filter(pk=question.pk)
        .annotate(written=Count("answers", filter=Q(answers__participant=participant)))
        .values_list("answers_per_participant", "written")
        .get()
    )
    if written >= limit:
        raise ValidationError(
            _(
                "Sie haben bereits %(count)s Antworten geschrieben – mehr sind bei dieser Frage nicht vorgesehen."
            )
            % {"count": written}
        )
    answer = Answer.objects.create(question=question, participant=participant, text=text)
    answer.written_by_author = written + 1  # the caller's "may they answer again?" needs no query
    return answer


@transaction.atomic
def add_card_answer(*, question: GuidingQuestion, text: str, card_author: str = "") -> Answer:
    """The team types an answer from a paper card (for people without a phone). Allowed in
    every state: cards are often typed up after the round closed."""
    text = _clean_text(text)
    question = _lock_question(question)
    answer = Answer.objects.create(question=question, text=text, card_author=card_author.strip()[:100])
    _bump(question, appended=True)
    return answer


@transaction.atomic
def edit_answer(*, answer: Answer, participant: Participant, text: str) -> Answer:
    text = _clean_text(text)
    question = _lock_question(answer.question)
    _require_open(question)
    if answer.participant_id != participant.pk:
        raise ValidationError(_("Sie können nur Ihre eigenen Antworten ändern."))
    answer.text = text
    answer.save(update_fields=["text", "updated_at"])
    _bump(question)
    return answer


@transaction.atomic
def delete_answer(*, answer: Answer, participant: Participant) -> None:
    """The author deletes their own answer: the only real deletion (moderation only hides)."""
    question = _lock_question(answer.question)
    _require_open(question)
    if answer.participant_id != participant.pk:
        raise ValidationError(_("Sie können nur Ihre eigenen Antworten löschen."))
    answer.delete()
    _bump(question)


@transaction.atomic
def set_answer_flags(
    *, answer: Answer, hidden: bool | None = None, highlighted: bool | None = None
) -> Answer:
    if hidden is not None:
        answer.hidden = hidden
    if highlighted is not None:
        answer.highlighted = highlighted
    answer.save(update_fields=["hidden", "highlighted", "updated_at"])
    _bump(answer.question)
    return answer


# Themes ---------------------------------------------------------------------------------------


def _clean_theme_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Bitte geben Sie dem Thema einen Namen."))
    return name[:120]


@transaction.atomic
def create_theme(*, question: GuidingQuestion, name: str) -> Theme:
    theme = Theme.objects.create(question=question, name=_clean_theme_name(name))
    _bump(question)
    return theme


@transaction.atomic
def rename_theme(*, theme: Theme, name: str) -> Theme:
    theme.name = _clean_theme_name(name)
    theme.save(update_fields=["name"])
    _bump(theme.question)
    return theme


@transaction.atomic
def merge_themes(*, source: Theme, target: Theme) -> Theme:
    """Move every answer of ``source`` into ``target`` and remove ``source``."""
    if source.question_id != target.question_id or source.pk == target.pk:
        raise ValidationError(_("Bitte wählen Sie zwei verschiedene Themen derselben Leitfrage."))
    source.answers.update(theme=target)
    source.delete()
    _bump(target.question)
    return target


@transaction.atomic
def assign_theme(*, answer: Answer, theme: Theme | None) -> Answer:
    if theme is not None and theme.question_id != answer.question_id:
        raise ValidationError(_("Dieses Thema gehört zu einer anderen Leitfrage."))
    answer.theme = theme
    answer.save(update_fields=["theme", "updated_at"])
    _bump(answer.question)
    return answer


# Dot voting -----------------------------------------------------------------------------------


@transaction.atomic
def start_voting(*, question: GuidingQuestion) -> GuidingQuestion:
    """Open the dot vote. Without a set budget the rule of thumb fixes it now, from the answers
    on the wall, so it does not change while people vote."""
    question = _lock_question(question)
    if question.dots_per_participant is None:
        question.dots_per_participant = default_dots(question.answers.filter(hidden=False).count())
    question.voting_open = True
    question.save(update_fields=["dots_per_participant", "voting_open"])
    _bump(question)
    return question


@transaction.atomic
def stop_voting(*, question: GuidingQuestion) -> GuidingQuestion:
    question.voting_open = False
    question.save(update_fields=["voting_open"])
    _bump(question)
    return question


@transaction.atomic
def set_results_revealed(*, question: GuidingQuestion, revealed: bool) -> GuidingQuestion:
    # A dot bumps the walls only if its vote saw the results revealed (_bump_if_dots_shown), and a
    # vote holds its voter's row lock from before it reads that flag until it commits. Taking the
    # workshop's participant rows first waits for the dots in flight, so none commits unbumped
    # after the walls were rendered for the reveal. (No-key locks: answers being written only
    # need the key share lock and must not wait.)
    list(
        Participant.objects.select_for_update(no_key=True)
        .filter(workshop_id=question.workshop_id)
        .values_list("pk", flat=True)
    )
    question.results_revealed = revealed
    question.save(update_fields=["results_revealed"])
    _bump(question)
    return question


def dots_budget(question: GuidingQuestion) -> int:
    return question.dots_per_participant or 0


@transaction.atomic
def add_vote(*, answer: Answer, participant: Participant) -> Vote:
    """Spend one dot. The participant's row is locked first, so two requests of the same person
    are counted one after the other and the budget cannot be exceeded."""
    Participant.objects.select_for_update().only("pk").get(pk=participant.pk)
    question = GuidingQuestion.objects.get(pk=answer.question_id)
    answer = Answer.objects.get(pk=answer.pk)
    if not question.voting_open:
        raise ValidationError(_("Die Punktabfrage ist gerade nicht geöffnet."))
    if answer.hidden:
        raise ValidationError(_("Diese Antwort ist ausgeblendet und kann keine Punkte bekommen."))
    if participant.workshop_id != question.workshop_id:
        raise ValidationError(_("Diese Leitfrage gehört zu einem anderen Workshop."))
    mine = Vote.objects.filter(question=question, participant=participant)
    if mine.count() >= dots_budget(question):
        raise ValidationError(_("Sie haben alle Ihre Punkte vergeben."))
    if mine.filter(answer=answer).count() >= question.max_dots_per_answer:
        raise ValidationError(
            _("Auf eine Antwort können Sie höchstens %(max)s Punkte setzen.")
            % {"max": question.max_dots_per_answer}
        )
    vote = Vote.objects.create(question=question, answer=answer, participant=participant)
    _bump_if_dots_shown(question)
    return vote


@transaction.atomic
def remove_vote(*, answer: Answer, participant: Participant) -> None:
    Participant.objects.select_for_update().only("pk").get(pk=participant.pk)
    question = GuidingQuestion.objects.get(pk=answer.question_id)
    if not question.voting_open:
        raise ValidationError(_("Die Punktabfrage ist gerade nicht geöffnet."))
    vote = Vote.objects.filter(answer=answer, participant=participant).order_by("-pk").first()
    if vote is None:
        raise ValidationError(_("Auf dieser Antwort liegt keiner Ihrer Punkte."))
    vote.delete()
    _bump_if_dots_shown(question)


def ranking(question: GuidingQuestion) -> list[Answer]:
    """Visible answers by dots, most first (one query)."""
    return list(
        question.answers.filter(hidden=False)
        .select_related("theme")
        .annotate(dots=Count("votes"))
        .order_by("-dots", "created_at", "id")
    )


# Live cockpit ---------------------------------------------------------------------------------


@transaction.atomic
def move_agenda(*, workshop: Workshop, direction: str) -> Workshop:
    """Start the next or previous agenda item (or the first one, if none runs)."""
    ids = list(workshop.agenda_items.order_by("position", "id").values_list("pk", flat=True))
    if not ids:
        raise ValidationError(_("Die Tagesordnung ist leer."))
    if workshop.current_item_id not in ids:
        target = ids[0] if direction == "next" else None
    else:
        index = ids.index(workshop.current_item_id) + (1 if direction == "next" else -1)
        target = ids[index] if 0 <= index < len(ids) else None
    if target is None:
        raise ValidationError(
            _("Es gibt keinen nächsten Punkt.")
            if direction == "next"
            else _("Es gibt keinen vorherigen Punkt.")
        )
    return set_current_item(workshop=workshop, item=workshop.agenda_items.get(pk=target))


# Notes ----------------------------------------------------------------------------------------


NOTE_TAGS = {"p", "ul", "ol", "li", "strong", "em", "a", "br"}


def render_note(text: str) -> str:
    """Markdown subset (paragraphs, lists, bold, links) to safe HTML: whatever the Markdown
    produces, nh3 keeps only these tags, http(s)/mailto links, and marks links noopener."""
    html = markdown.markdown(text or "", output_format="html")
    return nh3.clean(
        html,
        tags=NOTE_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


@dataclass
class NoteConflict(Exception):
    """Someone else saved the note since this editor loaded it."""

    note: Note


@transaction.atomic
def save_note(*, agenda_item: AgendaItem, text: str, base_version: int, user) -> Note:
    """Save the note if nobody saved since ``base_version``; otherwise raise NoteConflict with
    the current note, and change nothing. Every real change keeps a NoteVersion."""
    if len(text) > Note._meta.get_field("text").max_length:
        raise ValidationError(_("Die Notiz ist zu lang (höchstens 20.000 Zeichen)."))
    AgendaItem.objects.select_for_update().only("pk").get(pk=agenda_item.pk)
    # The item's row lock makes this get_or_create safe against a concurrent first save.
    note, _created = Note.objects.get_or_create(agenda_item=agenda_item)
    if note.version != base_version:
        raise NoteConflict(note)
    if note.text == text:
        return note
    note.text = text
    note.version += 1
    note.updated_by = user
    note.save(update_fields=["text", "version", "updated_by", "updated_at"])
    NoteVersion.objects.create(note=note, version=note.version, text=text, saved_by=user)
    return note


# For the summary (Gemeinsames Fazit) -----------------------------------------------------------


@dataclass(frozen=True)
class ThemeResult:
    name: str  # empty for answers without a theme
    answers: list[Answer]  # annotated with ``dots``, most dots first


@dataclass(frozen=True)
class QuestionResult:
    question: GuidingQuestion
    themes: list[ThemeResult]
    voted: bool


def summary_questions(workshop: Workshop) -> list[QuestionResult]:
    """Every question that was put to the room, with its visible answers by theme and their dots.
    Three queries. No names: the published summary never says who wrote what."""
    put = {
        "question__workshop": workshop,
        "question__status__in": [GuidingQuestion.Status.OPEN, GuidingQuestion.Status.CLOSED],
    }
    questions = list(workshop.guiding_questions.exclude(status=GuidingQuestion.Status.DRAFT))
    answers = list(
        Answer.objects.filter(hidden=False, **put)
        .annotate(dots=Count("votes"))
        .order_by("-dots", "created_at", "id")
    )
    themes = list(Theme.objects.filter(**put))
    results = []
    for question in questions:
        mine = [a for a in answers if a.question_id == question.pk]
        groups = [
            ThemeResult(theme.name, [a for a in mine if a.theme_id == theme.pk])
            for theme in themes
            if theme.question_id == question.pk
        ]
        groups.append(ThemeResult("", [a for a in mine if a.theme_id is None]))
        results.append(
            QuestionResult(
                question=question,
                themes=[group for group in groups if group.answers],
                voted=any(a.dots for a in mine),
            )
        )
    return results


def summary_notes(workshop: Workshop) -> dict[AgendaItem, str]:
    """The sanitised notes per agenda item, in agenda order (one query)."""
    notes = Note.objects.filter(agenda_item__workshop=workshop).exclude(text="").select_related("agenda_item")
    ordered = sorted(notes, key=lambda note: (note.agenda_item.position, note.agenda_item.pk))
    return {note.agenda_item: render_note(note.text) for note in ordered}
