"""Workshop domain operations. Plain functions, keyword-only arguments, one transaction each."""

import datetime as dt
import hashlib
import json

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Max, Value, When
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from workshops.models import AgendaItem, Membership, Role, Workshop, new_join_code

# Positions are moved out of the way by this offset before renumbering, so the unique
# (workshop, position) constraint holds at every step of a reorder.
_POSITION_OFFSET = 100_000

WORKSHOP_FIELDS = (
    "title",
    "subtitle",
    "region",
    "venue",
    "date",
    "start_time",
    "planned_end_time",
    "organiser_name",
    "description",
    "status",
    "max_participants",
)
ITEM_FIELDS = ("title", "kind", "duration_minutes", "presenters", "description")


def unique_slug(title: str, date: dt.date | None = None, *, exclude_pk: int | None = None) -> str:
    base = slugify(f"{title} {date.isoformat() if date else ''}")[:70].strip("-") or "workshop"
    candidate, n = base, 2
    others = Workshop.objects.exclude(pk=exclude_pk) if exclude_pk else Workshop.objects.all()
    while others.filter(slug=candidate).exists():
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _unique_join_code() -> str:
    while True:
        code = new_join_code()
        if not Workshop.objects.filter(join_code=code).exists():
            return code


def _lock_workshop(workshop: Workshop) -> Workshop:
    """Serialise agenda changes of one workshop (two facilitators editing at once)."""
    return Workshop.objects.select_for_update().get(pk=workshop.pk)


@transaction.atomic
def create_workshop(*, user, **fields) -> Workshop:
    """Create a workshop; its creator becomes organiser."""
    workshop = Workshop(**{k: v for k, v in fields.items() if k in WORKSHOP_FIELDS})
    workshop.slug = unique_slug(workshop.title, workshop.date)
    workshop.join_code = _unique_join_code()
    workshop.full_clean()
    workshop.save()
    Membership.objects.create(workshop=workshop, user=user, role=Role.ORGANISER)
    return workshop


@transaction.atomic
def update_workshop(*, workshop: Workshop, **fields) -> Workshop:
    changed = [name for name in fields if name in WORKSHOP_FIELDS]
    for name in changed:
        setattr(workshop, name, fields[name])
    workshop.full_clean()
    # Save only the edited fields: joining and the live agenda item are changed elsewhere at the
    # same time, and a stale copy of them must not be written back.
    workshop.save(update_fields=[*changed, "updated_at"])
    return workshop


@transaction.atomic
def add_item(*, workshop: Workshop, **fields) -> AgendaItem:
    _lock_workshop(workshop)
    last = workshop.agenda_items.aggregate(last=Max("position"))["last"]
    item = AgendaItem(
        workshop=workshop, position=(last or 0) + 1, **{k: fields[k] for k in ITEM_FIELDS if k in fields}
    )
    item.full_clean()
    item.save()
    return item


def item_version(item: AgendaItem) -> str:
    """A short fingerprint of what an item says. An edit form carries the version it started from,
    so a save over someone else's change in between is noticed instead of silently overwriting it."""
    content = json.dumps([getattr(item, name) for name in ITEM_FIELDS], ensure_ascii=False)
    return hashlib.sha256(content.encode()).hexdigest()[:16]


class EditConflict(ValidationError):
    """The item changed since the edit form was opened; ``current`` is what is saved now."""

    def __init__(self, current: AgendaItem):
        super().__init__(
            _(
                "Jemand anderes hat diesen Punkt inzwischen geändert. Prüfen Sie Ihre Eingaben und speichern Sie erneut."
            )
        )
        self.current = current


@transaction.atomic
def update_item(*, item: AgendaItem, version: str = "", **fields) -> AgendaItem:
    """Save an item's text. With ``version`` (from :func:`item_version` when editing began) the save
    is refused with :class:`EditConflict` if the item has changed since."""
    current = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if version and version != item_version(current):
        raise EditConflict(current)
    for name in ITEM_FIELDS:
        if name in fields:
            setattr(current, name, fields[name])
    current.full_clean()
    current.save(update_fields=[*ITEM_FIELDS])
    return current


@transaction.atomic
def delete_item(*, item: AgendaItem) -> None:
    workshop = _lock_workshop(item.workshop)
    item.delete()
    _renumber(workshop, list(workshop.agenda_items.order_by("position").values_list("pk", flat=True)))


def _renumber(workshop: Workshop, ordered_ids: list[int]) -> None:
    """Give the items positions 1..n in the given order, in two statements whatever the length.
    Call inside a transaction holding the workshop lock."""
    if not ordered_ids:
        return
    items = workshop.agenda_items
    items.update(position=F("position") + _POSITION_OFFSET)
    items.update(
        position=Case(
            *(When(pk=pk, then=Value(position)) for position, pk in enumerate(ordered_ids, start=1))
        )
    )


@transaction.atomic
def reorder_items(*, workshop: Workshop, ordered_ids: list[int]) -> None:
    """Put the agenda in exactly this order. The ids must be the workshop's items, each once:
    anything else (a foreign item, a missing or repeated one) is refused and nothing changes."""
    workshop = _lock_workshop(workshop)
    current = set(workshop.agenda_items.values_list("pk", flat=True))
    if len(ordered_ids) != len(set(ordered_ids)) or set(ordered_ids) != current:
        raise ValidationError(
            _("Die Reihenfolge passt nicht zur aktuellen Tagesordnung. Bitte laden Sie die Seite neu.")
        )
    _renumber(workshop, ordered_ids)


@transaction.atomic
def move_item(*, item: AgendaItem, direction: str) -> int:
    """Move one item one place up or down (the keyboard and no-JS path). Returns its new
    position (1-based); at either end of the agenda nothing changes."""
    if direction not in ("up", "down"):
        raise ValueError(f"direction must be 'up' or 'down', not {direction!r}")
    workshop = _lock_workshop(item.workshop)
    ids = list(workshop.agenda_items.order_by("position").values_list("pk", flat=True))
    if item.pk not in ids:
        raise AgendaItem.DoesNotExist("deleted by someone else meanwhile")
    index = ids.index(item.pk)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(ids):
        return index + 1
    ids[index], ids[target] = ids[target], ids[index]
    _renumber(workshop, ids)
    return target + 1


@transaction.atomic
def duplicate_workshop(
    *, workshop: Workshop, user, title: str | None = None, date: dt.date | None = None
) -> Workshop:
    """Start the next workshop from this one: same details and agenda, new date, joining closed,
    no participants. The user becomes organiser of the copy."""
    copy = Workshop(
        **{name: getattr(workshop, name) for name in WORKSHOP_FIELDS},
    )
    copy.title = title or _("%(title)s (Kopie)") % {"title": workshop.title}
    copy.title = copy.title[:200]
    copy.date = date or workshop.date
    copy.status = Workshop.Status.DRAFT
    copy.slug = unique_slug(copy.title, copy.date)
    copy.join_code = _unique_join_code()
    copy.full_clean()
    copy.save()
    AgendaItem.objects.bulk_create(
        AgendaItem(workshop=copy, position=item.position, **{k: getattr(item, k) for k in ITEM_FIELDS})
        for item in workshop.agenda_items.order_by("position")
    )
    Membership.objects.create(workshop=copy, user=user, role=Role.ORGANISER)
    return copy


@transaction.atomic
def add_member(*, workshop: Workshop, username: str, role: str) -> Membership:
    user = get_user_model().objects.filter(username__iexact=username.strip()).first()
    if user is None:
        raise ValidationError(_("Es gibt kein Konto mit dem Benutzernamen „%(name)s“.") % {"name": username})
    if workshop.memberships.filter(user=user).exists():
        raise ValidationError(_("%(name)s gehört bereits zum Team.") % {"name": user.get_username()})
    try:
        with transaction.atomic():
            return Membership.objects.create(workshop=workshop, user=user, role=Role(role))
    except IntegrityError as exc:
        raise ValidationError(_("%(name)s gehört bereits zum Team.") % {"name": user.get_username()}) from exc


def _ensure_an_organiser_remains(leaving: Membership) -> None:
    """Refuse to let the last organiser go. The workshop lock serialises team changes, so two
    organisers demoting each other at once cannot both succeed."""
    workshop = _lock_workshop(leaving.workshop)
    leaving.refresh_from_db(fields=["role"])
    others = workshop.memberships.filter(role=Role.ORGANISER).exclude(pk=leaving.pk)
    if leaving.role == Role.ORGANISER and not others.exists():
        raise ValidationError(_("Ein Workshop braucht mindestens eine Person in der Rolle Veranstalter."))


@transaction.atomic
def change_role(*, membership: Membership, role: str) -> Membership:
    role = Role(role)
    if role != Role.ORGANISER:
        _ensure_an_organiser_remains(membership)
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def remove_member(*, membership: Membership) -> None:
    _ensure_an_organiser_remains(membership)
    membership.delete()


@transaction.atomic
def delete_workshop(*, workshop: Workshop, confirm_title: str) -> None:
    """Delete a workshop with everything in it (agenda, team, participants, answers, Fazit).
    The organiser types the title to confirm: this cannot be undone."""
    if confirm_title.strip() != workshop.title.strip():
        raise ValidationError(_("Der eingegebene Titel stimmt nicht überein. Es wurde nichts gelöscht."))
    _lock_workshop(workshop).delete()


@transaction.atomic
def set_current_item(*, workshop: Workshop, item: AgendaItem | None) -> Workshop:
    """Start an agenda item now (the live cockpit). ``None`` ends the live agenda."""
    if item is not None and item.workshop_id != workshop.pk:
        raise ValidationError(_("Dieser Tagesordnungspunkt gehört zu einem anderen Workshop."))
    workshop.current_item = item
    workshop.current_item_started_at = timezone.now() if item else None
    workshop.save(update_fields=["current_item", "current_item_started_at", "updated_at"])
    return workshop
