"""The live discussion: guiding questions, answers, themes, dot votes and the minutes (notes)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from participants.models import Participant
from workshops.models import AgendaItem, Workshop
from workshops.vocabulary import FieldOfWork

__all__ = [
    "ANSWER_MAX",
    "NOTE_MAX",
    "default_dots",
    "Answer",
    "GuidingQuestion",
    "Note",
    "NoteVersion",
    "Theme",
    "Vote",
]

ANSWER_MAX = 500
NOTE_MAX = 20_000


def default_dots(options: int) -> int:
    """The facilitators' rule of thumb: dots per person = options ÷ 2 + 1, rounded down."""
    return options // 2 + 1


class GuidingQuestion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        OPEN = "open", pgettext_lazy("question status", "Offen")
        CLOSED = "closed", pgettext_lazy("question status", "Geschlossen")

    class Visibility(models.TextChoices):
        PARTICIPANTS = "participants", _("Live-Wand für alle Teilnehmenden")
        TEAM = "team", _("Nur für das Team")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="guiding_questions")
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("Tagesordnungspunkt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="guiding_questions",
    )
    position = models.PositiveIntegerField(default=0)
    text = models.CharField(_("Leitfrage"), max_length=500)
    fields_of_work = models.JSONField(_("Handlungsfelder"), default=list, blank=True)
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    visibility = models.CharField(
        _("Antworten sichtbar"), max_length=20, choices=Visibility.choices, default=Visibility.PARTICIPANTS
    )
    anonymous = models.BooleanField(_("Antworten ohne Namen anzeigen"), default=True)
    answers_per_participant = models.PositiveSmallIntegerField(
        _("Antworten je Person"), default=3, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    # Empty until voting starts: then the rule of thumb fills it from the number of answers.
    dots_per_participant = models.PositiveSmallIntegerField(
        _("Punkte je Person"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_(
            "Leer lassen: Anzahl der Antworten ÷ 2 + 1 (abgerundet), festgelegt beim Start der Punktabfrage."
        ),
    )
    max_dots_per_answer = models.PositiveSmallIntegerField(
        _("Höchstens Punkte je Antwort"), default=2, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    voting_open = models.BooleanField(_("Punktabfrage läuft"), default=False)
    results_revealed = models.BooleanField(_("Ergebnis sichtbar"), default=False)
    # Bumped in the same transaction as every change to what the wall shows, so a poll only
    # compares this number (one small query) and walls are cached per revision.
    revision = models.PositiveIntegerField(default=0)
    # The revision of the last change other than an appended answer (hiding, themes, edits, dots,
    # settings): a client at this revision or later only misses new answers, and a poll sends
    # just those instead of the whole wall.
    layout_revision = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("Leitfrage")
        verbose_name_plural = _("Leitfragen")

    def __str__(self) -> str:
        return self.text

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def wall_public(self) -> bool:
        return self.visibility == self.Visibility.PARTICIPANTS

    def field_of_work_labels(self) -> list[str]:
        labels = dict(FieldOfWork.choices)
        return [labels[value] for value in self.fields_of_work if value in labels]


class Theme(models.Model):
    """A cluster of answers (Kartenabfrage: the facilitator groups the cards)."""

    question = models.ForeignKey(GuidingQuestion, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(_("Thema"), max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("Thema")
        verbose_name_plural = _("Themen")

    def __str__(self) -> str:
        return self.name


class Answer(models.Model):
    question = models.ForeignKey(GuidingQuestion, on_delete=models.CASCADE, related_name="answers")
    # Empty when the team typed the answer from a paper card.
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.CASCADE, related_name="answers"
    )
    card_author = models.CharField(_("Karte von (optional)"), max_length=100, blank=True)
    text = models.CharField(_("Ihre Antwort"), max_length=ANSWER_MAX)
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("Thema"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answers",
    )
    hidden = models.BooleanField(_("Ausgeblendet"), default=False)
    highlighted = models.BooleanField(_("Hervorgehoben"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("Antwort")
        verbose_name_plural = _("Antworten")
        indexes = [models.Index(fields=["question", "created_at"])]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def from_paper_card(self) -> bool:
        return self.participant_id is None


class Vote(models.Model):
    """One dot. Several rows for the same answer are several dots on it."""

    question = models.ForeignKey(GuidingQuestion, on_delete=models.CASCADE, related_name="votes")
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Punkt")
        verbose_name_plural = _("Punkte")
        indexes = [models.Index(fields=["question", "participant"])]

    def __str__(self) -> str:
        return f"{self.participant_id} → {self.answer_id}"


class Note(models.Model):
    """The minutes of one agenda item. ``version`` counts saves; a save names the version it
    started from, so two people editing at once get a conflict instead of a lost text."""

    agenda_item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="note")
    text = models.TextField(_("Notizen"), blank=True, max_length=NOTE_MAX)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("Notiz")
        verbose_name_plural = _("Notizen")

    def __str__(self) -> str:
        return str(self.agenda_item)


class NoteVersion(models.Model):
    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    text = models.TextField(max_length=NOTE_MAX)
    saved_at = models.DateTimeField(auto_now_add=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-version"]
        verbose_name = _("Notizfassung")
        verbose_name_plural = _("Notizfassungen")
        constraints = [models.UniqueConstraint(fields=["note", "version"], name="note_version_unique")]

    def __str__(self) -> str:
        return f"{self.note} ({self.version})"
