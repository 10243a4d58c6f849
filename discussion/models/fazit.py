"""The shared conclusion (Gemeinsames Fazit): statements in parts, participants' endorsements,
and how the workshop summary is put together and shared."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from participants.models import Participant
from workshops.models import Workshop

__all__ = ["Endorsement", "Fazit", "Statement", "SummarySection", "new_publication_token"]

STATEMENT_MAX = 2000
COMMENT_MAX = 500


def new_publication_token() -> str:
    return secrets.token_urlsafe(24)  # 192 bits: the link is the only key


class SummarySection(models.TextChoices):
    """The parts of the summary, in the order they are printed. QUESTIONS and NOTES come from
    the live discussion (Leitfragen with their answers, the notes per agenda item)."""

    COVER = "cover", _("Deckblatt")
    AGENDA = "agenda", _("Tagesordnung")
    ATTENDANCE = "attendance", _("Wer war da")
    PARTICIPANTS = "participants", _("Liste der Teilnehmenden")
    QUESTIONS = "questions", _("Leitfragen und Antworten")
    NOTES = "notes", _("Notizen zu den Tagesordnungspunkten")
    FAZIT = "fazit", _("Gemeinsames Fazit")


def default_sections() -> list[str]:
    return list(SummarySection.values)


class Fazit(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("fazit state", "Entwurf")
        FINAL = "final", pgettext_lazy("fazit state", "Abgeschlossen")

    workshop = models.OneToOneField(Workshop, on_delete=models.CASCADE, related_name="fazit")
    introduction = models.TextField(_("Einleitung"), blank=True, max_length=STATEMENT_MAX)
    state = models.CharField(_("Stand"), max_length=10, choices=State.choices, default=State.DRAFT)
    finalised_at = models.DateTimeField(_("Abgeschlossen am"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The organiser's choice of SummarySection values for the summary page, the PDF and the
    # published link (saved, so the published PDF shows what the organiser chose).
    summary_sections = models.JSONField(_("Abschnitte der Zusammenfassung"), default=default_sections)
    # Set while the final summary is published; clearing it revokes the link.
    publication_token = models.CharField(max_length=40, null=True, blank=True, unique=True, editable=False)
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Gemeinsames Fazit")
        verbose_name_plural = _("Gemeinsame Fazits")

    def __str__(self) -> str:
        return str(self.workshop)

    @property
    def is_final(self) -> bool:
        return self.state == self.State.FINAL

    @property
    def is_published(self) -> bool:
        return bool(self.publication_token)


class Statement(models.Model):
    class Part(models.TextChoices):
        AGREED = "agreed", _("Vereinbart")
        OPEN = "open", _("Offen / strittig")
        NEXT_STEP = "next_step", _("Nächste Schritte")
        ADDRESSEE = "addressee", _("Adressaten")

    fazit = models.ForeignKey(Fazit, on_delete=models.CASCADE, related_name="statements")
    part = models.CharField(_("Teil"), max_length=20, choices=Part.choices)
    position = models.PositiveIntegerField()
    text = models.TextField(_("Aussage"), max_length=STATEMENT_MAX)
    # Next steps only: who does it, by when (free text: "bis Herbst", "Q3 2030").
    responsible = models.CharField(_("Wer"), max_length=200, blank=True)
    due = models.CharField(_("Bis wann"), max_length=100, blank=True)
    # Where the statement was taken from in one click on the moderation page (kept as a link
    # for the reader; the text is a copy, so deleting the answer or theme loses nothing).
    source_answer = models.ForeignKey(
        "discussion.Answer", null=True, blank=True, on_delete=models.SET_NULL, related_name="fazit_statements"
    )
    source_theme = models.ForeignKey(
        "discussion.Theme", null=True, blank=True, on_delete=models.SET_NULL, related_name="fazit_statements"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("Aussage")
        verbose_name_plural = _("Aussagen")
        constraints = [
            models.UniqueConstraint(fields=["fazit", "part", "position"], name="statement_unique_position")
        ]

    def __str__(self) -> str:
        return self.text[:80]


class Endorsement(models.Model):
    class Stance(models.TextChoices):
        SUPPORT = "support", _("Trage ich mit")
        OBJECTION = "objection", _("Einwand")

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="endorsements")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="fazit_endorsements")
    stance = models.CharField(_("Haltung"), max_length=10, choices=Stance.choices)
    comment = models.CharField(_("Kommentar (freiwillig)"), max_length=COMMENT_MAX, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("Rückmeldung zum Fazit")
        verbose_name_plural = _("Rückmeldungen zum Fazit")
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "participant"], name="endorsement_one_per_participant"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_stance_display()}: {self.statement}"
