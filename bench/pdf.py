"""Benchmark the summary PDF: ``python bench/pdf.py``.

Builds a large workshop in a throwaway SQLite database (60 participants, 8 agenda items,
12 Fazit statements with endorsements, the discussion below), then, in a fresh process that only renders:
  - the summary PDF as the app makes it (gather + template + WeasyPrint with the print CSS,
    the shipped font and PDF/UA tagging),
  - WeasyPrint on the same HTML with a minimal stylesheet (no web font, no tagging),
and prints the median times, their ratio and the rendering process's peak RSS.
Targets: under 2 s, at most 1.5x the minimal render, under 300 MB.

It also has the discussion: 6 Leitfragen x 60 answers in 6 themes with 180 dots each, and a
note for each of the 8 agenda items, so the benchmark covers the whole summary.
"""

import io
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 7


def setup_django(db_path: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["SQLITE_PATH"] = db_path
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()


def build() -> str:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from discussion import fazit as services
    from discussion.models import Endorsement, Statement
    from tests.factories import add_member, make_item, make_participant, make_workshop
    from workshops.models import Role
    from workshops.vocabulary import ActorGroup, Level

    call_command("migrate", verbosity=0)
    organiser = get_user_model().objects.create_user("bench-orga", password="x")
    workshop = make_workshop(
        organiser=organiser,
        title="Regionalstrategie Daseinsvorsorge: Mobilität und Nahversorgung im ländlichen Raum",
        region="Uckermark-Barnim",
        venue="Kreisverwaltung Prenzlau, Großer Sitzungssaal",
        organiser_name="Regionale Planungsgemeinschaft Uckermark-Barnim",
    )
    add_member(workshop, role=Role.FACILITATOR)
    add_member(workshop, role=Role.NOTE_TAKER)
    for n in range(8):
        make_item(
            workshop,
            title=f"Tagesordnungspunkt {n + 1}: Erfahrungen aus den Modellregionen",
            presenters="Dr. Beispiel",
        )
    groups, levels = list(ActorGroup), list(Level)
    people = [
        make_participant(
            workshop,
            display_name=f"Teilnehmerin {n}",
            organisation=f"Gemeinde Beispielstadt {n}",
            function="Fachbereichsleitung Bauen und Ordnung",
            actor_group=groups[n % len(groups)],
            level=levels[n % len(levels)],
            consent_to_be_named=n % 3 != 0,
        )
        for n in range(60)
    ]
    fazit = services.fazit_for(workshop)
    services.update_introduction(fazit=fazit, introduction="Der Workshop hat gezeigt, " * 20)
    parts = (
        [Statement.Part.AGREED] * 4
        + [Statement.Part.OPEN] * 3
        + [Statement.Part.NEXT_STEP] * 3
        + [Statement.Part.ADDRESSEE] * 2
    )
    for n, part in enumerate(parts):
        statement = services.add_statement(
            fazit=fazit,
            part=part,
            text=f"Aussage {n + 1}: Die Kooperation der Gemeinden bei der Daseinsvorsorge wird verstetigt. "
            * 3,
            responsible="Landkreis und Ämter",
            due="bis Herbst 2031",
        )
        Endorsement.objects.bulk_create(
            Endorsement(statement=statement, participant=p, stance="support" if i % 5 else "objection")
            for i, p in enumerate(people)
        )
    # == discussion: 6 Leitfragen x 60 answers in themes with votes, notes for the 8 items ==
    from discussion.models import Answer, Note, Theme, Vote
    from tests.factories import make_question

    items = list(workshop.agenda_items.all())
    for q in range(6):
        question = make_question(
            workshop,
            text=f"Leitfrage {q + 1}: Welche Chancen bieten integrierte Planungsansätze für die Region?",
            agenda_item=items[q],
            dots_per_participant=3,
        )
        themes = [
            Theme.objects.create(question=question, name=f"Thema {t + 1}: Ressourcen bündeln")
            for t in range(6)
        ]
        answers = Answer.objects.bulk_create(
            Answer(
                question=question,
                participant=people[a],
                theme=themes[a % len(themes)],
                text=f"Antwort {a + 1}: Gemeinden teilen sich Fachpersonal und stimmen Fördermittel ab. " * 2,
            )
            for a in range(60)
        )
        Vote.objects.bulk_create(
            Vote(question=question, answer=answers[(p * 7 + d) % len(answers)], participant=people[p])
            for p in range(60)
            for d in range(3)
        )
    note = (
        "**Ergebnis:** Die Gemeinden wollen enger zusammenarbeiten, siehe "
        "[Konzept](https://example.org/konzept).\n\n"
        "- Fachpersonal gemeinsam vorhalten\n- Förderanträge abstimmen\n- Busnetz und Schulstandorte zusammen planen\n\n"
        + "Die Diskussion zeigte, dass die Verwaltungen Entlastung brauchen. "
        * 8
    )
    Note.objects.bulk_create(Note(agenda_item=item, text=note, version=1) for item in items)
    return workshop.slug


def render(slug: str) -> None:
    from pypdf import PdfReader
    from weasyprint import CSS, HTML

    from discussion import exports
    from discussion.pdf import StaticFilesOnlyFetcher
    from discussion.summary import gather_summary
    from workshops.models import Workshop

    workshop = Workshop.objects.get(slug=slug)

    def full() -> bytes:
        return exports.summary_pdf(gather_summary(workshop=workshop))

    html = exports.summary_html(gather_summary(workshop=workshop), for_pdf=True)
    start, end = html.index("<link"), html.index("</style>") + len("</style>")
    bare_html = html[:start] + html[end:]  # same text, no stylesheet, no web font
    minimal_css = CSS(
        string="@page { size: A4; margin: 20mm } body { font-family: sans-serif; font-size: 10pt }"
    )

    def minimal() -> bytes:
        return HTML(string=bare_html, url_fetcher=StaticFilesOnlyFetcher()).write_pdf(
            stylesheets=[minimal_css]
        )

    def timed(fn) -> tuple[float, float, bytes]:
        """Median wall time and least CPU time: the machine is shared, CPU time is the steadier figure."""
        fn()  # warm-up: imports, font loading, hyphenation dictionaries
        wall, cpu = [], []
        for _ in range(RUNS):
            w0, c0 = time.perf_counter(), time.process_time()
            pdf = fn()
            wall.append(time.perf_counter() - w0)
            cpu.append(time.process_time() - c0)
        return statistics.median(wall), min(cpu), pdf

    full_wall, full_cpu, pdf = timed(full)
    minimal_wall, minimal_cpu, minimal_pdf = timed(minimal)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"runs:          {RUNS} after one warm-up; wall = median, CPU = least")
    print(
        f"summary PDF:   wall {full_wall:.2f} s, CPU {full_cpu:.2f} s ({pages} pages, {len(pdf) // 1024} KiB)"
    )
    print(
        f"minimal CSS:   wall {minimal_wall:.2f} s, CPU {minimal_cpu:.2f} s ({len(minimal_pdf) // 1024} KiB)"
    )
    print(
        f"ratio:         wall {full_wall / minimal_wall:.2f}x, CPU {full_cpu / minimal_cpu:.2f}x (target <= 1.5x)"
    )
    print(f"peak RSS:      {peak_mb:.0f} MB of the rendering process (target < 300 MB)")
    print(f"under 2 s:     {'yes' if full_wall < 2 else 'NO'} (wall)")


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--render":
        setup_django(sys.argv[2])
        render(sys.argv[3])
        return
    with tempfile.TemporaryDirectory() as folder:
        db_path = str(Path(folder) / "bench.sqlite3")
        setup_django(db_path)
        slug = build()
        print(
            "Large workshop: 60 participants, 8 agenda items, 12 Fazit statements x 60 endorsements,"
            " 6 Leitfragen x 60 answers in themes with 180 dots each, 8 notes"
        )
        subprocess.run([sys.executable, __file__, "--render", db_path, slug], check=True)


if __name__ == "__main__":
    main()
