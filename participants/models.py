import hashlib
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from workshops.models import Workshop
from workshops.vocabulary import ActorGroup, Level

INTRODUCTION_MAX = 280


def hash_token(token: str) -> str:
    """Resume tokens are stored only as a SHA-256 hash: a database leak does not let anyone in."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_resume_token() -> str:
    return secrets.token_urlsafe(24)  # 192 bits


class Participant(models.Model):
    """A person taking part, without an account. Bound to a browser session; a personal resume
    link (token) lets them continue on another device."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="participants")
    display_name = models.CharField(_("Name (oder wie Sie angesprochen werden möchten)"), max_length=100)
    organisation = models.CharField(_("Organisation"), max_length=200, blank=True)
    function = models.CharField(_("Funktion"), max_length=200, blank=True)
    actor_group = models.CharField(_("Akteursgruppe"), max_length=30, choices=ActorGroup.choices)
    level = models.CharField(_("Ebene"), max_length=20, choices=Level.choices, blank=True)
    place = models.CharField(_("Gemeinde oder Region"), max_length=200, blank=True)
    # A list of workshops.vocabulary.FieldOfWork values.
    fields_of_work = models.JSONField(_("Handlungsfelder"), default=list, blank=True)
    introduction = models.CharField(
        _("Kurzvorstellung: Was bringe ich mit, was erwarte ich?"), max_length=INTRODUCTION_MAX, blank=True
    )
    consent_to_be_named = models.BooleanField(
        _("Mein Name darf in der veröffentlichten Dokumentation genannt werden."), default=False
    )
    resume_token_hash = models.CharField(max_length=64, unique=True, editable=False)
    added_by_team = models.BooleanField(default=False)
    # Set when the team erased the personal data of a closed workshop; contributions stay, anonymous.
    erased_at = models.DateTimeField(null=True, blank=True)
    joined_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["joined_at", "id"]
        verbose_name = _("Teilnehmende Person")
        verbose_name_plural = _("Teilnehmende")
        indexes = [models.Index(fields=["workshop", "joined_at"])]

    def __str__(self) -> str:
        return self.display_name or _("Anonym")

    def set_new_resume_token(self) -> str:
        """Make a new resume token (the old one stops working) and return it in clear, once."""
        token = new_resume_token()
        self.resume_token_hash = hash_token(token)
        return token

    @property
    def public_name(self) -> str:
        """How the person appears in published documents: the name only with consent."""
        if self.consent_to_be_named and self.display_name:
            return self.display_name
        parts = [p for p in (self.organisation, self.function) if p]
        return ", ".join(parts) if parts else str(_("Teilnehmende Person"))
