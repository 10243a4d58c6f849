"""Fazit operations. Plain functions, keyword-only arguments, one transaction each.

Once the Fazit is final, every change is refused with FazitLocked and nothing is written.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Max, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from discussion.models import (
    Answer,
    Endorsement,
    Fazit,
    Statement,
    SummarySection,
    Theme,
    new_publication_token,
)
from participants.models import Participant
from workshops.models import Workshop

# Positions move out of the way by this offset before renumbering, so the unique
# (fazit, part, position) constraint holds at every step of a reorder.
_POSITION_OFFSET = 100_000

LOCKED_MESSAGE = gettext_lazy("Das Fazit ist abgeschlossen und kann nicht mehr geändert werden.")
STATEMENT_FIELDS = ("text", "responsible", "due")


class FazitLocked(ValidationError):
    def __init__(self):
        super().__init__(LOCKED_MESSAGE, code="locked")


def fazit_for(workshop: Workshop) -> Fazit:
    """The workshop's Fazit for a change, saved on first use (every workshop has at most one)."""
    fazit, _created = Fazit.objects.get_or_create(workshop=workshop)
    return fazit


def current_fazit(workshop: Workshop) -> Fazit:
    """The workshop's Fazit for reading: the saved one, or an empty unsaved draft, so that
    merely looking at a page writes nothing."""
    return Fazit.objects.filter(workshop=workshop).select_related("finalised_by").first() or Fazit(
        workshop=workshop
    )


def _with_counts(statements):
    return statements.annotate(
        support_count=Count("endorsements", filter=Q(endorsements__stance=Endorsement.Stance.SUPPORT)),
        objection_count=Count("endorsements", filter=Q(endorsements__stance=Endorsement.Stance.OBJECTION)),
    ).order_by("position", "id")


def parts_for_team(fazit: Fazit) -> list[dict]:
    """Statements by part with their counts and the comments participants left (two queries).
    Comments are shown without names: the team needs the argument, not the person."""
    commented = Endorsement.objects.exclude(comment="").order_by("created_at", "id")
    statements = list(
        _with_counts(Statement.objects.filter(fazit__workshop=fazit.workshop_id))
        .select_related("source_answer__question", "source_theme__question")
        .prefetch_related(Prefetch("endorsements", queryset=commented, to_attr="comments"))
    )
    return [
        {"key": key, "label": label, "statements": [s for s in statements if s.part == key]}
        for key, label in Statement.Part.choices
    ]


def parts_for_participant(fazit: Fazit, participant: Participant) -> list[dict]:
    """Statements by part, each with ``mine``: this participant's endorsement or None (two queries)."""
    statements = list(Statement.objects.filter(fazit__workshop=fazit.workshop_id).order_by("position", "id"))
    mine = {e.statement_id: e for e in Endorsement.objects.filter(participant=participant)}
    for statement in statements:
        statement.mine = mine.get(statement.pk)
    return [
        {"key": key, "label": label, "statements": [s for s in statements if s.part == key]}
        for key, label in Statement.Part.choices
    ]


def _lock_open(fazit: Fazit) -> Fazit:
    """Lock the Fazit row for this transaction and refuse if it is final (another facilitator
    may have finalised it a moment ago, so the check reads the locked row, not ``fazit``)."""
    locked = Fazit.objects.select_for_update().get(pk=fazit.pk)
    if locked.is_final:
        raise FazitLocked
    return locked


@transaction.atomic
def update_introduction(*, fazit: Fazit, introduction: str) -> Fazit:
    fazit = _lock_open(fazit)
    fazit.introduction = introduction
    fazit.full_clean()
    fazit.save(update_fields=["introduction", "updated_at"])
    return fazit


@transaction.atomic
def add_statement(
    *,
    fazit: Fazit,
    part: str,
    text: str,
    responsible: str = "",
    due: str = "",
    source_answer: Answer | None = None,
    source_theme: Theme | None = None,
) -> Statement:
    fazit = _lock_open(fazit)
    last = fazit.statements.filter(part=part).aggregate(last=Max("position"))["last"]
    statement = Statement(
        fazit=fazit,
        part=part,
        position=(last or 0) + 1,
        text=text,
        source_answer=source_answer,
        source_theme=source_theme,
    )
    if part == Statement.Part.NEXT_STEP:
        statement.responsible, statement.due = responsible, due
    statement.full_clean()
    statement.save()
    return statement


def statement_from_answer(*, answer: Answer, part: str) -> Statement:
    """One click on the moderation page: the answer's text becomes a statement, linked to it."""
    fazit = fazit_for(answer.question.workshop)
    return add_statement(fazit=fazit, part=part, text=answer.text, source_answer=answer)


def statement_from_theme(*, theme: Theme, part: str) -> Statement:
    """One click on the moderation page: the theme's name becomes a statement, linked to it."""
    fazit = fazit_for(theme.question.workshop)
    return add_statement(fazit=fazit, part=part, text=theme.name, source_theme=theme)


@transaction.atomic
def update_statement(*, statement: Statement, **fields) -> Statement:
    _lock_open(statement.fazit)
    for name in STATEMENT_FIELDS:
        if name in fields:
            setattr(statement, name, fields[name])
    if statement.part != Statement.Part.NEXT_STEP:
        statement.responsible = statement.due = ""
    statement.full_clean()
    statement.save(update_fields=[*STATEMENT_FIELDS, "updated_at"])
    return statement


def _renumber(fazit: Fazit, part: str, ordered_ids: list[int]) -> None:
    """Positions 1..n in this order. Call inside a transaction holding the Fazit lock."""
    statements = fazit.statements.filter(part=part)
    statements.update(position=F("position") + _POSITION_OFFSET)
    for position, pk in enumerate(ordered_ids, start=1):
        statements.filter(pk=pk).update(position=position)


@transaction.atomic
def delete_statement(*, statement: Statement) -> None:
    fazit = _lock_open(statement.fazit)
    statement.delete()
    ids = list(fazit.statements.filter(part=statement.part).order_by("position").values_list("pk", flat=True))
    _renumber(fazit, statement.part, ids)


@transaction.atomic
def move_statement(*, statement: Statement, direction: str) -> None:
    """One place up or down within its part (the keyboard and no-JS path)."""
    fazit = _lock_open(statement.fazit)
    ids = list(fazit.statements.filter(part=statement.part).order_by("position").values_list("pk", flat=True))
    if statement.pk not in ids:
        raise Statement.DoesNotExist("deleted by someone else meanwhile")
    index = ids.index(statement.pk)
    target = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= target < len(ids):
        return
    ids[index], ids[target] = ids[target], ids[index]
    _renumber(fazit, statement.part, ids)


@transaction.atomic
def finalise(*, fazit: Fazit, user) -> Fazit:
    fazit = _lock_open(fazit)
    fazit.state = Fazit.State.FINAL
    fazit.finalised_at = timezone.now()
    fazit.finalised_by = user
    fazit.save(update_fields=["state", "finalised_at", "finalised_by", "updated_at"])
    return fazit


@transaction.atomic
def endorse(*, statement: Statement, participant: Participant, stance: str, comment: str = "") -> Endorsement:
    """Record this participant's stance on a statement; a second answer replaces the first."""
    _lock_open(statement.fazit)
    if participant.workshop_id != statement.fazit.workshop_id:
        raise ValidationError(_("Diese Aussage gehört zu einem anderen Workshop."))
    endorsement = Endorsement(statement=statement, participant=participant, stance=stance, comment=comment)
    endorsement.full_clean(validate_unique=False, validate_constraints=False)
    endorsement, _created = Endorsement.objects.update_or_create(
        statement=statement, participant=participant, defaults={"stance": stance, "comment": comment}
    )
    return endorsement


@transaction.atomic
def choose_sections(*, fazit: Fazit, sections: list[str]) -> Fazit:
    """Which sections the summary shows. Allowed also after finalising: it changes the
    rendering, not the agreed content."""
    fazit = Fazit.objects.select_for_update().get(pk=fazit.pk)
    fazit.summary_sections = [s for s in SummarySection.values if s in set(sections)]
    fazit.save(update_fields=["summary_sections", "updated_at"])
    return fazit


@transaction.atomic
def publish(*, fazit: Fazit) -> Fazit:
    """Publish the final summary under a new unguessable link."""
    fazit = Fazit.objects.select_for_update().get(pk=fazit.pk)
    if not fazit.is_final:
        raise ValidationError(_("Nur ein abgeschlossenes Fazit kann veröffentlicht werden."))
    if not fazit.is_published:
        fazit.publication_token = new_publication_token()
        fazit.published_at = timezone.now()
        fazit.save(update_fields=["publication_token", "published_at", "updated_at"])
    return fazit


@transaction.atomic
def unpublish(*, fazit: Fazit) -> Fazit:
    """Revoke the link: the old address answers 404 from now on."""
    fazit = Fazit.objects.select_for_update().get(pk=fazit.pk)
    fazit.publication_token = None
    fazit.published_at = None
    fazit.save(update_fields=["publication_token", "published_at", "updated_at"])
    return fazit
