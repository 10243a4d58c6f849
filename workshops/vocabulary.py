"""The field's shared vocabulary (see shared/DOMAIN.md): choice lists every app may use.

They live in the lowest layer so participants and discussion can import them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ActorGroup(models.TextChoices):
    ADMINISTRATION = "verwaltung", _("Verwaltung")
    POLITICS = "politik", _("Politik")
    REGIONAL_PLANNING = "regionalplanung", _("Regionalplanung")
    BUSINESS = "wirtschaft", _("Wirtschaft")
    CIVIL_SOCIETY = "zivilgesellschaft", _("Zivilgesellschaft (Vereine, Verbände, Kirchen, Wohlfahrt)")
    SCIENCE = "wissenschaft", _("Wissenschaft / Beratung")
    CITIZENS = "buerger", _("Bürgerinnen und Bürger")
    OTHER = "sonstige", pgettext_lazy("actor group", "Sonstige")


class Level(models.TextChoices):
    MUNICIPALITY = "gemeinde", _("Gemeinde / Stadt / Amt")
    DISTRICT = "landkreis", _("Landkreis")
    REGION = "region", _("Region / Planungsverband")
    STATE = "land", _("Land")
    FEDERAL = "bund", _("Bund")


class FieldOfWork(models.TextChoices):
    """Handlungsfelder der Daseinsvorsorge: tags for participants, questions and results."""

    EDUCATION = "bildung", _("Bildung / Schule")
    CHILDCARE = "kinderbetreuung", _("Kinderbetreuung")
    CARE = "pflege", _("Pflege und Leben im Alter")
    HEALTH = "gesundheit", _("Ärztliche Versorgung / Gesundheit")
    LOCAL_SUPPLY = "nahversorgung", _("Nahversorgung")
    MOBILITY = "mobilitaet", _("Mobilität / ÖPNV")
    SOCIAL = "treffpunkte", _("Soziale Treffpunkte / Kultur")
    HOUSING = "siedlung", _("Siedlungsentwicklung / Leerstand / Wohnen")
    WATER = "wasser", _("Wasserver- und -entsorgung")
    FIRE = "brandschutz", _("Brandschutz und Gefahrenabwehr")
    DIGITAL = "digital", _("Breitband / Digitalisierung")
    ENERGY = "energie", _("Energie")
    ECONOMY = "wirtschaft", _("Wirtschaft / Arbeit")
    ADMINISTRATION = "verwaltung", _("Öffentliche Verwaltung")
