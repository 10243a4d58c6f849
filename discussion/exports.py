"""The summary in other forms: PDF, Markdown, CSV, and a JSON archive of the whole workshop.

Each export renders from the one ``Summary`` (discussion.summary) or, for the archive, from the
database. WeasyPrint is imported inside ``summary_pdf`` only, so the app starts without it.
"""

import csv
import datetime as dt
import io
import json
import re

import defusedcsv.csv as safe_csv
from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from discussion.models import Endorsement, Fazit, Statement
from discussion.summary import Summary
from participants.models import Participant
from workshops.models import AgendaItem, Membership, Workshop
from workshops.services import ITEM_FIELDS, WORKSHOP_FIELDS

PDF_CONTENT_TYPE = "application/pdf"
MARKDOWN_CONTENT_TYPE = "text/markdown; charset=utf-8"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
JSON_CONTENT_TYPE = "application/json"
CSV_KINDS = ("teilnehmende", "fazit")


def filename(summary: Summary, extension: str, kind: str = "zusammenfassung") -> str:
    """``<slug>-<date>-<kind>.<ext>``: the slug is ASCII already, safe in any header."""
    workshop = summary.workshop
    return f"{workshop.slug}-{workshop.date.isoformat()}-{kind}.{extension}"


def summary_html(summary: Summary, *, for_pdf: bool, request=None, extra: dict | None = None) -> str:
    """The one summary template: as a page of the app (``extra`` holds the page's controls) or,
    with the print stylesheet, as the document WeasyPrint turns into the PDF."""
    context = {
        "summary": summary,
        "workshop": summary.workshop,
        "for_pdf": for_pdf,
        "base_template": "discussion/summary_pdf.html" if for_pdf else "base.html",
        **(extra or {}),
    }
    return render_to_string("discussion/summary.html", context, request=request)


def summary_pdf(summary: Summary, *, fetcher=None) -> bytes:
    from discussion.pdf import html_to_pdf  # WeasyPrint is heavy: load it only when needed

    return html_to_pdf(summary_html(summary, for_pdf=True), fetcher=fetcher)


# --- Markdown ---------------------------------------------------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def md(text: str) -> str:
    """User text as literal Markdown: no markup, no links, no HTML survives."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def summary_markdown(summary: Summary) -> str:
    workshop = summary.workshop
    lines = [f"# {md(workshop.title)}", ""]
    if workshop.subtitle:
        lines += [md(workshop.subtitle), ""]
    if summary.shows("cover"):
        facts = [
            (_("Datum"), workshop.date.strftime("%d.%m.%Y")),
            (_("Zeit"), f"{workshop.start_time:%H:%M}–{workshop.planned_end_time:%H:%M}"),
            (_("Region"), workshop.region),
            (_("Ort"), workshop.venue),
            (_("Veranstalter"), workshop.organiser_name),
            (_("Moderation"), ", ".join(summary.facilitators)),
            (_("Protokoll"), ", ".join(summary.note_takers)),
            (_("Teilnehmende"), str(summary.participant_count)),
        ]
        lines += [f"- **{label}:** {md(value)}" for label, value in facts if value] + [""]
    if summary.shows("agenda") and summary.schedule.rows:
        lines += [f"## {_('Tagesordnung')}", ""]
        lines += [
            f"- {row.starts_at:%H:%M}–{row.ends_at:%H:%M} {md(row.item.title)}"
            for row in summary.schedule.rows
        ] + [""]
    if summary.shows("attendance") and summary.attendance.rows:
        lines += [f"## {_('Wer war da')}", ""]
        lines += [f"- {md(row.label)}: {row.total}" for row in summary.attendance.rows] + [""]
    if summary.shows("participants") and summary.participants:
        lines += [f"## {_('Teilnehmende')}", ""]
        lines += [f"- {md(entry.label)}" for entry in summary.participants] + [""]
    if summary.shows("fazit"):
        lines += [f"## {_('Gemeinsames Fazit')}", ""]
        if summary.fazit and summary.fazit.introduction:
            lines += [md(summary.fazit.introduction), ""]
        for part in summary.fazit_parts:
            if not part.statements:
                continue
            lines += [f"### {part.label}", ""]
            for n, statement in enumerate(part.statements, start=1):
                extra = [v for v in (statement.responsible, statement.due) if v]
                suffix = f" ({md(' · '.join(extra))})" if extra else ""
                lines.append(f"{n}. {md(statement.text)}{suffix}")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


# --- CSV ----------------------------------------------------------------------------------------


def summary_csv(summary: Summary, kind: str) -> str:
    """CSV through defusedcsv: a cell starting with =, +, - or @ cannot run as a formula."""
    buffer = io.StringIO()
    writer = safe_csv.writer(buffer, quoting=csv.QUOTE_MINIMAL)
    if kind == "teilnehmende":
        writer.writerow([_("Teilnehmende"), _("Akteursgruppe"), _("Ebene")])
        for entry in summary.participants:
            writer.writerow([entry.label, entry.actor_group, entry.level])
    elif kind == "fazit":
        writer.writerow(
            [_("Teil"), _("Nr."), _("Aussage"), _("Wer"), _("Bis wann"), _("Trage ich mit"), _("Einwand")]
        )
        for part in summary.fazit_parts:
            for n, s in enumerate(part.statements, start=1):
                writer.writerow(
                    [part.label, n, s.text, s.responsible, s.due, s.support_count, s.objection_count]
                )
    else:
        raise ValueError(kind)
    return buffer.getvalue()


# --- JSON archive -------------------------------------------------------------------------------
# Format "werkstatt-archive", version 1. Participants are numbered ("ref") so endorsements (and,
# once the discussion lands, answers and votes) can point at them without database ids. The
# discussion integration raises the version when it adds "questions", "themes", "answers", "votes"
# and "notes"; its importer should still read version 1 archives (they simply lack those keys).

ARCHIVE_FORMAT = "werkstatt-archive"
ARCHIVE_VERSION = 1
WORKSHOP_KEYS = (*WORKSHOP_FIELDS, "slug", "joining_open")
PARTICIPANT_KEYS = (
    "display_name",
    "organisation",
    "function",
    "actor_group",
    "level",
    "place",
    "fields_of_work",
    "introduction",
    "consent_to_be_named",
    "added_by_team",
)


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _parse_dt(value):
    return dt.datetime.fromisoformat(value) if value else None


def build_archive(workshop: Workshop) -> dict:
    participants = list(Participant.objects.filter(workshop=workshop).order_by("joined_at", "id"))
    refs = {p.pk: n for n, p in enumerate(participants, start=1)}
    fazit = Fazit.objects.filter(workshop=workshop).select_related("finalised_by").first()
    workshop_data = {key: getattr(workshop, key) for key in WORKSHOP_KEYS}
    for key in ("date", "start_time", "planned_end_time"):
        workshop_data[key] = workshop_data[key].isoformat()
    archive = {
        "format": ARCHIVE_FORMAT,
        "version": ARCHIVE_VERSION,
        "workshop": workshop_data,
        "agenda": [
            {"position": item.position, **{key: getattr(item, key) for key in ITEM_FIELDS}}
            for item in workshop.agenda_items.order_by("position")
        ],
        "team": [
            {"username": m.user.get_username(), "role": m.role}
            for m in workshop.memberships.select_related("user").order_by("user__username")
        ],
        "participants": [
            {
                "ref": refs[p.pk],
                **{key: getattr(p, key) for key in PARTICIPANT_KEYS},
                "joined_at": _iso(p.joined_at),
                "erased_at": _iso(p.erased_at),
            }
            for p in participants
        ],
        "fazit": None,
    }
    if fazit is not None:
        statements = fazit.statements.order_by("part", "position").prefetch_related("endorsements")
        archive["fazit"] = {
            "introduction": fazit.introduction,
            "state": fazit.state,
            "finalised_at": _iso(fazit.finalised_at),
            "finalised_by": fazit.finalised_by.get_username() if fazit.finalised_by else None,
            "summary_sections": fazit.summary_sections,
            "statements": [
                {
                    "part": s.part,
                    "position": s.position,
                    "text": s.text,
                    "responsible": s.responsible,
                    "due": s.due,
                    "endorsements": sorted(
                        (
                            {"participant": refs[e.participant_id], "stance": e.stance, "comment": e.comment}
                            for e in s.endorsements.all()
                        ),
                        key=lambda e: e["participant"],
                    ),
                }
                for s in statements
            ],
        }
    return archive


def archive_json(workshop: Workshop) -> str:
    return json.dumps(build_archive(workshop), ensure_ascii=False, indent=2, cls=DjangoJSONEncoder)


class ArchiveError(ValueError):
    pass


@transaction.atomic
def import_archive(*, data: dict) -> tuple[Workshop, list[str]]:
    """Create the workshop from an archive. Returns it and the usernames of team members that do
    not exist here (they are left out). Refuses an unknown format or an existing slug; on any
    error nothing is saved."""
    if data.get("format") != ARCHIVE_FORMAT or data.get("version") != ARCHIVE_VERSION:
        raise ArchiveError(
            _("Das ist kein Werkstatt-Archiv im Format Version %(v)s.") % {"v": ARCHIVE_VERSION}
        )
    fields = dict(data["workshop"])
    if Workshop.objects.filter(slug=fields["slug"]).exists():
        raise ArchiveError(_("Es gibt schon einen Workshop mit dem Kurznamen „%(slug)s“.") % fields)
    workshop = Workshop(**{key: fields[key] for key in WORKSHOP_KEYS})
    workshop.date = dt.date.fromisoformat(fields["date"])
    workshop.start_time = dt.time.fromisoformat(fields["start_time"])
    workshop.planned_end_time = dt.time.fromisoformat(fields["planned_end_time"])
    workshop.full_clean()
    workshop.save()

    items = [AgendaItem(workshop=workshop, **item) for item in data["agenda"]]
    for item in items:
        item.full_clean(exclude=["workshop"], validate_constraints=False)
    AgendaItem.objects.bulk_create(items)

    users = {
        u.get_username(): u
        for u in get_user_model().objects.filter(username__in=[m["username"] for m in data["team"]])
    }
    missing = [m["username"] for m in data["team"] if m["username"] not in users]
    Membership.objects.bulk_create(
        Membership(workshop=workshop, user=users[m["username"]], role=m["role"])
        for m in data["team"]
        if m["username"] in users
    )

    by_ref = {}
    for row in data["participants"]:
        participant = Participant(workshop=workshop, **{key: row[key] for key in PARTICIPANT_KEYS})
        participant.erased_at = _parse_dt(row["erased_at"])
        participant.set_new_resume_token()  # old resume links are not carried over
        participant.full_clean(exclude=["workshop"])
        participant.save()
        participant.joined_at = _parse_dt(row["joined_at"])
        by_ref[row["ref"]] = participant
    Participant.objects.bulk_update(by_ref.values(), ["joined_at"])

    if data.get("fazit"):
        source = data["fazit"]
        fazit = Fazit.objects.create(
            workshop=workshop,
            introduction=source["introduction"],
            state=source["state"],
            finalised_at=_parse_dt(source["finalised_at"]),
            finalised_by=users.get(source["finalised_by"] or ""),
            summary_sections=source["summary_sections"],
        )
        for row in source["statements"]:
            statement = Statement(
                fazit=fazit, **{key: row[key] for key in ("part", "position", "text", "responsible", "due")}
            )
            statement.full_clean()
            statement.save()
            Endorsement.objects.bulk_create(
                Endorsement(
                    statement=statement,
                    participant=by_ref[e["participant"]],
                    stance=e["stance"],
                    comment=e["comment"],
                )
                for e in row["endorsements"]
            )
    return workshop, missing
