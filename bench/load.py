"""Load benchmark of the live discussion: the app under gunicorn, simulated participants over HTTP.

    .venv/bin/python bench/load.py                       # SQLite, fresh database file
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/x .venv/bin/python bench/load.py --participants 1000

It starts gunicorn on 127.0.0.1 with a fresh database (SQLite: a temporary file; PostgreSQL: a
database named ``werkstatt_bench`` on the server of DATABASE_URL, dropped and made anew), seeds a
workshop, and runs four phases, all bounded in time and talking only to loopback:

1. baseline: a trivial Django view (/healthz) hammered by --concurrency clients;
2. unchanged poll: the participants' live-wall poll when nothing changed (one query, 204);
3. answer posts: --posters clients posting answers as fast as they get responses;
4. live session: --participants people, each polling every 3 s, posting two answers and spending
   their dots (plus one too many, which must be refused) at random moments.

It prints throughput, p50/p95 latency and errors per phase, each as a ratio to the baseline,
answers and dots stored versus acknowledged, and the gunicorn workers' memory (RSS).
Not part of the test suite: its figures depend on the machine.
"""

import argparse
import http.client
import os
import queue
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
HTMX = {"HX-Request": "true"}
POLL_SECONDS = 3.0
POSTS_PER_PERSON_SPREAD = 20  # people seeded per concurrent poster (phase 3)


# Measuring ---------------------------------------------------------------------------------------


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    started: float = 0.0
    finished: float = 0.0
    # CPU seconds used during the phase by the load generator and by the gunicorn workers: a
    # generator near 100 % of a core would be measuring itself, not the server.
    client_cpu: float = 0.0
    server_cpu: float = 0.0
    received: int = 0  # response bytes
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, seconds: float, ok: bool, detail: str = "") -> None:
        with self.lock:
            self.latencies.append(seconds)
            if not ok:
                self.errors += 1
                if len(self.error_samples) < 5:
                    self.error_samples.append(detail)

    @property
    def count(self) -> int:
        return len(self.latencies)

    @property
    def throughput(self) -> float:
        return self.count / max(self.finished - self.started, 1e-9)

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000


class Client:
    """One keep-alive HTTP connection to the app (reconnects if the server closes it)."""

    def __init__(self, port: int):
        self.port = port
        self.connection = None

    def request(self, method: str, path: str, *, headers: dict, body: str | None = None) -> tuple[int, bytes]:
        for attempt in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                return response.status, response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.connection.close()
                self.connection = None
                if attempt:
                    raise
        raise AssertionError("unreachable")


def timed(stats: Stats, client: Client, method: str, path: str, *, headers: dict, body=None, expect=(200,)):
    start = time.perf_counter()
    try:
        status, content = client.request(method, path, headers=headers, body=body)
    except (OSError, http.client.HTTPException) as exc:
        stats.record(time.perf_counter() - start, False, repr(exc))
        client.connection = None
        return None, b""
    stats.record(time.perf_counter() - start, status in expect, f"{status} {path}")
    with stats.lock:
        stats.received += len(content)
    return status, content


def merge(total: Stats, part: Stats) -> None:
    """Add one slice of a phase to its total (durations add up, so throughput stays per second)."""
    total.latencies += part.latencies
    total.errors += part.errors
    total.error_samples += part.error_samples[: 5 - len(total.error_samples)]
    total.finished += part.finished - part.started
    total.client_cpu += part.client_cpu
    total.server_cpu += part.server_cpu
    total.received += part.received


def server_cpu_seconds(master_pid: int) -> float:
    """CPU seconds (user + system) the gunicorn workers have used so far."""
    total = 0
    for pid in Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split():
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


class cpu_meter:
    """Fills ``stats.client_cpu`` and ``stats.server_cpu`` for the block it wraps."""

    def __init__(self, stats: Stats, master_pid: int):
        self.stats, self.master_pid = stats, master_pid

    def __enter__(self):
        self.client, self.server = time.process_time(), server_cpu_seconds(self.master_pid)

    def __exit__(self, *exc):
        self.stats.client_cpu = time.process_time() - self.client
        self.stats.server_cpu = server_cpu_seconds(self.master_pid) - self.server


def hammer(port: int, concurrency: int, seconds: float, make_request, *, master_pid: int) -> Stats:
    """``concurrency`` clients send requests back to back for ``seconds``."""
    stats = Stats()
    deadline = time.monotonic() + seconds

    def run(index: int) -> None:
        client = Client(port)
        n = 0
        while time.monotonic() < deadline:
            make_request(stats, client, index, n)
            n += 1

    threads = [threading.Thread(target=run, args=(i,)) for i in range(concurrency)]
    with cpu_meter(stats, master_pid):
        stats.started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=seconds + 60)
        stats.finished = time.perf_counter()
    return stats


# The app under gunicorn --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fresh_database(env: dict) -> str:
    """Point ``env`` at an empty database and return a description of it."""
    url = env.get("DATABASE_URL", "")
    if not url:
        path = Path(tempfile.mkdtemp(prefix="werkstatt-bench-")) / "bench.sqlite3"
        env["SQLITE_PATH"] = str(path)
        return f"SQLite {path}"
    import dj_database_url
    import psycopg

    parts = dj_database_url.parse(url)
    admin = psycopg.connect(
        host=parts["HOST"],
        port=parts["PORT"] or 5432,
        user=parts["USER"],
        password=parts["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    with admin:
        admin.execute("DROP DATABASE IF EXISTS werkstatt_bench")
        admin.execute("CREATE DATABASE werkstatt_bench")
    env["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/werkstatt_bench"
    return f"PostgreSQL {env['DATABASE_URL']}"


def start_gunicorn(env: dict, port: int, workers: int, threads: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(threads),
            "--worker-connections",
            "2000",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            status, _ = Client(port).request("GET", "/healthz", headers={})
            if status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start within 30 s")


def worker_memory(master_pid: int) -> list[tuple[int, int, int]]:
    """(pid, RSS MB, peak RSS MB) of each gunicorn worker."""
    result = []
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        values = {
            line.split(":")[0]: line.split()[1] for line in status.splitlines() if line.startswith("Vm")
        }
        result.append((int(pid), int(values["VmRSS"]) // 1024, int(values["VmHWM"]) // 1024))
    return result


# The workshop ------------------------------------------------------------------------------------


@dataclass
class Seed:
    code: str
    question: int
    session_question: int
    vote_question: int
    vote_answers: list[int]
    budget: int
    cookies: list[str]


def seed(participants: int, posters: int) -> Seed:
    import datetime as dt

    from django.contrib.sessions.backends.signed_cookies import SessionStore

    from discussion import services
    from discussion.models import GuidingQuestion
    from participants.access import SESSION_KEY
    from participants.models import Participant
    from workshops.models import Workshop
    from workshops.vocabulary import ActorGroup

    workshop = Workshop.objects.create(
        title="Lasttest",
        slug="lasttest",
        date=dt.date.today(),
        start_time=dt.time(9),
        planned_end_time=dt.time(17),
    )
    people = []
    for n in range(max(participants, posters * POSTS_PER_PERSON_SPREAD)):
        person = Participant(workshop=workshop, display_name=f"Person {n}", actor_group=ActorGroup.OTHER)
        person.set_new_resume_token()
        people.append(person)
    people = Participant.objects.bulk_create(people)
    question = services.create_question(
        workshop=workshop, text="Was braucht die Region?", answers_per_participant=50
    )
    services.set_question_status(question=question, status=GuidingQuestion.Status.OPEN)
    # The live session gets its own question: phase 3 leaves hundreds of answers on the first.
    session_question = services.create_question(
        workshop=workshop, text="Welche Projekte zuerst?", answers_per_participant=50
    )
    services.set_question_status(question=session_question, status=GuidingQuestion.Status.OPEN)
    vote_question = services.create_question(
        workshop=workshop, text="Was ist am wichtigsten?", dots_per_participant=3, max_dots_per_answer=3
    )
    services.set_question_status(question=vote_question, status=GuidingQuestion.Status.OPEN)
    vote_answers = [
        services.add_card_answer(question=vote_question, text=f"Vorschlag {n}").pk for n in range(10)
    ]
    services.start_voting(question=vote_question)
    cookies = []
    for person in people:
        session = SessionStore()
        session[SESSION_KEY] = {str(workshop.pk): person.pk}
        session.save()
        csrf = secrets.token_hex(16)  # 32 characters: a valid CSRF secret, sent as cookie and header
        cookies.append(f"sessionid={session.session_key}; csrftoken={csrf}")
    return Seed(
        workshop.join_code, question.pk, session_question.pk, vote_question.pk, vote_answers, 3, cookies
    )


def post_headers(cookie: str) -> dict:
    csrf = cookie.rsplit("csrftoken=", 1)[1]
    return {
        **HTMX,
        "Cookie": cookie,
        "X-CSRFToken": csrf,
        "Content-Type": "application/x-www-form-urlencoded",
    }


def answer_acknowledged(stats: Stats, status: int, content: bytes) -> bool:
    """Saved answers come back as the new own answer; a refusal is the form with its error (also
    a 200 under htmx): count that as an error, with its message."""
    if status == 200 and b'class="own-answer"' in content:
        return True
    if status == 200:
        with stats.lock:
            stats.errors += 1
            if len(stats.error_samples) < 5:
                text = content.decode(errors="replace")
                start = text.find('class="error"')
                stats.error_samples.append(
                    f"refused: {text[start : start + 200] if start != -1 else text[:200]}"
                )
    return False


def current_revision(question_pk: int) -> int:
    from discussion.models import GuidingQuestion

    return GuidingQuestion.objects.values_list("revision", flat=True).get(pk=question_pk)


# The live session: many people on a few threads --------------------------------------------------


@dataclass(order=True)
class Due:
    at: float
    person: int = field(compare=False)
    action: str = field(compare=False)


def live_session(port: int, data: Seed, participants: int, seconds: float, pool: int) -> dict:
    """Each person polls every 3 s (starting at a random moment), posts two answers and spends
    budget + 1 dots at random moments. ``pool`` threads serve the due requests in time order."""
    poll_path = f"/j/{data.code}/fragen/{data.session_question}/wand/"
    answer_path = f"/j/{data.code}/fragen/{data.session_question}/antworten/"
    stats = {kind: Stats() for kind in ("poll", "answer", "vote")}
    lag = Stats()
    state = [{"rev": "", "count": "0"} for _ in range(participants)]
    acked = {"answer": 0, "vote": 0, "vote_refused": 0}
    acked_lock = threading.Lock()
    due: queue.PriorityQueue = queue.PriorityQueue()
    start = time.monotonic()
    end = start + seconds
    rng = random.Random(7)
    for person in range(participants):
        due.put(Due(start + rng.uniform(0, POLL_SECONDS), person, "poll"))
        for _ in range(2):
            due.put(Due(start + rng.uniform(0, seconds * 0.8), person, "answer"))
        for _ in range(data.budget + 1):
            due.put(Due(start + rng.uniform(0, seconds * 0.8), person, "vote"))

    def work() -> None:
        client = Client(port)
        local = random.Random()
        while True:
            try:
                task = due.get(timeout=0.5)
            except queue.Empty:
                if time.monotonic() >= end:
                    return
                continue
            now = time.monotonic()
            if task.at >= end:
                return
            if task.at > now:
                due.put(task)
                time.sleep(min(task.at - now, 0.05))
                continue
            lag.record(now - task.at, True)
            cookie = data.cookies[task.person]
            if task.action == "poll":
                mine = state[task.person]
                path = f"{poll_path}?{urlencode({'rev': mine['rev'], 'count': mine['count']})}"
                status, body = timed(
                    stats["poll"], client, "GET", path, headers={**HTMX, "Cookie": cookie}, expect=(200, 204)
                )
                if status == 200:
                    # The wall's own hx-get names the revision and count it shows.
                    text = body.decode()
                    marker = text.find("?rev=")
                    if marker != -1:
                        query = text[marker + 5 : text.find('"', marker)].replace("&amp;", "&")
                        rev, _, count = query.partition("&count=")
                        mine.update(rev=rev, count=count)
                # Like a phone: the next poll 3 s after this one left, never a burst to catch up.
                due.put(Due(max(task.at, now) + POLL_SECONDS, task.person, "poll"))
            elif task.action == "answer":
                body = urlencode({"text": f"Antwort von Person {task.person} ({local.random():.6f})"})
                status, content = timed(
                    stats["answer"], client, "POST", answer_path, headers=post_headers(cookie), body=body
                )
                if answer_acknowledged(stats["answer"], status, content):
                    with acked_lock:
                        acked["answer"] += 1
            else:
                answer = local.choice(data.vote_answers)
                path = f"/j/{data.code}/antworten/{answer}/punkt/"
                status, content = timed(
                    stats["vote"], client, "POST", path, headers=post_headers(cookie), body="action=add"
                )
                if status == 200:
                    refused = b"Sie haben alle Ihre Punkte vergeben." in content
                    with acked_lock:
                        acked["vote_refused" if refused else "vote"] += 1

    threads = [threading.Thread(target=work) for _ in range(pool)]
    for kind in stats.values():
        kind.started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    for kind in stats.values():
        kind.finished = time.perf_counter()
    return {"stats": stats, "lag": lag, "acked": acked}


# Report ------------------------------------------------------------------------------------------


def line(name: str, stats: Stats, baseline: Stats | None) -> str:
    text = (
        f"{name:<26} {stats.count:>7} req  {stats.throughput:>8.1f} req/s  "
        f"p50 {stats.percentile(50):>7.1f} ms  p95 {stats.percentile(95):>7.1f} ms  errors {stats.errors}"
    )
    if baseline is not None and baseline.count and stats.count:
        text += (
            f"   | × baseline: throughput {stats.throughput / baseline.throughput:.2f}, "
            f"p50 {stats.percentile(50) / baseline.percentile(50):.2f}, p95 {stats.percentile(95) / baseline.percentile(95):.2f}"
        )
    if stats.received and stats.count:
        text += f"\n{'':<28}received {stats.received / stats.count / 1024:.1f} KB per response"
    if stats.client_cpu or stats.server_cpu:
        elapsed = max(stats.finished - stats.started, 1e-9)
        text += (
            f"\n{'':<28}CPU: load generator {stats.client_cpu / elapsed:.0%} of a core, "
            f"gunicorn workers {stats.server_cpu / elapsed:.0%}"
        )
        if stats.count:
            text += f" ({stats.server_cpu / stats.count * 1000:.2f} ms server CPU per request)"
    if stats.error_samples:
        text += f"\n{'':<28}e.g. {stats.error_samples}"
    return text


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--participants", type=int, default=200, help="people in the live session (phase 4)")
    parser.add_argument("--posters", type=int, default=50, help="concurrent answer posters (phase 3)")
    parser.add_argument("--concurrency", type=int, default=50, help="concurrent clients in phases 1 and 2")
    parser.add_argument("--seconds", type=float, default=10, help="duration of phases 1-3")
    parser.add_argument("--session-seconds", type=float, default=60, help="duration of the live session")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--pool", type=int, default=64, help="client threads serving the live session")
    args = parser.parse_args()

    env = {**os.environ, "DEBUG": "0", "DJANGO_SETTINGS_MODULE": "config.settings", "LOG_LEVEL": "ERROR"}
    env.pop("WERKSTATT_PRODUCTION", None)
    database = fresh_database(env)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    import django

    django.setup()
    data = seed(args.participants, args.posters)
    port = free_port()
    server = start_gunicorn(env, port, args.workers, args.threads)
    print(
        f"Database: {database}; gunicorn: {args.workers} workers × {args.threads} threads on 127.0.0.1:{port}"
    )
    print(
        f"Load generator on the same machine ({os.cpu_count()} CPUs): its own CPU use lowers every figure.\n"
    )
    memory = []
    try:
        # Warm the wall once so the poll below is the unchanged case.
        revision = current_revision(data.question)
        poll = f"/j/{data.code}/fragen/{data.question}/wand/?rev={revision}&count=0"
        # The two alternate in short slices, the same clients over the same kind of connection, so
        # whatever else the machine does at the time weighs on both alike.
        baseline, unchanged = Stats(), Stats()
        slices = max(1, round(args.seconds / 2))
        for _ in range(slices):
            merge(
                baseline,
                hammer(
                    port,
                    args.concurrency,
                    args.seconds / slices,
                    lambda s, c, i, n: timed(s, c, "GET", "/healthz", headers={}),
                    master_pid=server.pid,
                ),
            )
            merge(
                unchanged,
                hammer(
                    port,
                    args.concurrency,
                    args.seconds / slices,
                    lambda s, c, i, n: timed(
                        s, c, "GET", poll, headers={**HTMX, "Cookie": data.cookies[i]}, expect=(204,)
                    ),
                    master_pid=server.pid,
                ),
            )
        memory.append(worker_memory(server.pid))
        print(f"Phases 1 and 2 alternate in {slices} slices each.")
        print(line(f"1 trivial view ×{args.concurrency}", baseline, None))
        print(line(f"2 unchanged poll ×{args.concurrency}", unchanged, baseline))

        acked_posts = [0] * args.posters
        answer_path = f"/j/{data.code}/fragen/{data.question}/antworten/"

        def post(stats, client, index, n):
            # Each poster rotates over all people. Posters do not all get the same speed (gunicorn
            # keeps each keep-alive connection on the worker that accepted it, and one worker may
            # hold few of them), so a fast poster must not run into the per-person limit (50).
            person = (args.posters * n + index) % len(data.cookies)
            body = urlencode({"text": f"Antwort {n} von Poster {index}"})
            status, content = timed(
                stats, client, "POST", answer_path, headers=post_headers(data.cookies[person]), body=body
            )
            if answer_acknowledged(stats, status, content):
                acked_posts[index] += 1

        from django.db.models import Count

        from discussion.models import Answer, Vote

        before = Answer.objects.filter(question_id=data.question).count()
        posts = hammer(port, args.posters, args.seconds, post, master_pid=server.pid)
        stored = Answer.objects.filter(question_id=data.question).count() - before
        memory.append(worker_memory(server.pid))
        print(line(f"3 answer post ×{args.posters}", posts, baseline))
        print(f"{'':<28}answers acknowledged {sum(acked_posts)}, stored {stored}")

        session_cpu = Stats()
        with cpu_meter(session_cpu, server.pid):
            session_cpu.started = time.perf_counter()
            session = live_session(port, data, args.participants, args.session_seconds, args.pool)
            session_cpu.finished = time.perf_counter()
        memory.append(worker_memory(server.pid))
        stored = Answer.objects.filter(question_id=data.session_question).count()
        votes = Vote.objects.filter(question_id=data.vote_question)
        over_budget = votes.values("participant").annotate(n=Count("id")).filter(n__gt=data.budget).count()
        print(
            f"\n4 live session: {args.participants} participants, poll every {POLL_SECONDS:.0f} s, "
            f"{args.session_seconds:.0f} s, {args.pool} client threads"
        )
        for kind in ("poll", "answer", "vote"):
            print(line(f"  {kind}", session["stats"][kind], baseline))
        elapsed = session_cpu.finished - session_cpu.started
        print(
            f"{'':<28}CPU: load generator {session_cpu.client_cpu / elapsed:.0%} of a core, "
            f"gunicorn workers {session_cpu.server_cpu / elapsed:.0%}"
        )
        print(f"{'':<28}answers acknowledged {session['acked']['answer']}, stored {stored}")
        print(
            f"{'':<28}dots acknowledged {session['acked']['vote']}, stored {votes.count()}, "
            f"refused over budget {session['acked']['vote_refused']}, people over budget {over_budget}"
        )
        print(
            f"{'':<28}client schedule lag p95 {session['lag'].percentile(95):.0f} ms (how late requests left the load generator)"
        )
    finally:
        workers = memory[-1] if memory else []
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        if "SQLITE_PATH" in env:
            shutil.rmtree(Path(env["SQLITE_PATH"]).parent, ignore_errors=True)
    peak = max((hwm for sample in memory for _, _, hwm in sample), default=0)
    print(
        f"\nWorker memory: {', '.join(f'pid {pid}: {rss} MB' for pid, rss, _ in workers)}; peak RSS {peak} MB"
    )


if __name__ == "__main__":
    main()
