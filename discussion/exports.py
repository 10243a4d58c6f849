"""The summary in other forms: PDF, Markdown, CSV, and a JSON archive of the whole workshop.

Each export renders from the one ``Summary`` (discussion.summary) or, for the archive, from the
database. WeasyPrint is imported inside ``summary_pdf`` only, so the app starts without it.
"""

import csv
import datetime as dt
import html
import io
import json
import re

import defusedcsv.csv as safe_csv
from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from discussion.models import (
    Answer,
    Endorsement,
    Fazit,
    GuidingQuestion,
    Note,
    NoteVersion,
    Statement,
    Theme,
    Vote,
)
from discussion.summary import Summary
from participants.models import Participant
from participants.services import PERSONAL_FIELDS
from workshops.models import AgendaItem, Membership, Workshop
from workshops.services import ITEM_FIELDS, WORKSHOP_FIELDS

PDF_CONTENT_TYPE = "application/pdf"
MARKDOWN_CONTENT_TYPE = "text/markdown; charset=utf-8"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
JSON_CONTENT_TYPE = "application/json"
CSV_KINDS = ("teilnehmende", "antworten", "fazit")


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

# Only what would really turn into markup is escaped, so the text still reads well when pasted
# into an e-mail: inline markers and HTML anywhere, block markers at the start of the text.
_INLINE_MARKUP = re.compile(r"([\\`*_\[\]<>|~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_BLOCK_START = re.compile(r"^([#>+\-])|^(\d+)([.)])")


def md(text: str) -> str:
    """User text as literal Markdown: no markup, no links, no HTML survives."""
    text = _INLINE_MARKUP.sub(r"\\\1", " ".join(text.split()))
    text = _ENTITY.sub(r"\\&", text)
    return _BLOCK_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text)


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
    if summary.shows("questions") and summary.questions:
        lines += _markdown_questions(summary.questions)
    if summary.shows("notes") and summary.notes_by_item:
        lines += [f"## {_('Notizen zu den Tagesordnungspunkten')}", ""]
        for item, note_html in summary.notes_by_item.items():
            lines += [f"### {md(item.title)}", ""]
            lines += [*(md(line) for line in _note_lines(note_html)), ""]
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


def _markdown_questions(results) -> list[str]:
    """Like the summary page: visible answers by theme, dots in brackets once voting happened;
    never an author's name."""
    lines = [f"## {_('Leitfragen und Antworten')}", ""]
    for result in results:
        lines += [f"### {md(result.question.text)}", ""]
        if result.voted:
            lines += [_("In Klammern: Punkte aus der Punktabfrage."), ""]
        if not result.themes:
            lines += [_("Keine Antworten."), ""]
        for theme in result.themes:
            if theme.name or len(result.themes) > 1:
                lines += [f"#### {md(theme.name) if theme.name else _('Ohne Thema')}", ""]
            for answer in theme.answers:
                dots = f" ({answer.dots})" if result.voted else ""
                lines.append(f"- {md(answer.text)}{dots}")
            lines.append("")
    return lines


_NOTE_LINK = re.compile(r'<a [^>]*?href="([^"]*)"[^>]*>(.*?)</a>', re.DOTALL)
_NOTE_BREAK = re.compile(r"<br\s*/?>|</(?:p|li)>")


def _note_lines(note_html: str) -> list[str]:
    """The sanitised note HTML (paragraphs, lists, links) as plain lines: a link keeps its
    address in brackets, every other tag goes."""
    text = _NOTE_LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})", note_html)
    text = html.unescape(strip_tags(_NOTE_BREAK.sub("\n", text)))
    return [line.strip() for line in text.splitlines() if line.strip()]


# --- CSV ----------------------------------------------------------------------------------------


def summary_csv(summary: Summary, kind: str) -> str:
    """CSV through defusedcsv: a cell starting with =, +, - or @ cannot run as a formula.
    Semicolons and a BOM, as the participant export: Excel in German opens it in columns."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = safe_csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    if kind == "teilnehmende":
        writer.writerow([_("Teilnehmende"), _("Akteursgruppe"), _("Ebene")])
        for entry in summary.participants:
            writer.writerow([entry.label, entry.actor_group, entry.level])
    elif kind == "antworten":
        # Visible answers only (summary.questions leaves hidden ones out), no author names.
        writer.writerow([_("Leitfrage"), _("Thema"), _("Antwort"), _("Punkte")])
        for result in summary.questions:
            for theme in result.themes:
                for answer in theme.answers:
                    writer.writerow([result.question.text, theme.name, answer.text, answer.dots])
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
# Format "werkstatt-archive". Participants, agenda items, questions, themes and answers are
# numbered ("ref", or their index in the agenda list) so rows can point at each other without
# database ids. Version 2 added the discussion ("questions" with their themes, answers, votes;
# "notes" with their versions) and the statements' sources; version 1 archives still import
# (they simply lack those keys).

ARCHIVE_FORMAT = "werkstatt-archive"
ARCHIVE_VERSION = 2
READABLE_VERSIONS = (1, 2)
WORKSHOP_KEYS = (*WORKSHOP_FIELDS, "slug", "joining_open")
PARTICIPANT_KEYS = (*PERSONAL_FIELDS, "added_by_team")
QUESTION_KEYS = (
    "position",
    "text",
    "fields_of_work",
    "status",
    "visibility",
    "anonymous",
    "answers_per_participant",
    "dots_per_participant",
    "max_dots_per_answer",
    "voting_open",
    "results_revealed",
)
ANSWER_KEYS = ("card_author", "text", "hidden", "highlighted")


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
    items = list(workshop.agenda_items.order_by("position", "id"))
    item_refs = {item.pk: n for n, item in enumerate(items)}
    discussion = _discussion_archive(workshop, refs, item_refs)
    archive = {
        "format": ARCHIVE_FORMAT,
        "version": ARCHIVE_VERSION,
        "workshop": workshop_data,
        "agenda": [
            {"position": item.position, **{key: getattr(item, key) for key in ITEM_FIELDS}} for item in items
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
        **discussion["rows"],
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
                    "source_answer": discussion["answer_refs"].get(s.source_answer_id),
                    "source_theme": discussion["theme_refs"].get(s.source_theme_id),
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


def _discussion_archive(workshop: Workshop, refs: dict, item_refs: dict) -> dict:
    """Questions (each with its themes), answers, votes and notes (with versions), pointing at
    participants and agenda items by their refs."""
    questions = list(workshop.guiding_questions.order_by("position", "id"))
    question_refs = {q.pk: n for n, q in enumerate(questions, start=1)}
    themes = list(
        Theme.objects.filter(question__workshop=workshop).order_by(
            "question__position", "question_id", "name", "id"
        )
    )
    theme_refs = {t.pk: n for n, t in enumerate(themes, start=1)}
    answers = list(
        Answer.objects.filter(question__workshop=workshop).order_by(
            "question__position", "question_id", "created_at", "id"
        )
    )
    answer_refs = {a.pk: n for n, a in enumerate(answers, start=1)}
    votes = Vote.objects.filter(question__workshop=workshop).values_list("answer_id", "participant_id")
    notes = Note.objects.filter(agenda_item__workshop=workshop).prefetch_related(
        Prefetch("versions", queryset=NoteVersion.objects.select_related("saved_by").order_by("version"))
    )
    return {
        "answer_refs": answer_refs,
        "theme_refs": theme_refs,
        "rows": {
            "questions": [
                {
                    "ref": question_refs[q.pk],
                    "agenda_item": item_refs.get(q.agenda_item_id),
                    **{key: getattr(q, key) for key in QUESTION_KEYS},
                    "themes": [
                        {"ref": theme_refs[t.pk], "name": t.name} for t in themes if t.question_id == q.pk
                    ],
                }
                for q in questions
            ],
            "answers": [
                {
                    "ref": answer_refs[a.pk],
                    "question": question_refs[a.question_id],
                    "participant": refs.get(a.participant_id),
                    "theme": theme_refs.get(a.theme_id),
                    **{key: getattr(a, key) for key in ANSWER_KEYS},
                    "created_at": _iso(a.created_at),
                }
                for a in answers
            ],
            "votes": sorted(
                (
                    {"answer": answer_refs[answer], "participant": refs[participant]}
                    for answer, participant in votes
                ),
                key=lambda v: (v["answer"], v["participant"]),
            ),
            "notes": sorted(
                (
                    {
                        "agenda_item": item_refs[note.agenda_item_id],
                        "text": note.text,
                        "version": note.version,
                        "versions": [
                            {
                                "version": v.version,
                                "text": v.text,
                                "saved_at": _iso(v.saved_at),
                                "saved_by": v.saved_by.get_username() if v.saved_by else None,
                            }
                            for v in note.versions.all()
                        ],
                    }
                    for note in notes
                ),
                key=lambda n: n["agenda_item"],
            ),
        },
    }


def archive_json(workshop: Workshop) -> str:
    return json.dumps(build_archive(workshop), ensure_ascii=False, indent=2, cls=DjangoJSONEncoder)


class ArchiveError(ValueError):
    pass


@transaction.atomic
def import_archive(*, data: dict) -> tuple[Workshop, list[str]]:
    """Create the workshop from an archive. Returns it and the usernames of team members that do
    not exist here (they are left out). Refuses an unknown format or an existing slug; on any
    error nothing is saved."""
    if data.get("format") != ARCHIVE_FORMAT or data.get("version") not in READABLE_VERSIONS:
        raise ArchiveError(
            _("Das ist kein Werkstatt-Archiv im Format Version %(v)s.")
            % {"v": " / ".join(str(v) for v in READABLE_VERSIONS)}
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
    items = AgendaItem.objects.bulk_create(items)

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

    answers, themes = _import_discussion(data, workshop, items, by_ref, users)

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
                fazit=fazit,
                **{key: row[key] for key in ("part", "position", "text", "responsible", "due")},
                source_answer=answers.get(row.get("source_answer")),
                source_theme=themes.get(row.get("source_theme")),
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


def _import_discussion(
    data: dict, workshop: Workshop, items: list, by_ref: dict, users: dict
) -> tuple[dict, dict]:
    """Questions, themes, answers, votes and notes of a version 2 archive (a version 1 archive
    has none). Returns the answers and themes by ref, for the statements' sources."""
    questions, themes, answers = {}, {}, {}
    for row in data.get("questions", []):
        question = GuidingQuestion(workshop=workshop, **{key: row[key] for key in QUESTION_KEYS})
        if row["agenda_item"] is not None:
            question.agenda_item = items[row["agenda_item"]]
        question.full_clean(exclude=["workshop", "agenda_item"])
        question.save()
        questions[row["ref"]] = question
        for theme_row in row["themes"]:
            themes[theme_row["ref"]] = Theme.objects.create(question=question, name=theme_row["name"])
    for row in data.get("answers", []):
        answer = Answer(
            question=questions[row["question"]],
            participant=by_ref.get(row["participant"]),
            theme=themes.get(row["theme"]),
            **{key: row[key] for key in ANSWER_KEYS},
        )
        answer.full_clean(exclude=["question", "participant", "theme"])
        answers[row["ref"]] = answer
    Answer.objects.bulk_create(answers.values())
    # created_at is set on creation; the archive's time keeps the order of the cards.
    for row in data.get("answers", []):
        answers[row["ref"]].created_at = _parse_dt(row["created_at"])
    Answer.objects.bulk_update(answers.values(), ["created_at"])
    Vote.objects.bulk_create(
        Vote(
            question=answers[row["answer"]].question,
            answer=answers[row["answer"]],
            participant=by_ref[row["participant"]],
        )
        for row in data.get("votes", [])
    )
    for row in data.get("notes", []):
        note = Note.objects.create(
            agenda_item=items[row["agenda_item"]], text=row["text"], version=row["version"]
        )
        versions = NoteVersion.objects.bulk_create(
            NoteVersion(
                note=note, version=v["version"], text=v["text"], saved_by=users.get(v["saved_by"] or "")
            )
            for v in row["versions"]
        )
        for version, v in zip(versions, row["versions"], strict=True):
            version.saved_at = _parse_dt(v["saved_at"])
        NoteVersion.objects.bulk_update(versions, ["saved_at"])
    return answers, themes
