import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Join codes avoid look-alike characters (0/O, 1/l/I, 5/S, 2/Z, 8/B) so they can be read off a projector.
JOIN_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
JOIN_CODE_LENGTH = 6
MAX_ITEM_MINUTES = 600


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def new_share_token() -> str:
    return secrets.token_urlsafe(16)


class Role(models.TextChoices):
    ORGANISER = "organiser", _("Veranstalter")
    FACILITATOR = "facilitator", _("Moderation")
    NOTE_TAKER = "note_taker", _("Protokoll")


ROLE_RANK = {Role.NOTE_TAKER: 1, Role.FACILITATOR: 2, Role.ORGANISER: 3}


class Workshop(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        LIVE = "live", pgettext_lazy("workshop status", "Läuft")
        CLOSED = "closed", _("Abgeschlossen")

    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kurzname"), max_length=80, unique=True)
    subtitle = models.CharField(_("Untertitel / Thema"), max_length=200, blank=True)
    region = models.CharField(_("Region"), max_length=200, blank=True)
    venue = models.CharField(_("Ort"), max_length=200, blank=True)
    date = models.DateField(_("Datum"))
    start_time = models.TimeField(_("Beginn"))
    planned_end_time = models.TimeField(_("Geplantes Ende"))
    organiser_name = models.CharField(_("Veranstalter (Organisation)"), max_length=200, blank=True)
    description = models.TextField(_("Beschreibung"), blank=True, max_length=5000)
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices, default=Status.DRAFT)

    # Joining (participants app uses these; they belong to the workshop as a whole).
    join_code = models.CharField(
        _("Zugangscode"), max_length=JOIN_CODE_LENGTH, unique=True, default=new_join_code
    )
    joining_open = models.BooleanField(_("Beitritt offen"), default=False)
    max_participants = models.PositiveIntegerField(
        _("Höchstzahl Teilnehmende"), default=150, validators=[MinValueValidator(1), MaxValueValidator(2000)]
    )
    # The read-only agenda can be shared with people outside the team through this token.
    share_token = models.CharField(max_length=40, unique=True, default=new_share_token, editable=False)

    # Live session: which agenda item runs now, and since when (server time, so every screen agrees).
    current_item = models.ForeignKey(
        "AgendaItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    current_item_started_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-start_time"]
        verbose_name = _("Workshop")
        verbose_name_plural = _("Workshops")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_end_time__gt=models.F("start_time")),
                name="workshop_end_after_start",
                violation_error_message=_("Das geplante Ende muss nach dem Beginn liegen."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workshops:detail", kwargs={"slug": self.slug})

    @property
    def starts_at(self) -> dt.datetime:
        return dt.datetime.combine(self.date, self.start_time)

    @property
    def planned_minutes(self) -> int:
        start = dt.datetime.combine(self.date, self.start_time)
        end = dt.datetime.combine(self.date, self.planned_end_time)
        return int((end - start).total_seconds() // 60)

    def schedule(self, items=None) -> "Schedule":
        """Start and end of every agenda item, computed from the workshop's start and the
        durations before it. Pass already-fetched items to avoid another query."""
        if items is None:
            items = list(self.agenda_items.all())
        return Schedule.compute(self, items)


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        WELCOME = "welcome", _("Begrüßung")
        INTRODUCTIONS = "introductions", _("Vorstellungsrunde")
        TALK = "talk", _("Input / Vortrag")
        EXPERIENCE = "experience", _("Erfahrungsbericht")
        DISCUSSION = "discussion", _("Diskussion")
        WORKING_GROUPS = "groups", _("Arbeitsgruppen")
        BREAK = "break", _("Pause")
        CONCLUSION = "conclusion", _("Fazit")
        OTHER = "other", pgettext_lazy("agenda kind", "Sonstiges")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveIntegerField()
    title = models.CharField(_("Titel"), max_length=200)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.TALK)
    duration_minutes = models.PositiveSmallIntegerField(
        _("Dauer (Minuten)"), validators=[MinValueValidator(1), MaxValueValidator(MAX_ITEM_MINUTES)]
    )
    presenters = models.CharField(_("Mitwirkende"), max_length=300, blank=True)
    description = models.TextField(_("Beschreibung"), blank=True, max_length=2000)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("Tagesordnungspunkt")
        verbose_name_plural = _("Tagesordnungspunkte")
        constraints = [
            models.UniqueConstraint(fields=["workshop", "position"], name="agenda_item_unique_position"),
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=1, duration_minutes__lte=MAX_ITEM_MINUTES),
                name="agenda_item_duration_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title


@dataclass(frozen=True)
class ScheduledItem:
    item: AgendaItem
    starts_at: dt.datetime
    ends_at: dt.datetime
    planned_end: dt.datetime

    @property
    def overruns(self) -> bool:
        """This item ends after the workshop's planned end."""
        return self.ends_at > self.planned_end


@dataclass(frozen=True)
class Schedule:
    rows: list[ScheduledItem]
    starts_at: dt.datetime
    ends_at: dt.datetime
    planned_end: dt.datetime

    @classmethod
    def compute(cls, workshop: Workshop, items: list[AgendaItem]) -> "Schedule":
        start = dt.datetime.combine(workshop.date, workshop.start_time)
        planned_end = dt.datetime.combine(workshop.date, workshop.planned_end_time)
        rows = []
        cursor = start
        for item in items:
            end = cursor + dt.timedelta(minutes=item.duration_minutes)
            rows.append(ScheduledItem(item=item, starts_at=cursor, ends_at=end, planned_end=planned_end))
            cursor = end
        return cls(rows=rows, starts_at=start, ends_at=cursor, planned_end=planned_end)

    @property
    def total_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def planned_minutes(self) -> int:
        return int((self.planned_end - self.starts_at).total_seconds() // 60)

    @property
    def overrun_minutes(self) -> int:
        """Minutes the agenda runs past the planned end (0 if it fits)."""
        return max(0, self.total_minutes - self.planned_minutes)

    @property
    def remaining_minutes(self) -> int:
        return max(0, self.planned_minutes - self.total_minutes)

    @property
    def overruns(self) -> bool:
        return self.overrun_minutes > 0


class Membership(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Teammitglied")
        verbose_name_plural = _("Team")
        constraints = [models.UniqueConstraint(fields=["workshop", "user"], name="membership_unique_user")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.workshop}"

    def has_role(self, minimum: str) -> bool:
        return ROLE_RANK[Role(self.role)] >= ROLE_RANK[Role(minimum)]
