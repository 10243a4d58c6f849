"""Everything the workshop summary shows, gathered in a fixed number of queries.

The HTML page, the PDF, Markdown and CSV all render from one ``Summary``. The live discussion
fills ``questions`` (Leitfragen with visible answers by theme, with votes; three queries) and
``notes_by_item`` (sanitised notes per agenda item; one query), so the count stays fixed.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from discussion import services as discussion_services
from discussion.models import Endorsement, Fazit, Statement, SummarySection
from participants.models import Participant
from workshops.models import Membership, Role, Schedule, Workshop
from workshops.vocabulary import ActorGroup, Level


@dataclass(frozen=True)
class ParticipantEntry:
    label: str  # the name only with consent, else organisation and function
    actor_group: str
    level: str


@dataclass(frozen=True)
class AttendanceRow:
    label: str
    counts: list[int]  # one per level column
    total: int


@dataclass(frozen=True)
class Attendance:
    columns: list[str]
    rows: list[AttendanceRow]
    totals: list[int]
    total: int


@dataclass(frozen=True)
class FazitPart:
    key: str
    label: str
    statements: list[Statement]  # annotated with support_count and objection_count


@dataclass
class Summary:
    workshop: Workshop
    sections: list[str]
    fazit: Fazit | None
    organisers: list[str]
    facilitators: list[str]
    note_takers: list[str]
    participant_count: int
    schedule: Schedule
    attendance: Attendance
    participants: list[ParticipantEntry]
    fazit_parts: list[FazitPart]
    # Filled by the discussion integration (see module docstring).
    questions: list = field(default_factory=list)
    notes_by_item: dict = field(default_factory=dict)

    def shows(self, section: str) -> bool:
        return section in self.sections

    @property
    def show(self) -> dict[str, bool]:
        """For templates: ``summary.show.cover`` and so on."""
        return {section: section in self.sections for section in SummarySection.values}

    @property
    def next_steps(self) -> list[Statement]:
        return next((p.statements for p in self.fazit_parts if p.key == Statement.Part.NEXT_STEP), [])

    @property
    def has_fazit_content(self) -> bool:
        return bool(self.fazit and self.fazit.introduction) or any(p.statements for p in self.fazit_parts)


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


def _attendance(participants: list[Participant]) -> Attendance:
    levels = [*Level.choices, ("", _("ohne Angabe"))]
    counts = Counter((p.actor_group, p.level) for p in participants)
    rows = []
    for group, group_label in ActorGroup.choices:
        row = [counts[(group, level)] for level, _label in levels]
        if sum(row):
            rows.append(AttendanceRow(label=str(group_label), counts=row, total=sum(row)))
    totals = [sum(row.counts[i] for row in rows) for i in range(len(levels))]
    return Attendance(
        columns=[str(label) for _level, label in levels], rows=rows, totals=totals, total=sum(totals)
    )


def _entry(participant: Participant) -> ParticipantEntry:
    label = participant.public_name
    if participant.consent_to_be_named and participant.display_name:
        details = ", ".join(p for p in (participant.organisation, participant.function) if p)
        label = f"{label} ({details})" if details else label
    return ParticipantEntry(
        label=label, actor_group=participant.get_actor_group_display(), level=participant.get_level_display()
    )


def gather_summary(*, workshop: Workshop, sections: list[str] | None = None) -> Summary:
    """Nine queries, whatever the size of the workshop: Fazit, team, agenda, participants,
    statements with their endorsement counts, questions, answers, themes, notes. ``sections``
    overrides the saved choice."""
    fazit = Fazit.objects.filter(workshop=workshop).select_related("finalised_by").first()
    if sections is None:
        sections = fazit.summary_sections if fazit else SummarySection.values
    sections = [s for s in SummarySection.values if s in set(sections)]

    team: dict[str, list[str]] = {role: [] for role in Role.values}
    for membership in (
        Membership.objects.filter(workshop=workshop).select_related("user").order_by("created_at")
    ):
        team[membership.role].append(_person(membership.user))

    items = list(workshop.agenda_items.all())
    participants = list(Participant.objects.filter(workshop=workshop))
    present = [p for p in participants if p.erased_at is None]

    statements = list(
        Statement.objects.filter(fazit__workshop=workshop)
        .annotate(
            support_count=Count("endorsements", filter=Q(endorsements__stance=Endorsement.Stance.SUPPORT)),
            objection_count=Count(
                "endorsements", filter=Q(endorsements__stance=Endorsement.Stance.OBJECTION)
            ),
        )
        .order_by("position", "id")
    )
    parts = [
        FazitPart(key=key, label=str(label), statements=[s for s in statements if s.part == key])
        for key, label in Statement.Part.choices
    ]

    return Summary(
        workshop=workshop,
        sections=sections,
        fazit=fazit,
        organisers=team[Role.ORGANISER],
        facilitators=team[Role.FACILITATOR],
        note_takers=team[Role.NOTE_TAKER],
        participant_count=len(participants),
        schedule=workshop.schedule(items),
        attendance=_attendance(participants),
        participants=[_entry(p) for p in present],
        fazit_parts=parts,
        questions=discussion_services.summary_questions(workshop),
        notes_by_item=discussion_services.summary_notes(workshop),
    )
