"""Participant domain operations. Plain functions, keyword-only arguments, one transaction each."""

from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from participants.models import Participant, hash_token
from participants.signals import personal_data_erased
from workshops.models import Workshop
from workshops.vocabulary import ActorGroup, FieldOfWork, Level

# What the join form, the team form and the CSV import may set on a participant.
PERSONAL_FIELDS = (
    "display_name",
    "organisation",
    "function",
    "actor_group",
    "level",
    "place",
    "fields_of_work",
    "introduction",
    "consent_to_be_named",
)


class JoiningClosed(ValidationError):
    pass


class WorkshopFull(ValidationError):
    pass


def _lock_workshop(workshop: Workshop) -> Workshop:
    """Serialise joins of one workshop, so concurrent joins cannot exceed the maximum."""
    return Workshop.objects.select_for_update().get(pk=workshop.pk)


def _new_participant(workshop: Workshop, fields: dict, *, added_by_team: bool) -> tuple[Participant, str]:
    participant = Participant(
        workshop=workshop,
        added_by_team=added_by_team,
        **{k: fields[k] for k in PERSONAL_FIELDS if k in fields},
    )
    token = participant.set_new_resume_token()
    participant.full_clean()
    participant.save()
    return participant, token


@transaction.atomic
def join_workshop(*, workshop: Workshop, **fields) -> tuple[Participant, str]:
    """A person joins on their own device. Returns the participant and their resume token in
    clear (shown once, stored only as a hash)."""
    workshop = _lock_workshop(workshop)
    if not workshop.joining_open:
        raise JoiningClosed(
            _("Der Beitritt zu diesem Workshop ist geschlossen. Bitte wenden Sie sich an das Team.")
        )
    if workshop.participants.count() >= workshop.max_participants:
        raise WorkshopFull(
            _("Dieser Workshop ist voll (höchstens %(max)s Teilnehmende). Bitte wenden Sie sich an das Team.")
            % {"max": workshop.max_participants}
        )
    return _new_participant(workshop, fields, added_by_team=False)


@transaction.atomic
def add_participant(*, workshop: Workshop, **fields) -> Participant:
    """The team adds someone on their behalf (paper sign-in sheet). The team decides, so neither the
    open/closed state nor the maximum applies."""
    participant, _token = _new_participant(workshop, fields, added_by_team=True)
    return participant


@transaction.atomic
def update_participant(*, participant: Participant, **fields) -> Participant:
    for name in PERSONAL_FIELDS:
        if name in fields:
            setattr(participant, name, fields[name])
    participant.full_clean()
    participant.save()
    return participant


@transaction.atomic
def new_resume_link(*, participant: Participant) -> str:
    """Make a new resume token; the old link stops working at once."""
    token = participant.set_new_resume_token()
    participant.save(update_fields=["resume_token_hash"])
    return token


def participant_for_token(*, workshop: Workshop, token: str) -> Participant | None:
    """The participant this resume token belongs to, in this workshop only."""
    if not token or len(token) > 100:
        return None
    return Participant.objects.filter(
        workshop=workshop, resume_token_hash=hash_token(token), erased_at__isnull=True
    ).first()


@transaction.atomic
def remove_participant(*, participant: Participant) -> None:
    """Leaving (or removal by the team) deletes the person's row and with it their personal data."""
    participant.delete()


@transaction.atomic
def set_joining(*, workshop: Workshop, joining_open: bool | None = None, max_participants: int | None = None):
    workshop = _lock_workshop(workshop)
    if joining_open is not None:
        workshop.joining_open = joining_open
    if max_participants is not None:
        workshop.max_participants = max_participants
    workshop.full_clean()
    workshop.save(update_fields=["joining_open", "max_participants", "updated_at"])
    return workshop


@transaction.atomic
def erase_personal_data(*, workshop: Workshop) -> int:
    """Blank the personal data of every participant of a closed workshop. The rows stay (their
    contributions stay, anonymous), with actor group, level and fields of work for the counts."""
    workshop = _lock_workshop(workshop)
    if workshop.status != Workshop.Status.CLOSED:
        raise ValidationError(
            _("Personenbezogene Daten können erst gelöscht werden, wenn der Workshop abgeschlossen ist.")
        )
    now = timezone.now()
    participants = list(workshop.participants.filter(erased_at__isnull=True))
    for participant in participants:
        participant.display_name = ""
        participant.organisation = ""
        participant.function = ""
        participant.place = ""
        participant.introduction = ""
        participant.consent_to_be_named = False
        participant.erased_at = now
        participant.updated_at = now
        participant.set_new_resume_token()  # the old resume link stops working
    Participant.objects.bulk_update(
        participants,
        [
            "display_name",
            "organisation",
            "function",
            "place",
            "introduction",
            "consent_to_be_named",
            "erased_at",
            "updated_at",
            "resume_token_hash",
        ],
    )
    transaction.on_commit(lambda: personal_data_erased.send(sender=Participant, workshop=workshop))
    return len(participants)


def revision(*, workshop_id: int) -> str:
    """Changes whenever someone joins, leaves or edits: one cheap query for live polls."""
    state = Participant.objects.filter(workshop_id=workshop_id).aggregate(
        n=Count("id"), latest=Max("updated_at")
    )
    latest = state["latest"].timestamp() if state["latest"] else 0
    return f"{state['n']}-{latest:.6f}"


def introductions(*, workshop: Workshop, actor_group: str = "", level: str = "") -> list[Participant]:
    participants = workshop.participants.filter(erased_at__isnull=True)
    if actor_group:
        participants = participants.filter(actor_group=actor_group)
    if level:
        participants = participants.filter(level=level)
    return list(participants)


@dataclass(frozen=True)
class OverviewRow:
    actor_group: str
    label: str
    cells: list[int]
    total: int


@dataclass(frozen=True)
class Overview:
    """Who is here: actor groups × levels with counts (0 = not at the table), and fields of work."""

    levels: list[tuple[str, str]]
    rows: list[OverviewRow]
    column_totals: list[int]
    total: int
    fields_of_work: list[tuple[str, int]]
    missing_actor_groups: list[str]
    missing_fields_of_work: list[str]


def overview(*, workshop: Workshop) -> Overview:
    people = list(workshop.participants.values_list("actor_group", "level", "fields_of_work"))
    pairs = Counter((group, level) for group, level, _fields in people)
    levels = list(Level.choices)
    if any(level == "" for _group, level, _fields in people):
        levels.append(("", _("Ebene nicht angegeben")))
    rows = []
    for group, label in ActorGroup.choices:
        cells = [pairs[(group, level)] for level, _label in levels]
        rows.append(OverviewRow(actor_group=group, label=label, cells=cells, total=sum(cells)))
    field_counts = Counter(value for *_rest, fields in people for value in (fields or []))
    return Overview(
        levels=levels,
        rows=rows,
        column_totals=[sum(row.cells[i] for row in rows) for i in range(len(levels))],
        total=len(people),
        fields_of_work=[(label, field_counts[value]) for value, label in FieldOfWork.choices],
        missing_actor_groups=[row.label for row in rows if row.total == 0],
        missing_fields_of_work=[label for value, label in FieldOfWork.choices if not field_counts[value]],
    )
